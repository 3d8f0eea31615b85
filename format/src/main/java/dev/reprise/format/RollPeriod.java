package dev.reprise.format;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

import java.time.Duration;

/** How often a journal starts a new file. Hourly suits sustained capture: files stay a few GiB at most. */
public enum RollPeriod {
    FIVE_MINUTES(Duration.ofMinutes(5), RollCycles.FIVE_MINUTELY),
    TEN_MINUTES(Duration.ofMinutes(10), RollCycles.TEN_MINUTELY),
    HALF_HOUR(Duration.ofMinutes(30), RollCycles.HALF_HOURLY),
    HOUR(Duration.ofHours(1), RollCycles.FAST_HOURLY),
    TWO_HOURS(Duration.ofHours(2), RollCycles.TWO_HOURLY),
    SIX_HOURS(Duration.ofHours(6), RollCycles.SIX_HOURLY),
    DAY(Duration.ofDays(1), RollCycles.FAST_DAILY);

    private final Duration length;
    private final RollCycle cycle;

    RollPeriod(Duration length, RollCycle cycle) {
        this.length = length;
        this.cycle = cycle;
    }

    public Duration length() {
        return length;
    }

    RollCycle chronicleCycle() {
        return cycle;
    }
}
