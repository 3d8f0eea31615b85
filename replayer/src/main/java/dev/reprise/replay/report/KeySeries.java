package dev.reprise.replay.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One tenant's or endpoint's p99 (from intended send) over the run, for the HTML report's small
 * multiples: one point per {@code pointSeconds} from the run's start, each the largest per-second
 * p99 of its seconds; null where the key had no response.
 */
public record KeySeries(String key, double pointSeconds, List<Long> p99Micros) {
    public KeySeries {
        p99Micros = Collections.unmodifiableList(new ArrayList<>(p99Micros));
    }
}
