package dev.reprise.replay.report.internal;

import dev.reprise.replay.report.ReplayReport.Drift;

import java.util.Arrays;
import java.util.function.DoubleFunction;

/**
 * Whether a per-minute series rises across a run. Per-minute p99s are noisy and skewed, so the
 * test is rank-based: Mann–Kendall for significance (one-sided, 1%), Theil–Sen for the size of
 * the rise. A rise is flagged only when it is both significant and large enough to matter, and
 * never on fewer than {@link #MIN_MINUTES} minutes: short runs get "not enough minutes" instead of
 * a verdict drawn from noise.
 */
public final class Trend {
    public static final int MIN_MINUTES = 10;
    /** One-sided 1% critical value of the standard normal distribution. */
    public static final double Z_CRITICAL = 2.326;
    /** Longer series are averaged into this many bins first; both statistics are quadratic. */
    static final int MAX_POINTS = 720;

    /**
     * What counts as a rise that matters.
     *
     * @param minRelativeRise rise over the run ÷ the median level (0 to ignore)
     * @param minAbsoluteRise rise over the run, in the metric's unit
     */
    public record Rule(double minRelativeRise, double minAbsoluteRise, DoubleFunction<String> format) {
    }

    private Trend() {
    }

    /**
     * @param minutes each point's minute index from the run's start (strictly increasing)
     * @param values  the metric at each of those minutes
     */
    public static Drift of(String metric, int[] minutes, double[] values, Rule rule) {
        int n = values.length;
        if (n < MIN_MINUTES) {
            return new Drift(metric, "not-enough-minutes", false, n, MIN_MINUTES, null, null, null, null,
                    "not enough minutes to judge a trend in " + metric + " (" + n + " of " + MIN_MINUTES + " needed)");
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = minutes[i];
        }
        double[] y = values;
        if (n > MAX_POINTS) {
            double[][] binned = bin(x, y);
            x = binned[0];
            y = binned[1];
        }
        double z = mannKendallZ(y);
        double slope = theilSenSlope(x, y);
        double span = x[x.length - 1] - x[0];
        double rise = slope * span;
        double level = median(y.clone());
        Double relative = level == 0 ? null : rise / level;
        boolean large = rise >= rule.minAbsoluteRise()
                && (rule.minRelativeRise() <= 0 || relative == null || relative >= rule.minRelativeRise());
        boolean flagged = z >= Z_CRITICAL && large && rise > 0;
        String size = "by " + rule.format().apply(rise)
                + (relative == null ? "" : String.format(java.util.Locale.ROOT, " (%+.0f%%)", relative * 100));
        String summary = flagged
                ? metric + " rose " + size + " over " + n + " minutes (Mann–Kendall z="
                + String.format(java.util.Locale.ROOT, "%.1f", z) + "): it grows with uptime"
                : "no significant rise in " + metric + " over " + n + " minutes (changed " + size + ", z="
                + String.format(java.util.Locale.ROOT, "%.1f", z) + ")";
        return new Drift(metric, flagged ? "rising" : "steady", flagged, n, MIN_MINUTES, slope, rise, relative, z, summary);
    }

    static double mannKendallZ(double[] y) {
        int n = y.length;
        long s = 0;
        for (int i = 0; i < n - 1; i++) {
            for (int j = i + 1; j < n; j++) {
                s += Double.compare(y[j], y[i]) > 0 ? 1 : Double.compare(y[j], y[i]) < 0 ? -1 : 0;
            }
        }
        double variance = (double) n * (n - 1) * (2 * n + 5);
        double[] sorted = y.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && sorted[j] == sorted[i]) {
                j++;
            }
            long t = j - i;
            variance -= (double) t * (t - 1) * (2 * t + 5);
            i = j;
        }
        variance /= 18;
        if (variance <= 0 || s == 0) {
            return 0;
        }
        // Continuity correction: S moves in steps of 2.
        return (s > 0 ? s - 1 : s + 1) / Math.sqrt(variance);
    }

    static double theilSenSlope(double[] x, double[] y) {
        int n = y.length;
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n - 1; i++) {
            for (int j = i + 1; j < n; j++) {
                slopes[k++] = (y[j] - y[i]) / (x[j] - x[i]);
            }
        }
        return median(slopes);
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    private static double[][] bin(double[] x, double[] y) {
        int size = (x.length + MAX_POINTS - 1) / MAX_POINTS;
        int bins = (x.length + size - 1) / size;
        double[] bx = new double[bins];
        double[] by = new double[bins];
        for (int b = 0; b < bins; b++) {
            int from = b * size;
            int to = Math.min(x.length, from + size);
            double sx = 0;
            double sy = 0;
            for (int i = from; i < to; i++) {
                sx += x[i];
                sy += y[i];
            }
            bx[b] = sx / (to - from);
            by[b] = sy / (to - from);
        }
        return new double[][]{bx, by};
    }
}
