package dev.reprise.replay.schedule;

import dev.reprise.format.InvalidSettingsException;

/**
 * The absolute schedule: the event captured at {@code t} is due at
 * {@code start + (t - t0) / speed}, in {@link System#nanoTime()} time. Every due time is computed
 * from the start, never from the previous event, so lateness never accumulates into drift.
 *
 * @param captureOriginNanos t0, epoch nanoseconds on the capture's timeline
 * @param startNanoTime      the {@link System#nanoTime()} at which t0 is due
 */
public record ReplaySchedule(long captureOriginNanos, long startNanoTime, double speed) {
    public ReplaySchedule {
        if (!(speed > 0)) {
            throw new InvalidSettingsException("speed must be positive, got " + speed);
        }
    }

    public long dueNanos(long captureNanos) {
        long offset = captureNanos - captureOriginNanos;
        return startNanoTime + (speed == 1.0 ? offset : (long) (offset / speed));
    }
}
