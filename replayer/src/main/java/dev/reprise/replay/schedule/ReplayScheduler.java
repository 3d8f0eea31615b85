package dev.reprise.replay.schedule;

import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.schedule.internal.PreciseWait;

/**
 * The thread that reads the plan and hands each event over at its due time. It reads one event
 * ahead and no more: the time horizon is the next event, and {@link EventBacklog} bounds what
 * has been handed over but not yet carried out. Nothing it holds grows with the journal.
 */
public final class ReplayScheduler {
    private final PlanSource plan;
    private final Pace pace;
    private final long captureOriginNanos;
    private final EventBacklog backlog;
    private final DueEventSink sink;
    private final boolean waitForDueTimes;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long dispatched;
    private volatile RuntimeException failure;
    private ReplaySchedule schedule;

    /**
     * @param captureOriginNanos t0 of the schedule, epoch nanoseconds on the capture's timeline
     * @param waitForDueTimes    false for a dry run: events are handed over as fast as they can be read,
     *                           each still stamped with the due time it would have had
     */
    public ReplayScheduler(PlanSource plan, Pace pace, long captureOriginNanos, EventBacklog backlog,
                           DueEventSink sink, boolean waitForDueTimes) {
        this.plan = plan;
        this.pace = pace;
        this.captureOriginNanos = captureOriginNanos;
        this.backlog = backlog;
        this.sink = sink;
        this.waitForDueTimes = waitForDueTimes;
        this.thread = new Thread(this::run, "reprise-scheduler");
        this.thread.setDaemon(true);
    }

    /** Starts the replay with t0 due at {@code startNanoTime}. */
    public void start(long startNanoTime) {
        double speed = pace instanceof Pace.Timed t ? t.speed() : 1.0;
        schedule = new ReplaySchedule(captureOriginNanos, startNanoTime, speed);
        thread.start();
    }

    /** Stops reading the plan; events already handed over are left to the connections. */
    public void stop() {
        stopped = true;
        java.util.concurrent.locks.LockSupport.unpark(thread);
    }

    /** Waits until the plan is read to its end or the scheduler was stopped. */
    public boolean await(long timeoutMillis) throws InterruptedException {
        thread.join(timeoutMillis);
        return !thread.isAlive();
    }

    public boolean stopped() {
        return stopped;
    }

    /** Plan events handed over so far. */
    public long dispatched() {
        return dispatched;
    }

    /** What ended the scheduler other than the plan's end, such as an unreadable journal, or null. */
    public RuntimeException failure() {
        return failure;
    }

    public ReplaySchedule schedule() {
        return schedule;
    }

    private void run() {
        boolean timed = pace instanceof Pace.Timed && waitForDueTimes;
        try {
            long n = 0;
            while (!stopped) {
                PlanEvent e = plan.next();
                if (e == null) {
                    break;
                }
                long due = pace instanceof Pace.Timed || !waitForDueTimes ? schedule.dueNanos(e.captureNanos()) : 0;
                if (!backlog.acquire(this::stopped)) {
                    break;
                }
                if (timed && !PreciseWait.until(due, this::stopped)) {
                    backlog.release();
                    break;
                }
                sink.dispatch(e, timed || !waitForDueTimes ? due : System.nanoTime());
                dispatched = ++n;
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }
}
