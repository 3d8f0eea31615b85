package dev.reprise.replay.report;

import org.HdrHistogram.AbstractHistogram;

import java.util.ArrayList;
import java.util.List;

/**
 * Latency at a fixed ladder of percentiles, each halving the distance to 100% (HdrHistogram's
 * percentile-distribution view), in microseconds. A list is empty when its histogram was.
 *
 * @param percentiles the ladder, e.g. 50, 75, 87.5 … 99.999
 */
public record LatencyCurves(List<Double> percentiles, List<Long> fromIntended, List<Long> fromSend,
                            List<Long> sendLag, List<Long> production) {

    /** 0, 50, 75, 87.5, 93.75 … up to 99.999: the tail gets as many points as the body. */
    public static final List<Double> LADDER = ladder();

    public LatencyCurves {
        percentiles = List.copyOf(percentiles);
        fromIntended = List.copyOf(fromIntended);
        fromSend = List.copyOf(fromSend);
        sendLag = List.copyOf(sendLag);
        production = List.copyOf(production);
    }

    public static LatencyCurves of(AbstractHistogram fromIntended, AbstractHistogram fromSend,
                                   AbstractHistogram sendLag, AbstractHistogram production) {
        return new LatencyCurves(LADDER, at(fromIntended), at(fromSend), at(sendLag), at(production));
    }

    private static List<Long> at(AbstractHistogram h) {
        if (h.getTotalCount() == 0) {
            return List.of();
        }
        List<Long> values = new ArrayList<>(LADDER.size());
        for (double p : LADDER) {
            values.add(h.getValueAtPercentile(p));
        }
        return values;
    }

    private static List<Double> ladder() {
        List<Double> ps = new ArrayList<>();
        ps.add(0.0);
        for (double gap = 50; 100 - gap <= 99.999; gap /= 2) {
            ps.add(Math.round((100 - gap) * 1e6) / 1e6);
        }
        ps.add(99.999);
        return List.copyOf(ps);
    }
}
