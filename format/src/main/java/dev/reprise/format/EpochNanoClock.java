package dev.reprise.format;

import java.time.Instant;

/**
 * Wall-clock time in epoch nanoseconds whose differences are exact: the epoch is read once and
 * then advanced by {@link System#nanoTime()}, so intervals inside one journal keep nanosecond
 * resolution even where the system clock only ticks in microseconds, and never run backwards.
 */
public final class EpochNanoClock {
    private static final EpochNanoClock SYSTEM = new EpochNanoClock();

    private final long epochNanosAtStart;
    private final long nanoTimeAtStart;

    private EpochNanoClock() {
        Instant now = Instant.now();
        this.nanoTimeAtStart = System.nanoTime();
        this.epochNanosAtStart = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    public static EpochNanoClock system() {
        return SYSTEM;
    }

    public long nowNanos() {
        return epochNanosAtStart + (System.nanoTime() - nanoTimeAtStart);
    }

    /** Converts a {@link System#nanoTime()} reading taken in this JVM to epoch nanoseconds. */
    public long toEpochNanos(long nanoTime) {
        return epochNanosAtStart + (nanoTime - nanoTimeAtStart);
    }
}
