package dev.reprise.replay.schedule;

import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The thread that reads the plan a bounded horizon ahead of its due times and hands each event
 * loop its steps in batches; each loop then carries out its steps at their due times from its
 * own timer ({@link LoopTimeline}). Nothing crosses threads per request, and a pause of this
 * thread shorter than the horizon delays nothing.
 *
 * <p>What it holds is bounded twice: by time (it reads no further than {@link #HORIZON_NANOS}
 * ahead) and by count ({@link EventBacklog}: a slow target makes the replay late, and the
 * lateness measured, instead of growing a queue). Nothing grows with the journal.
 *
 * <p>Before t0 it reads the plan's first moments ({@link #EARLY_OPEN_NANOS}) and opens their
 * connections ahead, keeping every due time. The plan is opened, read and closed on the
 * scheduler thread alone: journal readers are not thread-safe, and opening it may take a while
 * (amplification can read the window first), which must not make the first events late.
 */
public final class ReplayScheduler {
    /** How far ahead of its due time an event is read and handed to its loop, at most. */
    static final long HORIZON_NANOS = 200_000_000L;
    /**
     * Once the horizon is full the thread sleeps until this much is left before the next due
     * time, so it reads in slices of (horizon - refill) rather than one event per wake-up.
     */
    static final long REFILL_NANOS = 150_000_000L;
    /** A step due sooner than this is handed over at once rather than with the next batch. */
    static final long HAND_NOW_NANOS = 20_000_000L;
    /** A loop's batch is handed over once this many steps are staged, so max-rate batches stay small. */
    static final int MAX_BATCH = 256;
    /** Connections whose Open is due this soon after t0 are opened before it. */
    static final long EARLY_OPEN_NANOS = 1_000_000_000L;
    /** At most this many events are read ahead of t0 to find them. */
    static final int EARLY_OPEN_EVENTS = 20_000;

    private final Supplier<PlanSource> planOpener;
    private final Pace pace;
    private final long captureOriginNanos;
    private final long leadNanos;
    private final EventBacklog backlog;
    private final StepStager stager;
    private final LoopTimeline[] timelines;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long dispatched;
    private volatile RuntimeException failure;
    private volatile ReplaySchedule schedule;
    private final SynchronisedStart start;
    private volatile long planReadyMarginNanos;
    private volatile long readyMarginNanos;

    /**
     * @param planOpener         opens the plan; called once, on the scheduler thread
     * @param captureOriginNanos t0 of the schedule, epoch nanoseconds on the capture's timeline
     * @param leadNanos          t0 is due this long after the connections opened early are up
     * @param loops              the event loops steps may name; each gets its own timeline
     */
    public ReplayScheduler(Supplier<PlanSource> planOpener, Pace pace, long captureOriginNanos, long leadNanos,
                           EventBacklog backlog, List<EventLoop> loops, StepStager stager) {
        this(planOpener, pace, captureOriginNanos, leadNanos, null, backlog, loops, stager);
    }

    /**
     * @param start when not null, t0 is due at its instant instead of {@code leadNanos} after the set-up;
     *              a plan or first connections not ready by then end the run with a {@link StartMissedException}
     */
    public ReplayScheduler(Supplier<PlanSource> planOpener, Pace pace, long captureOriginNanos, long leadNanos,
                           SynchronisedStart start, EventBacklog backlog, List<EventLoop> loops, StepStager stager) {
        this.start = start;
        this.planOpener = planOpener;
        this.pace = pace;
        this.captureOriginNanos = captureOriginNanos;
        this.leadNanos = leadNanos;
        this.backlog = backlog;
        this.stager = stager;
        this.timelines = new LoopTimeline[loops.size()];
        for (int i = 0; i < timelines.length; i++) {
            timelines[i] = new LoopTimeline(loops.get(i), this::stopped);
        }
        this.thread = new Thread(this::run, "reprise-scheduler");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Stops reading the plan; steps not yet due are dropped, what was sent may finish. */
    public void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    /** Waits until the plan is read to its end or the scheduler was stopped. */
    public boolean await(long timeoutMillis) throws InterruptedException {
        thread.join(timeoutMillis);
        return !thread.isAlive();
    }

    public boolean stopped() {
        return stopped;
    }

    /** Plan events staged so far. */
    public long dispatched() {
        return dispatched;
    }

    /** What ended the scheduler other than the plan's end, such as an unreadable journal, or null. */
    public RuntimeException failure() {
        return failure;
    }

    /** The schedule once the plan is open, or null before. */
    public ReplaySchedule schedule() {
        return schedule;
    }

    /** With a {@code --start-at}: time left before the start once the plan was open and its first moments read. */
    public long planReadyMarginNanos() {
        return planReadyMarginNanos;
    }

    /** With a {@code --start-at}: time left before the start once the first connections were open too. */
    public long readyMarginNanos() {
        return readyMarginNanos;
    }

    private void run() {
        try (PlanSource plan = planOpener.get()) {
            List<PlanEvent.Open> opens = new ArrayList<>();
            List<PlanEvent> early = pace instanceof Pace.Timed ? readEarly(plan, opens) : List.of();
            double speed = pace instanceof Pace.Timed t ? t.speed() : 1.0;
            long startNanoTime;
            if (start == null) {
                if (!opens.isEmpty()) {
                    stager.openEarly(opens);
                }
                startNanoTime = System.nanoTime() + leadNanos;
            } else {
                startNanoTime = startWhenReady(opens);
                if (startNanoTime == Long.MIN_VALUE) {
                    return;
                }
            }
            ReplaySchedule s = new ReplaySchedule(captureOriginNanos, startNanoTime, speed);
            schedule = s;
            boolean timed = pace instanceof Pace.Timed;
            if (!timed && start != null && !sleepUntil(startNanoTime)) {
                return;
            }
            long n = 0;
            int i = 0;
            while (!stopped) {
                PlanEvent e = i < early.size() ? early.get(i++) : plan.next();
                if (e == null) {
                    break;
                }
                long due = timed ? s.dueNanos(e.captureNanos()) : System.nanoTime();
                if (timed && !waitForHorizon(due)) {
                    break;
                }
                if (!acquire()) {
                    break;
                }
                DueStep step = stager.stage(e, due);
                dispatched = ++n;
                if (step != null) {
                    LoopTimeline t = timelineOf(step);
                    if (t.stage(step) >= MAX_BATCH || (timed && due - System.nanoTime() < HAND_NOW_NANOS)) {
                        t.hand();
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            if (stopped) {
                for (LoopTimeline t : timelines) {
                    t.dropStaged();
                }
            } else {
                handAll();
            }
        }
    }

    /**
     * Reads the plan's first moments and opens their connections ahead of t0. The events read
     * are replayed as usual afterwards; reading stops at a bound so this holds little.
     */
    private List<PlanEvent> readEarly(PlanSource plan, List<PlanEvent.Open> opens) {
        List<PlanEvent> early = new ArrayList<>();
        double speed = ((Pace.Timed) pace).speed();
        long until = captureOriginNanos + (long) (EARLY_OPEN_NANOS * speed);
        while (early.size() < EARLY_OPEN_EVENTS && !stopped) {
            PlanEvent e = plan.next();
            if (e == null) {
                break;
            }
            early.add(e);
            if (e.captureNanos() >= until) {
                break;
            }
            if (e instanceof PlanEvent.Open o) {
                opens.add(o);
            }
        }
        return early;
    }

    /**
     * With a {@code --start-at}: the plan is open and its first moments read; checks that the
     * start is still ahead, waits until the pre-open lead, opens the first connections and checks
     * again. Returns the start on the {@link System#nanoTime()} scale, or {@link Long#MIN_VALUE}
     * when the run ends here (stopped, or not ready: then {@link #failure()} says so).
     */
    private long startWhenReady(List<PlanEvent.Open> opens) {
        planReadyMarginNanos = start.marginNanos();
        if (planReadyMarginNanos <= 0) {
            failure = start.notReady("its plan was open and read", -planReadyMarginNanos);
            return Long.MIN_VALUE;
        }
        if (!sleepUntil(start.startNanoTime() - start.preOpenNanos())) {
            return Long.MIN_VALUE;
        }
        if (!opens.isEmpty()) {
            stager.openEarly(opens);
        }
        readyMarginNanos = start.marginNanos();
        if (readyMarginNanos <= 0) {
            failure = start.notReady("its first " + opens.size() + " connections were open", -readyMarginNanos);
            return Long.MIN_VALUE;
        }
        return start.startNanoTime();
    }

    /** Parks until {@code nanoTime}; false if stopped meanwhile. */
    private boolean sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, Math.min(left, 50_000_000L));
            if (stopped) {
                return false;
            }
        }
        return !stopped;
    }

    /** Sleeps, with the batches handed over, until {@code due} is within the horizon. */
    private boolean waitForHorizon(long due) {
        if (due - System.nanoTime() <= HORIZON_NANOS) {
            return true;
        }
        handAll();
        long wakeAt = due - REFILL_NANOS;
        long left;
        while ((left = wakeAt - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, Math.min(left, 50_000_000L));
            if (stopped) {
                return false;
            }
        }
        return true;
    }

    /** A place in the backlog; while it is full, what is staged must reach the loops or it never empties. */
    private boolean acquire() {
        if (backlog.tryAcquire()) {
            return true;
        }
        handAll();
        return backlog.acquire(this::stopped);
    }

    private void handAll() {
        for (LoopTimeline t : timelines) {
            t.hand();
        }
    }

    private LoopTimeline timelineOf(DueStep step) {
        EventLoop loop = step.loop();
        for (LoopTimeline t : timelines) {
            if (t.loop() == loop) {
                return t;
            }
        }
        throw new IllegalStateException("a step names an event loop the scheduler was not given");
    }
}
