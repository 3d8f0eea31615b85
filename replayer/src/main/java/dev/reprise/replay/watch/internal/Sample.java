package dev.reprise.replay.watch.internal;

import java.util.Map;

/**
 * One reading of a watched target.
 *
 * @param elapsedNanos time since the watch started
 * @param requests     requests the target had answered by then, as the replay counts them
 * @param values       a value per series
 */
public record Sample(long elapsedNanos, long requests, Map<String, Double> values) {
    public Sample {
        values = Map.copyOf(values);
    }

    public double seconds() {
        return elapsedNanos / 1e9;
    }

    /** The series' value, or NaN when this sample lacks it. */
    public double get(String series) {
        Double v = values.get(series);
        return v == null ? Double.NaN : v;
    }
}
