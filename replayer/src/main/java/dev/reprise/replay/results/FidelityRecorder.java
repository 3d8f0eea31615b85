package dev.reprise.replay.results;

import dev.reprise.replay.report.ErrorKind;
import dev.reprise.format.ResponseEvent;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.report.ReplayReport.Concurrency;
import dev.reprise.replay.report.ReplayReport.ConnectionOrder;
import dev.reprise.replay.report.ReplayReport.Fidelity;
import dev.reprise.replay.report.ReplayReport.InterArrival;
import dev.reprise.replay.report.ReplayReport.Level;
import dev.reprise.replay.report.ReplayReport.Percentiles;
import dev.reprise.replay.report.ReplayReport.SendLagSplit;
import dev.reprise.replay.report.ReplayReport.TruncatedBodies;
import dev.reprise.replay.results.internal.KolmogorovSmirnov;
import dev.reprise.replay.report.HistogramCodec;
import dev.reprise.replay.results.internal.LevelOverTime;
import dev.reprise.replay.results.internal.LongMinHeap;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Measures how closely a replay followed its plan, for the report's fidelity section. It sees the
 * plan on its way to the scheduler ({@link #observe}: the captured side, exact and on the
 * capture's clock) and every exchange as the connections end it ({@link #onExchange}: what was
 * actually sent), and samples the live connection counts ({@link #startSampling}).
 *
 * <p>Memory is bounded: sent times wait in a heap only until no earlier one can still arrive
 * (a request's result comes at most the connect and request timeouts after it was sent), and
 * per-connection state is kept for the most recently active connections only.
 *
 * <p>The event loops record without sharing a lock or a written cache line: each thread has its
 * own stripe (its sent-times heap, its lag histogram, its counts), and a connection's state is
 * touched by the loop that carries it (by several only in pool mode, hence a lock per
 * connection). The sent times are merged across stripes in time order every
 * {@value #MERGE_EVERY} exchanges of a stripe and at the end, with the same reorder rule as one
 * heap would apply: a time is taken once the latest sent time of any stripe is a horizon past it.
 */
public final class FidelityRecorder implements ResultListener {
    /** How often the live connection counts are sampled. */
    private static final long SAMPLE_MILLIS = 10;
    /** Connections whose order and previous response are remembered; beyond it the least recent are forgotten. */
    private static final int MAX_TRACKED_CONNECTIONS = 100_000;

    private final Double speed;
    private final long reorderHorizonNanos;

    // captured side: touched by the plan's reading thread only
    private final Histogram capturedGaps = new Histogram(3);
    private final LevelOverTime capturedOpen = new LevelOverTime();
    private final LevelOverTime capturedInFlight = new LevelOverTime();
    private final LongMinHeap capturedEnds = new LongMinHeap();
    private final Map<ConnectionKey, long[]> outstanding = new HashMap<>();
    private long lastSendCapture = Long.MIN_VALUE;
    private long lastCapture = Long.MIN_VALUE;

    // sent side, merged: guarded by this
    private final Histogram sentGaps = new Histogram(3);
    private long lastSentTaken = Long.MIN_VALUE;
    /** Scratch for the merge, one per stripe. */
    private long[][] taken = new long[0][];
    private int[] takenCount = new int[0];

    // sent side, per recording thread
    private final List<Stripe> stripes = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Stripe> local = ThreadLocal.withInitial(this::newStripe);
    private final ConcurrentHashMap<ConnectionKey, ConnectionState> connections = new ConcurrentHashMap<>();
    private final Object evicting = new Object();

    /** Exchanges a stripe records between two merges of the sent times. */
    private static final int MERGE_EVERY = 4096;

    // sampled side
    private final LevelOverTime sentOpen = new LevelOverTime();
    private final LevelOverTime sentInFlight = new LevelOverTime();
    private volatile Thread sampler;

    /**
     * @param speed               the speed factor the plan was replayed at, or null under {@code --max-rate}
     * @param reorderHorizonNanos the longest a request's result can come after its send (connect plus request timeout)
     */
    public FidelityRecorder(Double speed, long reorderHorizonNanos) {
        this.speed = speed;
        this.reorderHorizonNanos = reorderHorizonNanos;
    }

    /** The plan, passing every event by this recorder on its way. */
    public PlanSource observe(PlanSource plan) {
        return new PlanSource() {
            @Override
            public PlanEvent next() {
                PlanEvent e = plan.next();
                if (e == null) {
                    endOfPlan();
                } else {
                    see(e);
                }
                return e;
            }

            @Override
            public void close() {
                plan.close();
            }
        };
    }

    void see(PlanEvent e) {
        long t = e.captureNanos();
        endInFlightUpTo(t);
        // Both levels are timed from the plan's first event, whichever of them changes first.
        capturedOpen.advance(t);
        capturedInFlight.advance(t);
        lastCapture = Math.max(lastCapture, t);
        if (e instanceof PlanEvent.Send) {
            if (lastSendCapture != Long.MIN_VALUE) {
                capturedGaps.recordValue(Math.max(0, scaledMicros(t - lastSendCapture)));
            }
            lastSendCapture = t;
            capturedInFlight.change(t, 1);
            outstanding.computeIfAbsent(e.connection(), k -> new long[1])[0]++;
        } else if (e instanceof PlanEvent.Recorded r) {
            long[] n = outstanding.get(e.connection());
            if (n != null && n[0] > 0) {
                n[0]--;
                ResponseEvent resp = r.response();
                capturedEnds.add(t + Math.max(0, resp.lastByteNanos() - resp.firstByteNanos()));
            }
        } else if (e instanceof PlanEvent.Open) {
            capturedOpen.change(t, 1);
        } else if (e instanceof PlanEvent.Close) {
            capturedOpen.change(t, -1);
            long[] n = outstanding.remove(e.connection());
            if (n != null && n[0] > 0) {
                // Requests production never answered end with their connection.
                capturedInFlight.change(t, -n[0]);
            }
        }
    }

    private void endInFlightUpTo(long t) {
        while (!capturedEnds.isEmpty() && capturedEnds.min() <= t) {
            capturedInFlight.change(capturedEnds.poll(), -1);
        }
    }

    private void endOfPlan() {
        endInFlightUpTo(Long.MAX_VALUE);
        if (lastCapture != Long.MIN_VALUE) {
            capturedOpen.advance(lastCapture);
            capturedInFlight.advance(lastCapture);
        }
    }

    /** A capture-time gap on the replay's clock, in whole microseconds, cut like the sent side's. */
    private long scaledMicros(long captureNanos) {
        double s = speed == null ? 1 : speed;
        return (long) (captureNanos / s / 1000);
    }

    @Override
    public void onResult(ExchangeResult result) {
        // Everything is measured in onExchange, before results wait to be joined with production's.
    }

    @Override
    public void onExchange(ConnectionKey connection, long sequence, ExchangeResult r) {
        ErrorKind error = r.error() == null ? ErrorKind.OTHER : r.error();
        if (error == ErrorKind.CONNECTION_REFUSED || error == ErrorKind.CONNECT_TIMEOUT) {
            return; // never sent
        }
        long sent = r.sentNanos();
        Stripe stripe = local.get();
        ConnectionState state = connections.get(connection);
        boolean created = false;
        if (state == null) {
            ConnectionState fresh = new ConnectionState(sequence, sent, r.completedNanos());
            state = connections.putIfAbsent(connection, fresh);
            if (state == null) {
                created = true;
                if (connections.size() > MAX_TRACKED_CONNECTIONS) {
                    forgetLeastRecent();
                }
            }
        }
        long own = sent - r.intendedNanos();
        boolean violation = false;
        boolean held = false;
        if (!created) {
            synchronized (state) {
                if (sequence > state.maxSeq ? sent < state.sentOfMax : sent > state.sentOfMax) {
                    violation = true;
                }
                if (sequence > state.maxSeq) {
                    state.maxSeq = sequence;
                    state.sentOfMax = sent;
                }
                // Due while the previous response was still coming, and sent once it ended: the target held it.
                long previousEnd = state.previousEnd;
                if (previousEnd > r.intendedNanos() && previousEnd <= sent) {
                    held = true;
                    own = sent - previousEnd;
                }
                state.previousEnd = Math.max(previousEnd, r.completedNanos());
                state.touched = sent;
            }
        }
        boolean merge;
        synchronized (stripe) {
            stripe.orderChecked++;
            if (created) {
                stripe.connectionsSeen++;
            }
            if (violation) {
                stripe.orderViolations++;
            }
            if (held) {
                stripe.heldByTarget++;
            }
            stripe.sentTimes.add(sent);
            stripe.latestSent = Math.max(stripe.latestSent, sent);
            stripe.ownLag.recordValue(Math.max(0, own / 1000));
            merge = ++stripe.sinceMerge >= MERGE_EVERY;
            if (merge) {
                stripe.sinceMerge = 0;
            }
        }
        if (merge) {
            synchronized (this) {
                mergeSentTimes(false);
            }
        }
    }

    /** Past the bound: forgets the tenth of the connections that sent least recently. */
    private void forgetLeastRecent() {
        synchronized (evicting) {
            int excess = connections.size() - MAX_TRACKED_CONNECTIONS;
            if (excess <= 0) {
                return;
            }
            long[] touched = new long[connections.size()];
            int n = 0;
            for (ConnectionState c : connections.values()) {
                if (n == touched.length) {
                    break;
                }
                synchronized (c) {
                    touched[n++] = c.touched;
                }
            }
            java.util.Arrays.sort(touched, 0, n);
            long cut = touched[Math.min(n - 1, Math.max(excess, MAX_TRACKED_CONNECTIONS / 10))];
            connections.values().removeIf(c -> {
                synchronized (c) {
                    return c.touched < cut;
                }
            });
        }
    }

    private Stripe newStripe() {
        Stripe s = new Stripe();
        stripes.add(s);
        return s;
    }

    /**
     * Takes from every stripe the sent times no earlier one can still follow (all of them when
     * {@code all}), and adds their gaps in time order. Holds this; takes each stripe's lock only to
     * empty its heap.
     */
    private void mergeSentTimes(boolean all) {
        List<Stripe> ss = stripes;
        int k = ss.size();
        if (taken.length < k) {
            taken = java.util.Arrays.copyOf(taken, k);
            takenCount = java.util.Arrays.copyOf(takenCount, k);
        }
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < k; i++) {
            Stripe s = ss.get(i);
            synchronized (s) {
                latest = Math.max(latest, s.latestSent);
            }
        }
        long limit = all ? Long.MAX_VALUE : latest - reorderHorizonNanos;
        for (int i = 0; i < k; i++) {
            Stripe s = ss.get(i);
            int n = 0;
            synchronized (s) {
                long[] out = taken[i];
                while (!s.sentTimes.isEmpty() && s.sentTimes.min() <= limit) {
                    if (out == null || n == out.length) {
                        out = out == null ? new long[Math.max(1024, MERGE_EVERY)] : java.util.Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = s.sentTimes.poll();
                }
                taken[i] = out;
            }
            takenCount[i] = n;
        }
        int[] at = new int[k];
        while (true) {
            int best = -1;
            for (int i = 0; i < k; i++) {
                if (at[i] < takenCount[i] && (best < 0 || taken[i][at[i]] < taken[best][at[best]])) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            long t = taken[best][at[best]++];
            if (lastSentTaken != Long.MIN_VALUE) {
                sentGaps.recordValue(Math.max(0, (t - lastSentTaken) / 1000));
            }
            lastSentTaken = Math.max(lastSentTaken, t);
        }
    }

    /** One recording thread's share of the sent side; guarded by itself. */
    private static final class Stripe {
        final LongMinHeap sentTimes = new LongMinHeap();
        final Histogram ownLag = new Histogram(3);
        long latestSent = Long.MIN_VALUE;
        long orderChecked;
        long orderViolations;
        long heldByTarget;
        long connectionsSeen;
        int sinceMerge;
    }

    /** What order checking remembers of a connection; guarded by itself. */
    private static final class ConnectionState {
        long maxSeq;
        long sentOfMax;
        long previousEnd;
        /** When it last sent, for forgetting the least recent connections. */
        long touched;

        ConnectionState(long maxSeq, long sentOfMax, long previousEnd) {
            this.maxSeq = maxSeq;
            this.sentOfMax = sentOfMax;
            this.previousEnd = previousEnd;
            this.touched = sentOfMax;
        }
    }

    /** Samples the live counts every 10 ms on a daemon thread until {@link #stopSampling()}. */
    public void startSampling(LongSupplier openConnections, LongSupplier inFlight) {
        startSampling(openConnections, inFlight, System.nanoTime());
    }

    /**
     * Like {@link #startSampling(LongSupplier, LongSupplier)}, from {@code fromNanoTime} on: a run
     * waiting for its {@code --start-at} would otherwise weigh its idle wait into the levels.
     */
    public void startSampling(LongSupplier openConnections, LongSupplier inFlight, long fromNanoTime) {
        Thread t = new Thread(() -> {
            long wait;
            while ((wait = fromNanoTime - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.min(wait, 50_000_000L));
                } catch (InterruptedException e) {
                    return;
                }
            }
            while (!Thread.currentThread().isInterrupted()) {
                long open = openConnections.getAsLong();
                long flying = inFlight.getAsLong();
                synchronized (this) {
                    sentOpen.sample(open);
                    sentInFlight.sample(flying);
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "reprise-fidelity-sampler");
        t.setDaemon(true);
        sampler = t;
        t.start();
    }

    public void stopSampling() {
        Thread t = sampler;
        if (t != null) {
            t.interrupt();
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The most connections open at once, counted exactly as they opened; samples can miss a short peak. */
    public synchronized void openConnectionsPeaked(long max) {
        sentOpen.reached(max);
    }

    /** What was measured; call once the run is over (and the plan was read). */
    public Fidelity measure(TruncatedBodies truncated) {
        stopSampling(); // first, and without the lock the sampler takes for each sample
        synchronized (this) {
            return measured(truncated);
        }
    }

    private Fidelity measured(TruncatedBodies truncated) {
        mergeSentTimes(true);
        long orderChecked = 0;
        long orderViolations = 0;
        long heldByTarget = 0;
        long connectionsSeen = 0;
        for (Stripe st : stripes) {
            synchronized (st) {
                orderChecked += st.orderChecked;
                orderViolations += st.orderViolations;
                heldByTarget += st.heldByTarget;
                connectionsSeen += st.connectionsSeen;
            }
        }
        Histogram ownLag = ownLag();
        Percentiles captured = Percentiles.of(capturedGaps);
        Percentiles sentP = Percentiles.of(sentGaps);
        Double ks = null;
        String note = null;
        if (speed == null) {
            note = "--max-rate has no schedule to compare with";
        } else if (captured.count() == 0 || sentP.count() == 0) {
            note = "fewer than two requests " + (captured.count() == 0 ? "planned" : "sent");
        } else {
            ks = KolmogorovSmirnov.distance(capturedGaps, sentGaps);
        }
        return new Fidelity(new InterArrival(captured, sentP, ks, note),
                concurrency(capturedOpen.toLevel(), sentOpen.toLevel()),
                concurrency(capturedInFlight.toLevel(), sentInFlight.toLevel()),
                new ConnectionOrder(connectionsSeen, orderChecked, orderViolations),
                new SendLagSplit(Percentiles.of(ownLag), heldByTarget,
                        orderChecked == 0 ? 0 : (double) heldByTarget / orderChecked),
                truncated);
    }

    /**
     * The histograms behind {@link #measure}'s percentiles, encoded for a shard's report; call after it.
     * Keys: {@code capturedGaps}, {@code sentGaps}, {@code replayerLag}.
     */
    public synchronized Map<String, String> histograms() {
        mergeSentTimes(true);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("capturedGaps", HistogramCodec.encode(capturedGaps));
        out.put("sentGaps", HistogramCodec.encode(sentGaps));
        out.put("replayerLag", HistogramCodec.encode(ownLag()));
        return out;
    }

    /** Every stripe's lag, added up. */
    private Histogram ownLag() {
        Histogram all = new Histogram(3);
        for (Stripe st : stripes) {
            synchronized (st) {
                all.add(st.ownLag);
            }
        }
        return all;
    }

    private static Concurrency concurrency(Level captured, Level sent) {
        return new Concurrency(captured, sent, captured.p99() == 0 ? null : (double) sent.p99() / captured.p99());
    }

    /** A listener passing results to {@code next} and exchanges both to it and to this recorder. */
    public ResultListener before(ResultListener next) {
        FidelityRecorder self = this;
        return new ResultListener() {
            @Override
            public void onResult(ExchangeResult result) {
                next.onResult(result);
            }

            @Override
            public void onExchange(ConnectionKey connection, long sequence, ExchangeResult result) {
                self.onExchange(connection, sequence, result);
                next.onExchange(connection, sequence, result);
            }
        };
    }
}
