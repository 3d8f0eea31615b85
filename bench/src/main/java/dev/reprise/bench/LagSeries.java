package dev.reprise.bench;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.File;
import java.util.Locale;

/**
 * Reads a replay's send-lag log (`replay --lag-hlog FILE`) and prints, on the first line, the
 * whole run's "count p50 p99 max" in milliseconds, and on the second the maximum of every
 * second, in milliseconds, in order: where in the run the replayer was late.
 *
 * Usage: java -cp reprise-benchmarks.jar dev.reprise.bench.LagSeries FILE
 */
public final class LagSeries {
    private LagSeries() {
    }

    public static void main(String[] a) throws Exception {
        Histogram all = new Histogram(3);
        StringBuilder series = new StringBuilder();
        try (HistogramLogReader reader = new HistogramLogReader(new File(a[0]))) {
            for (EncodableHistogram e = reader.nextIntervalHistogram(); e != null; e = reader.nextIntervalHistogram()) {
                Histogram h = (Histogram) e;
                all.add(h);
                series.append(series.length() == 0 ? "" : " ")
                        .append(String.format(Locale.ROOT, "%.2f", h.getTotalCount() == 0 ? 0.0 : h.getMaxValue() / 1000.0));
            }
        }
        System.out.printf(Locale.ROOT, "%d %.3f %.3f %.3f%n", all.getTotalCount(), all.getValueAtPercentile(50) / 1000.0,
                all.getValueAtPercentile(99) / 1000.0, all.getMaxValue() / 1000.0);
        System.out.println(series);
    }
}
