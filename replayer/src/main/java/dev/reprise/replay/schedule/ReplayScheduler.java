package dev.reprise.replay.schedule;

import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.schedule.internal.PreciseWait;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The thread that reads the plan and hands each event over at its due time. It reads one event
 * ahead and no more: the time horizon is the next event, and {@link EventBacklog} bounds what
 * has been handed over but not yet carried out. Nothing it holds grows with the journal.
 *
 * <p>The plan is opened, read and closed on the scheduler thread alone: journal readers are not
 * thread-safe, and opening it may take a while (amplification can read the window first), which
 * must not make the first events late.
 */
public final class ReplayScheduler {
    private final Supplier<PlanSource> planOpener;
    private final Pace pace;
    private final long captureOriginNanos;
    private final EventBacklog backlog;
    private final DueEventSink sink;
    private final boolean waitForDueTimes;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long dispatched;
    private volatile RuntimeException failure;
    private final long leadNanos;
    private volatile ReplaySchedule schedule;

    /**
     * @param planOpener         opens the plan; called once, on the scheduler thread
     * @param captureOriginNanos t0 of the schedule, epoch nanoseconds on the capture's timeline
     * @param leadNanos          t0 is due this long after the plan is open, so the first events are not late
     * @param waitForDueTimes    false for a dry run: events are handed over as fast as they can be read,
     *                           each still stamped with the due time it would have had
     */
    public ReplayScheduler(Supplier<PlanSource> planOpener, Pace pace, long captureOriginNanos, long leadNanos,
                           EventBacklog backlog, DueEventSink sink, boolean waitForDueTimes) {
        this.planOpener = planOpener;
        this.leadNanos = leadNanos;
        this.pace = pace;
        this.captureOriginNanos = captureOriginNanos;
        this.backlog = backlog;
        this.sink = sink;
        this.waitForDueTimes = waitForDueTimes;
        this.thread = new Thread(this::run, "reprise-scheduler");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Stops reading the plan; events already handed over are left to the connections. */
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

    /** Plan events handed over so far. */
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

    private void run() {
        boolean timed = pace instanceof Pace.Timed && waitForDueTimes;
        try (PlanSource plan = planOpener.get()) {
            double speed = pace instanceof Pace.Timed t ? t.speed() : 1.0;
            schedule = new ReplaySchedule(captureOriginNanos, System.nanoTime() + leadNanos, speed);
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
