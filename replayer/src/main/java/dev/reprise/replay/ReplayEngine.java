package dev.reprise.replay;

import dev.reprise.replay.connection.ConnectionSettings;
import dev.reprise.replay.connection.ConnectionStats;
import dev.reprise.replay.connection.TargetConnections;
import dev.reprise.replay.internal.BaselineJoin;
import dev.reprise.replay.internal.CompilerQueue;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.results.ResultListener;
import dev.reprise.replay.schedule.DueStep;
import dev.reprise.replay.schedule.EventBacklog;
import dev.reprise.replay.schedule.Pace;
import dev.reprise.replay.schedule.ReplayScheduler;
import dev.reprise.replay.schedule.StepStager;
import dev.reprise.replay.schedule.SynchronisedStart;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Replays a plan against the target: the scheduler reads the plan a bounded horizon ahead and
 * stages each event on its connection's event loop, which carries it out at its due time; and every exchange, joined with production's
 * response, goes to the listener. {@link #run()} blocks until the plan is done or
 * {@link #stop()} is called; either way what was done is in the {@link ReplayRun}.
 */
public final class ReplayEngine {
    /** Time between start and t0's due time, so the first events are not late by the set-up. */
    private static final long START_LEAD_NANOS = 50_000_000L;
    /** After a stop, how long responses still in flight may take. */
    private static final long STOP_GRACE_NANOS = 1_000_000_000L;
    /** Longest wait before t0 for the JIT to compile what the warm-ups made hot; see {@link CompilerQueue}. */
    private static final long JIT_QUIET_MAX_NANOS = 3_000_000_000L;
    /** Exchanges after which the JIT has compiled the per-request paths (its thresholds are in the thousands of calls). */
    private static final long HOT_EXCHANGES = 5_000;
    /** How much faster than the run a timed rehearsal goes: its events are the run's first seconds. */
    private static final double REHEARSAL_SPEED_UP = 20;

    private final Supplier<PlanSource> plan;
    private final long captureOriginNanos;
    private final Pace pace;
    private final ConnectionSettings settings;
    private final ConnectionStats stats = new ConnectionStats();
    private final EventBacklog backlog;
    private final BaselineJoin join;
    private final SynchronisedStart start;
    private volatile ReplayScheduler scheduler;
    private volatile boolean stopRequested;
    private volatile long sendsDispatched;
    private TargetConnections prepared;
    /** True for the rehearsal before t0: every connection goes to a throwaway local server. */
    private final boolean rehearsal;
    /**
     * Set once a rehearsal ran long enough to make the replay's paths hot: the transport's own,
     * smaller warm-up is then left out, and the start waits for the JIT's queue.
     */
    private boolean rehearsed;

    /**
     * @param plan               opens the plan; called on the scheduler thread, which alone reads it
     * @param captureOriginNanos t0: the capture time due at the start (the window's start)
     * @param backlogCap         most events handed over and not yet carried out; see {@link EventBacklog}
     */
    public ReplayEngine(Supplier<PlanSource> plan, long captureOriginNanos, Pace pace, ConnectionSettings settings,
                        int backlogCap, ResultListener listener) {
        this(plan, captureOriginNanos, pace, settings, backlogCap, listener, null);
    }

    /** @param start a shared start instant ({@code --start-at}), or null to start as soon as the replay is set up */
    public ReplayEngine(Supplier<PlanSource> plan, long captureOriginNanos, Pace pace, ConnectionSettings settings,
                        int backlogCap, ResultListener listener, SynchronisedStart start) {
        this(plan, captureOriginNanos, pace, settings, backlogCap, listener, start, false);
    }

    private ReplayEngine(Supplier<PlanSource> plan, long captureOriginNanos, Pace pace, ConnectionSettings settings,
                         int backlogCap, ResultListener listener, SynchronisedStart start, boolean rehearsal) {
        this.rehearsal = rehearsal;
        this.start = start;
        this.plan = plan;
        this.captureOriginNanos = captureOriginNanos;
        this.pace = pace;
        this.settings = settings;
        this.backlog = new EventBacklog(backlogCap);
        this.join = new BaselineJoin(listener);
    }

    /**
     * Opens the transport and warms its send path now, so a caller can start its clock after
     * the set-up: the warm-up's exchanges (up to a few seconds) are not the replay's run time.
     * Optional; {@link #run()} does it otherwise.
     */
    public void prepare() {
        if (prepared == null) {
            prepared = rehearsal ? TargetConnections.rehearsal(settings, backlog, stats, join)
                    : TargetConnections.open(settings, backlog, stats, join, !rehearsed);
            if (rehearsed && start == null) {
                CompilerQueue.awaitQuiet(JIT_QUIET_MAX_NANOS);
            }
        }
    }

    /**
     * Before t0, replays the first {@code events} events of {@code plan} ({@link #rehearsalPace}: a
     * timed replay {@value #REHEARSAL_SPEED_UP} times as fast, {@code --max-rate} as it is), through
     * the same scheduler, connections, response decoding and result path as the replay, into
     * {@code listener}, against a throwaway server on loopback: nothing reaches the target. The
     * JIT then compiles the replay's paths with the types and branches the replay takes, before
     * the replay's clock starts, instead of in its first seconds (or later, when a path the
     * warm-ups did not take turns hot and deoptimizes what they compiled). Bounded by
     * {@code maxNanos}; a rehearsal that cannot run is skipped, leaving the replay only colder.
     *
     * @param plan     a plan of its own (its connections and state are not the replay's)
     * @param listener throwaway results, of the same kinds as the replay's
     * @return the exchanges rehearsed
     */
    public long rehearse(Supplier<PlanSource> plan, int events, long maxNanos, ResultListener listener)
            throws InterruptedException {
        ReplayEngine stand = new ReplayEngine(() -> new FirstEvents(plan.get(), events), captureOriginNanos, rehearsalPace(pace),
                settings, Math.max(1, Math.min(backlog.cap(), events)), listener, null, true);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(maxNanos / 1_000_000L);
                stand.stop();
            } catch (InterruptedException e) {
                // the rehearsal ended first
            }
        }, "reprise-rehearsal-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            stand.run();
        } catch (RuntimeException e) {
            return 0; // a rehearsal that cannot run leaves the replay as it was, only colder
        } finally {
            watchdog.interrupt();
        }
        long exchanges = stand.stats.responses() + stand.stats.errors();
        // Only a rehearsal long enough to make the paths hot leaves the JIT work worth waiting for
        // and makes the transport's own warm-up redundant.
        rehearsed = exchanges >= HOT_EXCHANGES;
        return exchanges;
    }

    /**
     * The run's kind of pace, faster: a timed replay is rehearsed on the timed scheduler's path
     * (its timelines and timers), which the closed loop of {@code --max-rate} does not take.
     */
    static Pace rehearsalPace(Pace pace) {
        return pace instanceof Pace.Timed t ? new Pace.Timed(Math.min(Pace.MAX_SPEED, t.speed() * REHEARSAL_SPEED_UP)) : pace;
    }

    /** The first events of a plan, then its end. */
    private static final class FirstEvents implements PlanSource {
        private final PlanSource plan;
        private int left;

        FirstEvents(PlanSource plan, int events) {
            this.plan = plan;
            this.left = events;
        }

        @Override
        public PlanEvent next() {
            return left-- > 0 ? plan.next() : null;
        }

        @Override
        public void close() {
            plan.close();
        }
    }

    public ReplayRun run() throws InterruptedException {
        long started = System.nanoTime();
        prepare();
        try (TargetConnections connections = prepared) {
            ReplayScheduler s = new ReplayScheduler(plan, pace, captureOriginNanos, START_LEAD_NANOS, start, backlog,
                    connections.loops(), new Stager(connections));
            scheduler = s;
            if (stopRequested) {
                s.stop();
            }
            s.start();
            while (!s.await(100)) {
                // the scheduler is replaying
            }
            boolean drained = drain();
            return new ReplayRun(started, System.nanoTime(), sendsDispatched, stopRequested, drained,
                    backlog.maxQueued(), s.failure(), stats);
        } finally {
            join.flush();
        }
    }

    /** Ends the run early, from any thread (a shutdown hook): no more is sent, what is in flight may finish. */
    public void stop() {
        stopRequested = true;
        ReplayScheduler s = scheduler;
        if (s != null) {
            s.stop();
        }
    }

    /** The due time of a capture time in {@link System#nanoTime()}, or -1 before the start. */
    public long dueNanos(long captureNanos) {
        ReplayScheduler s = scheduler;
        return s == null || s.schedule() == null ? -1 : s.schedule().dueNanos(captureNanos);
    }

    /** With a start instant: time left before it once the plan was read, and once the first connections were open. */
    public long planReadyMarginNanos() {
        ReplayScheduler s = scheduler;
        return s == null ? 0 : s.planReadyMarginNanos();
    }

    public long readyMarginNanos() {
        ReplayScheduler s = scheduler;
        return s == null ? 0 : s.readyMarginNanos();
    }

    public ConnectionStats stats() {
        return stats;
    }

    public EventBacklog backlog() {
        return backlog;
    }

    /** Requests staged for their due times so far (up to the scheduler's horizon ahead of what was sent). */
    public long sendsDispatched() {
        return sendsDispatched;
    }

    /** Requests and production responses held for joining; bounded by what is outstanding. */
    public int joinHeld() {
        return join.held();
    }

    /** Scheduler thread: the join's bookkeeping in plan order, then the step for the connection's loop. */
    private final class Stager implements StepStager {
        private final TargetConnections connections;

        Stager(TargetConnections connections) {
            this.connections = connections;
        }

        @Override
        public DueStep stage(PlanEvent e, long due) {
            if (e instanceof PlanEvent.Send s) {
                join.sent(s);
                sendsDispatched++;
                return connections.send(s, due);
            } else if (e instanceof PlanEvent.Open o) {
                return connections.open(o, due);
            } else if (e instanceof PlanEvent.Close c) {
                join.closed(c.planConnection());
                return connections.close(c, due);
            } else if (e instanceof PlanEvent.Recorded r) {
                backlog.release();
                connections.recorded(r);
                join.recorded(r);
            }
            return null;
        }

        /** Waits until every early connection is up or failed, or a connect timeout has passed. */
        @Override
        public void openEarly(List<PlanEvent.Open> opens) {
            long before = stats.connectionsOpened() + stats.connectFailures();
            int started = 0;
            for (PlanEvent.Open o : opens) {
                if (connections.openEarly(o)) {
                    started++;
                }
            }
            long deadline = System.nanoTime() + settings.connectTimeoutNanos();
            while (stats.connectionsOpened() + stats.connectFailures() - before < started
                    && System.nanoTime() - deadline < 0 && !stopRequested) {
                LockSupport.parkNanos(1_000_000L);
            }
        }
    }

    /**
     * Waits for the connections to carry out what they were handed. A slow target only makes this
     * longer; it gives up when nothing has moved for longer than one request could take, or soon
     * after a stop.
     */
    private boolean drain() throws InterruptedException {
        long stall = settings.connectTimeoutNanos() + settings.requestTimeoutNanos() + 1_000_000_000L;
        long progress = -1;
        long lastMove = System.nanoTime();
        long stopSeen = 0;
        while (backlog.queued() > 0 || stats.inFlight() > 0) {
            long now = System.nanoTime();
            long moved = stats.sent() + stats.responses() + stats.errors() + backlog.queued();
            if (moved != progress) {
                progress = moved;
                lastMove = now;
            } else if (now - lastMove > stall) {
                return false;
            }
            if (stopRequested) {
                if (stopSeen == 0) {
                    stopSeen = now;
                } else if (now - stopSeen > STOP_GRACE_NANOS) {
                    return false;
                }
            }
            Thread.sleep(5);
        }
        return true;
    }
}
