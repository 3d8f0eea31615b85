package dev.reprise.replay.watch.internal;

import dev.reprise.replay.report.ReplayReport.Drift;
import dev.reprise.replay.report.ResourceReport.SeriesDrift;
import dev.reprise.replay.report.internal.Trend;

import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * The latency timeline's drift test (Mann–Kendall for significance, Theil–Sen for size) applied to
 * a resource series sampled at a fixed interval: the points are sample slots rather than minutes,
 * and the slope is given per hour.
 */
final class SeriesTrend {
    private SeriesTrend() {
    }

    /**
     * @param slots          each point's slot: its time ÷ the slot's length, strictly increasing
     * @param slotSeconds    a slot's length
     * @param format         how the series' values read, e.g. bytes as MiB
     */
    static SeriesDrift of(String series, int[] slots, double[] values, double slotSeconds, Trend.Rule rule,
                          DoubleFunction<String> format) {
        Drift d = Trend.of(series, slots, values, rule);
        if (d.z() == null) {
            return new SeriesDrift(series, "not-enough-samples", false, false, values.length, null, null, null, null,
                    "not enough samples to judge a trend in " + series + " (" + values.length + " of " + Trend.MIN_MINUTES + " needed)");
        }
        double perHour = d.slopePerMinute() * 3600 / slotSeconds;
        boolean significant = d.z() >= Trend.Z_CRITICAL;
        String relative = d.relativeRise() == null ? "" : String.format(Locale.ROOT, " (%+.0f%%)", d.relativeRise() * 100);
        String z = String.format(Locale.ROOT, "z=%.1f", d.z());
        String summary = d.flagged()
                ? series + " rose by " + format.apply(d.riseOverRun()) + relative + " over " + values.length
                + " samples, " + format.apply(perHour) + " an hour (Mann–Kendall " + z + ")"
                : "no significant rise in " + series + " over " + values.length + " samples (changed by "
                + format.apply(d.riseOverRun()) + relative + ", " + z + ")";
        return new SeriesDrift(series, d.flagged() ? "rising" : "steady", d.flagged(), significant, values.length,
                perHour, d.riseOverRun(), d.relativeRise(), d.z(), summary);
    }

    /** Slots from sample times: the nearest slot, pushed forward where two samples would share one. */
    static int[] slots(double[] seconds, double slotSeconds) {
        int[] slots = new int[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            int s = (int) Math.round(seconds[i] / slotSeconds);
            slots[i] = i > 0 && s <= slots[i - 1] ? slots[i - 1] + 1 : s;
        }
        return slots;
    }
}
