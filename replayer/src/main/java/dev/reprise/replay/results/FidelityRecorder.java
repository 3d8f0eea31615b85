package dev.reprise.replay.results;

import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.plan.PlanConnection;
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

import java.util.LinkedHashMap;
import java.util.Map;
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
 * per-connection state is kept on the connection ({@link PlanConnection}), so it goes with it.
 */
public final class FidelityRecorder implements ResultListener {
    /** How often the live connection counts are sampled. */
    private static final long SAMPLE_MILLIS = 10;
    /** Per connection, captured side: its requests production has not answered yet in the plan. */
    private static final PlanConnection.Slot<long[]> OUTSTANDING = PlanConnection.Slot.named("fidelity: captured in flight");
    /** Per connection, sent side: the highest sequence ended, when it was sent, and the latest end of a response. */
    private static final PlanConnection.Slot<long[]> SENT_ORDER = PlanConnection.Slot.named("fidelity: sent order");

    private final Double speed;
    private final long reorderHorizonNanos;

    // captured side: touched by the plan's reading thread only
    private final Histogram capturedGaps = new Histogram(3);
    private final LevelOverTime capturedOpen = new LevelOverTime();
    private final LevelOverTime capturedInFlight = new LevelOverTime();
    private final LongMinHeap capturedEnds = new LongMinHeap();
    private long lastSendCapture = Long.MIN_VALUE;
    private long lastCapture = Long.MIN_VALUE;

    // sent side: guarded by this
    private final Histogram sentGaps = new Histogram(3);
    private final LongMinHeap sentTimes = new LongMinHeap();
    private long latestSent = Long.MIN_VALUE;
    private long lastSentTaken = Long.MIN_VALUE;
    private final Histogram ownLag = new Histogram(3);
    private long heldByTarget;
    private long orderChecked;
    private long orderViolations;
    private long connectionsSeen;

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
            PlanConnection c = e.planConnection();
            long[] n = c.get(OUTSTANDING, this);
            if (n == null) {
                n = new long[1];
                c.set(OUTSTANDING, this, n);
            }
            n[0]++;
        } else if (e instanceof PlanEvent.Recorded r) {
            long[] n = e.planConnection().get(OUTSTANDING, this);
            if (n != null && n[0] > 0) {
                n[0]--;
                capturedEnds.add(t + Math.max(0, r.durationNanos()));
            }
        } else if (e instanceof PlanEvent.Open) {
            capturedOpen.change(t, 1);
        } else if (e instanceof PlanEvent.Close) {
            capturedOpen.change(t, -1);
            PlanConnection c = e.planConnection();
            long[] n = c.get(OUTSTANDING, this);
            c.clear(OUTSTANDING, this);
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
    public synchronized void onExchange(PlanConnection connection, long sequence, ExchangeResult r) {
        ErrorKind error = r.error() == null ? ErrorKind.OTHER : r.error();
        if (error == ErrorKind.CONNECTION_REFUSED || error == ErrorKind.CONNECT_TIMEOUT) {
            return; // never sent
        }
        long sent = r.sentNanos();
        orderChecked++;
        sentTimes.add(sent);
        latestSent = Math.max(latestSent, sent);
        takeSentTimesUpTo(latestSent - reorderHorizonNanos);

        long[] state = connection.get(SENT_ORDER, this);
        long own = sent - r.intendedNanos();
        if (state == null) {
            connectionsSeen++;
            connection.set(SENT_ORDER, this, new long[]{sequence, sent, r.completedNanos()});
        } else {
            long maxSeq = state[0];
            long sentOfMax = state[1];
            long previousEnd = state[2];
            if (sequence > maxSeq ? sent < sentOfMax : sent > sentOfMax) {
                orderViolations++;
            }
            if (sequence > maxSeq) {
                state[0] = sequence;
                state[1] = sent;
            }
            // Due while the previous response was still coming, and sent once it ended: the target held it.
            if (previousEnd > r.intendedNanos() && previousEnd <= sent) {
                heldByTarget++;
                own = sent - previousEnd;
            }
            state[2] = Math.max(previousEnd, r.completedNanos());
        }
        ownLag.recordValue(Math.max(0, own / 1000));
    }

    private void takeSentTimesUpTo(long limit) {
        while (!sentTimes.isEmpty() && sentTimes.min() <= limit) {
            long t = sentTimes.poll();
            if (lastSentTaken != Long.MIN_VALUE) {
                sentGaps.recordValue(Math.max(0, (t - lastSentTaken) / 1000));
            }
            lastSentTaken = Math.max(lastSentTaken, t);
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
        takeSentTimesUpTo(Long.MAX_VALUE);
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
        takeSentTimesUpTo(Long.MAX_VALUE);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("capturedGaps", HistogramCodec.encode(capturedGaps));
        out.put("sentGaps", HistogramCodec.encode(sentGaps));
        out.put("replayerLag", HistogramCodec.encode(ownLag));
        return out;
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
            public void onExchange(PlanConnection connection, long sequence, ExchangeResult result) {
                self.onExchange(connection, sequence, result);
                next.onExchange(connection, sequence, result);
            }
        };
    }
}
