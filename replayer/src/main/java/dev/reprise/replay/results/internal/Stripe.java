package dev.reprise.replay.results.internal;

import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.results.StatusClass;
import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One recording thread's share of the run's figures. The event loop that owns it only queues each
 * exchange's figures ({@link ResultQueue}: a few plain stores and one ordered store, no lock, no
 * atomic read-modify-write); the ticking thread drains the queue every 50 ms and at each tick into
 * this stripe's histograms, the run's per-second series and the keys' figures, and gathers the
 * histograms once a second. Recording a histogram value per metric on the loop cost a
 * writer-reader critical section each (two atomic increments), five or so per exchange. Values are
 * microseconds.
 */
public final class Stripe {
    static final int FROM_INTENDED = 0;
    static final int FROM_SEND = 1;
    static final int LAG = 2;
    static final int PRODUCTION = 3;
    private static final int CLASSES = 4;
    static final int METRICS = CLASSES + StatusClass.values().length;
    private static final int ERROR_CLASS = CLASSES + StatusClass.ERROR.ordinal();
    public static final int ANSWERED = ResultQueue.ANSWERED;
    public static final int COMPARED = ResultQueue.COMPARED;
    public static final int DIVERGENT = ResultQueue.DIVERGENT;
    public static final int LAGGED = ResultQueue.LAGGED;
    private static final ErrorKind[] ERRORS = ErrorKind.values();

    /** Exchanges waiting for the ticking thread: 32k, about 2 MB; at 50 ms a drain, 650,000 exchanges a second per loop. */
    private static final int QUEUE_CAPACITY = 1 << 15;

    /** Null for the shared stripe, whose writers record under its lock. */
    private final ResultQueue queue;
    private final IntervalSeries series;
    /** Exchanges recorded; written by the owner alone (ordered stores), or atomically for the shared stripe. */
    private final AtomicLong exchanges = new AtomicLong();
    // Below: under this stripe's lock (the ticking thread's drain, or a writer whose queue is full).
    private final Histogram[] histograms = new Histogram[METRICS];
    private long responseBytes;

    /** @param singleWriter true when only one thread will ever record into this stripe */
    Stripe(boolean singleWriter, IntervalSeries series) {
        this.series = series;
        for (int i = 0; i < METRICS; i++) {
            histograms[i] = new Histogram(3);
        }
        queue = singleWriter ? new ResultQueue(QUEUE_CAPACITY) : null;
    }

    /**
     * Records one exchange that ended: queued for the ticking thread, or, when the queue is full
     * (or this stripe is shared), at once under this stripe's lock.
     *
     * @param flags              {@link #ANSWERED}, {@link #COMPARED}, {@link #DIVERGENT}, {@link #LAGGED}
     * @param statusClass        the {@link StatusClass}'s ordinal
     * @param error              the {@link ErrorKind}'s ordinal, {@code NONE} when answered
     * @param fromIntendedMicros recorded in the status class whether answered or not
     * @param productionMicros   production's latency, negative when unknown
     * @param lagMicros          the send lag, when {@link #LAGGED}
     * @param sentNanos          when the first byte went out, negative when it never did
     */
    public void record(KeyedStats endpoint, KeyedStats tenant, int flags, int statusClass, int error,
                       long fromIntendedMicros, long fromSendMicros, long productionMicros, long lagMicros,
                       long intendedNanos, long sentNanos, long responseBytes) {
        if (queue != null) {
            exchanges.lazySet(exchanges.get() + 1);
            if (queue.offer(endpoint, tenant, flags, statusClass, error, fromIntendedMicros, fromSendMicros,
                    productionMicros, lagMicros, intendedNanos, sentNanos, responseBytes)) {
                return;
            }
        } else {
            exchanges.incrementAndGet();
        }
        synchronized (this) {
            apply(endpoint, tenant, flags, statusClass, error, fromIntendedMicros, fromSendMicros,
                    productionMicros, lagMicros, intendedNanos, sentNanos, responseBytes);
        }
    }

    /** Under this stripe's lock. */
    void apply(KeyedStats endpoint, KeyedStats tenant, int flags, int statusClass, int error,
               long fromIntendedMicros, long fromSendMicros, long productionMicros, long lagMicros,
               long intendedNanos, long sentNanos, long bytes) {
        boolean answered = (flags & ANSWERED) != 0;
        boolean compared = (flags & COMPARED) != 0;
        boolean divergent = (flags & DIVERGENT) != 0;
        if ((flags & LAGGED) != 0) {
            histograms[LAG].recordValue(lagMicros);
        }
        histograms[CLASSES + statusClass].recordValue(fromIntendedMicros);
        series.recordOutcome(intendedNanos, sentNanos, ERRORS[error]);
        if (answered) {
            // FROM_INTENDED is not recorded again: it is the answered classes' sum, added up per interval.
            histograms[FROM_SEND].recordValue(fromSendMicros);
            if (productionMicros >= 0) {
                histograms[PRODUCTION].recordValue(productionMicros);
            }
            responseBytes += Math.max(0, bytes);
            endpoint.recordResponse(fromIntendedMicros, fromSendMicros, productionMicros, compared, divergent);
            tenant.recordResponse(fromIntendedMicros, fromSendMicros, productionMicros, compared, divergent);
        } else {
            endpoint.recordError(compared, divergent);
            tenant.recordError(compared, divergent);
        }
    }

    /** Applies what the owner queued. Ticking thread. */
    synchronized void drain() {
        if (queue != null) {
            queue.drain(this);
        }
    }

    static int metricOf(StatusClass statusClass) {
        return CLASSES + statusClass.ordinal();
    }

    /** Drains, then adds each metric's values since the previous call to {@code into} and starts the next interval. Ticking thread. */
    synchronized void takeInterval(Histogram[] into) {
        drain();
        for (int m = 0; m < METRICS; m++) {
            if (m >= CLASSES && m != ERROR_CLASS) {
                into[FROM_INTENDED].add(histograms[m]);
            }
            into[m].add(histograms[m]);
            histograms[m].reset();
        }
    }

    /** Exchanges recorded so far, queued ones included. */
    long exchanges() {
        return exchanges.get();
    }

    /** Response bytes of the exchanges drained so far. */
    synchronized long responseBytes() {
        return responseBytes;
    }
}
