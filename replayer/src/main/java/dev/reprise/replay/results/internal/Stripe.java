package dev.reprise.replay.results.internal;

import dev.reprise.replay.results.StatusClass;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;
import org.HdrHistogram.ValueRecorder;

/**
 * One recording thread's share of the run-wide histograms, and its queue of per-key figures. Each
 * event loop writes only its own stripe, so recording takes no lock and touches no cache line
 * another writer touches; the ticking thread gathers every stripe's interval once a second and
 * drains the queues in between. Values are microseconds.
 */
public final class Stripe {
    static final int FROM_INTENDED = 0;
    static final int FROM_SEND = 1;
    static final int LAG = 2;
    static final int PRODUCTION = 3;
    private static final int CLASSES = 4;
    static final int METRICS = CLASSES + StatusClass.values().length;
    public static final int ANSWERED = KeyedQueue.ANSWERED;
    public static final int COMPARED = KeyedQueue.COMPARED;
    public static final int DIVERGENT = KeyedQueue.DIVERGENT;

    /** Per-key figures queued for the ticking thread: 32k exchanges, about 1 MB. */
    private static final int QUEUE_CAPACITY = 1 << 15;

    private final ValueRecorder[] recorders = new ValueRecorder[METRICS];
    /** Null for the shared stripe, whose writers record per-key figures under the keys' locks. */
    private final KeyedQueue queue;
    /** Owned by the ticking thread. */
    private final Histogram[] recycled = new Histogram[METRICS];

    /** @param singleWriter true when only one thread will ever record into this stripe */
    Stripe(boolean singleWriter) {
        for (int i = 0; i < METRICS; i++) {
            recorders[i] = singleWriter ? new SingleWriterRecorder(3) : new Recorder(3);
        }
        queue = singleWriter ? new KeyedQueue(QUEUE_CAPACITY) : null;
    }

    /**
     * Hands one exchange's per-key figures to the ticking thread, or, when this stripe has no room
     * (or is shared), records them at once under the keys' locks.
     *
     * @param flagBits {@link KeyedQueue#ANSWERED}, {@link KeyedQueue#COMPARED}, {@link KeyedQueue#DIVERGENT}
     */
    public void recordKeyed(KeyedStats endpoint, KeyedStats tenant, long fromIntendedMicros, long fromSendMicros,
                            long productionMicros, int flagBits) {
        if (queue == null || !queue.offer(endpoint, tenant, fromIntendedMicros, fromSendMicros, productionMicros, flagBits)) {
            KeyedQueue.apply(endpoint, tenant, fromIntendedMicros, fromSendMicros, productionMicros, flagBits);
        }
    }

    /** Ticking thread only. */
    void drain() {
        if (queue != null) {
            queue.drain();
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
