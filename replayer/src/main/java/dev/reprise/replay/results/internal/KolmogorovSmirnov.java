package dev.reprise.replay.results.internal;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.Iterator;

/**
 * The two-sample Kolmogorov–Smirnov distance between two histograms of the same precision: the
 * largest gap between their cumulative distributions, read at every recorded value. Values the
 * histograms cannot tell apart (within their precision) count as equal.
 */
public final class KolmogorovSmirnov {
    private KolmogorovSmirnov() {
    }

    /** Null when either histogram is empty. */
    public static Double distance(AbstractHistogram a, AbstractHistogram b) {
        double na = a.getTotalCount();
        double nb = b.getTotalCount();
        if (na == 0 || nb == 0) {
            return null;
        }
        Iterator<HistogramIterationValue> ia = a.recordedValues().iterator();
        Iterator<HistogramIterationValue> ib = b.recordedValues().iterator();
        HistogramIterationValue va = next(ia);
        HistogramIterationValue vb = next(ib);
        long ca = 0;
        long cb = 0;
        double d = 0;
        while (va != null || vb != null) {
            long xa = va == null ? Long.MAX_VALUE : a.highestEquivalentValue(va.getValueIteratedTo());
            long xb = vb == null ? Long.MAX_VALUE : b.highestEquivalentValue(vb.getValueIteratedTo());
            long x = Math.min(xa, xb);
            if (xa == x) {
                ca += va.getCountAtValueIteratedTo();
                va = next(ia);
            }
            if (xb == x) {
                cb += vb.getCountAtValueIteratedTo();
                vb = next(ib);
            }
            d = Math.max(d, Math.abs(ca / na - cb / nb));
        }
        return d;
    }

    private static HistogramIterationValue next(Iterator<HistogramIterationValue> it) {
        return it.hasNext() ? it.next() : null;
    }
}
