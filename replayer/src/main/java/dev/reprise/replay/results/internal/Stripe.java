package dev.reprise.replay.results.internal;

import dev.reprise.replay.results.StatusClass;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;
import org.HdrHistogram.ValueRecorder;

/**
 * One recording thread's share of the run-wide histograms. Each event loop writes only its own
 * stripe, so recording touches no cache line another writer touches; the ticking thread gathers
 * every stripe's interval once a second. Values are microseconds.
 */
public final class Stripe {
    static final int FROM_INTENDED = 0;
    static final int FROM_SEND = 1;
    static final int LAG = 2;
    static final int PRODUCTION = 3;
    private static final int CLASSES = 4;
    static final int METRICS = CLASSES + StatusClass.values().length;

    private final ValueRecorder[] recorders = new ValueRecorder[METRICS];
    /** Owned by the ticking thread. */
    private final Histogram[] recycled = new Histogram[METRICS];

    /** @param singleWriter true when only one thread will ever record into this stripe */
    Stripe(boolean singleWriter) {
        for (int i = 0; i < METRICS; i++) {
            recorders[i] = singleWriter ? new SingleWriterRecorder(3) : new Recorder(3);
        }
    }

    static int metricOf(StatusClass statusClass) {
        return CLASSES + statusClass.ordinal();
    }

    void record(int metric, long micros) {
        recorders[metric].recordValue(micros);
    }

    /** The metric's values since the previous call; valid until the next. Ticking thread only. */
    Histogram interval(int metric) {
        ValueRecorder r = recorders[metric];
        Histogram h = r instanceof SingleWriterRecorder s
                ? s.getIntervalHistogram(recycled[metric])
                : ((Recorder) r).getIntervalHistogram(recycled[metric]);
        recycled[metric] = h;
        return h;
    }
}
