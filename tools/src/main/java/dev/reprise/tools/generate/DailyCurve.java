package dev.reprise.tools.generate;

/**
 * The daily rhythm of a web shop, by UTC time of day: quiet from midnight to six, a late-morning
 * rise, the busiest hours in the afternoon and a smaller evening shoulder. Values are relative to
 * the day's mean, so a swing of 0 is flat and the mean rate over whole days is unchanged.
 */
final class DailyCurve {
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final int MINUTES_PER_DAY = 1440;

    private final double[] byMinute = new double[MINUTES_PER_DAY];
    private final double max;

    DailyCurve(double swing) {
        double[] shape = new double[MINUTES_PER_DAY];
        double sum = 0;
        for (int m = 0; m < MINUTES_PER_DAY; m++) {
            double h = m / 60.0;
            shape[m] = 0.08 + bump(h, 14.5, 3.0) + 0.6 * bump(h, 10.5, 1.8) + 0.35 * bump(h, 20.5, 1.6);
            sum += shape[m];
        }
        double mean = sum / MINUTES_PER_DAY;
        double top = 0;
        for (int m = 0; m < MINUTES_PER_DAY; m++) {
            byMinute[m] = (1 - swing) + swing * shape[m] / mean;
            top = Math.max(top, byMinute[m]);
        }
        this.max = top;
    }

    /** A Gaussian bump on the circle of a day, so the curve joins smoothly at midnight. */
    private static double bump(double hour, double centre, double width) {
        double d = Math.abs(hour - centre);
        d = Math.min(d, 24 - d);
        return Math.exp(-0.5 * (d / width) * (d / width));
    }

    /** The relative rate at an epoch-nanosecond time; 1 is the day's mean. */
    double at(long epochNanos) {
        return byMinute[(int) Math.floorMod(Math.floorDiv(epochNanos, MINUTE_NANOS), (long) MINUTES_PER_DAY)];
    }

    double max() {
        return max;
    }

    /** The curve's mean over [start, start + duration): 1 over whole days, otherwise what the partial day holds. */
    double meanOver(long startNanos, long durationNanos) {
        long minutes = durationNanos / MINUTE_NANOS;
        long wholeDays = minutes / MINUTES_PER_DAY;
        long rest = minutes - wholeDays * MINUTES_PER_DAY;
        double sum = wholeDays * (double) MINUTES_PER_DAY;
        for (long m = 0; m < rest; m++) {
            sum += at(startNanos + (wholeDays * MINUTES_PER_DAY + m) * MINUTE_NANOS);
        }
        double tailFraction = (durationNanos - minutes * MINUTE_NANOS) / (double) MINUTE_NANOS;
        sum += tailFraction * at(startNanos + minutes * MINUTE_NANOS);
        return sum / (minutes + tailFraction);
    }
}
