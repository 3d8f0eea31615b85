package dev.reprise.replay.schedule;

import dev.reprise.format.Body;
import dev.reprise.format.RequestEvent;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReplaySchedulerTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_000_000_000_000L;

    private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(2);
    private final List<EventLoop> loops = new ArrayList<>();

    ReplaySchedulerTest() {
        for (EventExecutor e : group) {
            loops.add((EventLoop) e);
        }
    }

    @AfterEach
    void stopLoops() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static PlanEvent.Send send(PlanConnection connection, long seq, long t) {
        RequestEvent r = new RequestEvent(connection.key().connectionId(), seq, t, t, "GET", "/", "HTTP/1.1", List.of(), Body.EMPTY, "t");
        return new PlanEvent.Send(connection, t, r, "t");
    }

    private static PlanConnection[] connections(int n) {
        PlanConnection[] made = new PlanConnection[n];
        for (int i = 0; i < n; i++) {
            made[i] = new PlanConnection(new ConnectionKey(0, i, 0));
        }
        return made;
    }

    /** {@code n} sends {@code gap} apart, alternating over {@code connections}, made on demand: as long as a test likes, in no memory. */
    private static PlanSource sends(long n, long gapNanos, int connections, AtomicBoolean closed) {
        PlanConnection[] on = connections(connections);
        return new PlanSource() {
            long i;

            @Override
            public PlanEvent next() {
                if (i == n) {
                    return null;
                }
                long t = T0 + i * gapNanos;
                return send(on[(int) (i % connections)], i++, t);
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
    }

    private static PlanSource listed(List<PlanEvent> events) {
        Iterator<PlanEvent> it = events.iterator();
        return new PlanSource() {
            @Override
            public PlanEvent next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public void close() {
            }
        };
    }

    /** A step as a test sees it: when it was due, when it ran and on which loop. */
    record Ran(PlanEvent event, long due, long ranAt, EventLoop loop) {
    }

    /**
     * Puts each connection's steps on loop (connection mod loops), like the replay's connections;
     * a step records itself when it runs and gives back its place unless {@code holdPlaces}.
     */
    private final class RecordingStager implements StepStager {
        final EventBacklog backlog;
        final boolean holdPlaces;
        final ConcurrentLinkedQueue<Ran> ran = new ConcurrentLinkedQueue<>();
        final List<Long> staged = new CopyOnWriteArrayList<>();
        final List<PlanEvent.Open> openedEarly = new CopyOnWriteArrayList<>();
        volatile long openedEarlyAt;

        RecordingStager(EventBacklog backlog, boolean holdPlaces) {
            this.backlog = backlog;
            this.holdPlaces = holdPlaces;
        }

        @Override
        public DueStep stage(PlanEvent e, long due) {
            staged.add(due);
            EventLoop loop = loops.get((int) (e.connection().connectionId() % loops.size()));
            return new DueStep(due) {
                @Override
                public EventLoop loop() {
                    return loop;
                }

                @Override
                public void run() {
                    assertThat(loop.inEventLoop()).isTrue();
                    ran.add(new Ran(e, due, System.nanoTime(), loop));
                    if (!holdPlaces) {
                        backlog.release();
                    }
                }

                @Override
                public void drop() {
                    backlog.release();
                }
            };
        }

        @Override
        public void openEarly(List<PlanEvent.Open> opens) {
            openedEarlyAt = System.nanoTime();
            openedEarly.addAll(opens);
        }
    }

    @Test
    void dueTimesComeFromTheStartNeverFromThePreviousEvent() {
        ReplaySchedule s = new ReplaySchedule(T0, 500, 4.0);
        assertThat(s.dueNanos(T0)).isEqualTo(500);
        assertThat(s.dueNanos(T0 + 4_000 * MS)).isEqualTo(500 + 1_000 * MS);
        assertThat(new ReplaySchedule(T0, 0, 0.1).dueNanos(T0 + MS)).isEqualTo(10 * MS);
    }

    @Test
    void speedMustBeBetweenATenthAndAThousand() {
        assertThat(Pace.speed(0.1)).isEqualTo(new Pace.Timed(0.1));
        assertThat(Pace.speed(1000)).isEqualTo(new Pace.Timed(1000));
        assertThatThrownBy(() -> Pace.speed(0)).hasMessageContaining("between 0.1 and 1000");
        assertThatThrownBy(() -> Pace.speed(1000.5)).hasMessageContaining("between 0.1 and 1000");
        assertThatThrownBy(() -> Pace.speed(Double.NaN)).hasMessageContaining("between 0.1 and 1000");
    }

    @Test
    void eachStepRunsOnItsLoopNoEarlierThanItsDueTime() throws Exception {
        EventBacklog backlog = new EventBacklog(100);
        RecordingStager stager = new RecordingStager(backlog, false);
        AtomicBoolean closed = new AtomicBoolean();
        ReplayScheduler s = new ReplayScheduler(() -> sends(20, 10 * MS, 2, closed), Pace.speed(2), T0, 5 * MS,
                backlog, loops, stager);
        s.start();
        assertThat(s.await(10_000)).isTrue();
        await("all 20 steps run").until(() -> stager.ran.size() == 20);

        List<Ran> ran = new ArrayList<>(stager.ran);
        assertThat(ran).hasSize(20);
        for (Ran r : ran) {
            assertThat(r.ranAt()).isGreaterThanOrEqualTo(r.due());
            long i = ((PlanEvent.Send) r.event()).request().sequence();
            assertThat(r.due()).isEqualTo(s.schedule().startNanoTime() + i * 5 * MS);
        }
        assertThat(closed).isTrue();
        assertThat(backlog.queued()).isZero();
    }

    @Test
    void stepsOnDifferentLoopsRunInDueOrder() throws Exception {
        EventBacklog backlog = new EventBacklog(1000);
        RecordingStager stager = new RecordingStager(backlog, false);
        AtomicBoolean closed = new AtomicBoolean();
        // Connections 0 and 1 alternate, 60 ms apart, and live on different loops.
        ReplayScheduler s = new ReplayScheduler(() -> sends(12, 60 * MS, 2, closed), Pace.speed(1), T0, 5 * MS,
                backlog, loops, stager);
        s.start();
        assertThat(s.await(10_000)).isTrue();
        await("all 12 steps run").until(() -> stager.ran.size() == 12);

        List<Ran> byRunTime = new ArrayList<>(stager.ran);
        byRunTime.sort((a, b) -> Long.compare(a.ranAt(), b.ranAt()));
        assertThat(byRunTime).extracting(r -> ((PlanEvent.Send) r.event()).request().sequence())
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(byRunTime).allMatch(r -> r.ranAt() >= r.due());
        assertThat(byRunTime.stream().map(Ran::loop).distinct()).hasSize(2);
        assertThat(byRunTime).allMatch(r -> r.loop() == loops.get((int) (r.event().connection().connectionId() % 2)));
    }

    @Test
    void theSchedulerReadsNoFurtherAheadThanItsHorizon() throws Exception {
        EventBacklog backlog = new EventBacklog(100_000);
        RecordingStager stager = new RecordingStager(backlog, false);
        AtomicBoolean closed = new AtomicBoolean();
        // One event every 10 ms for 10 minutes: the scheduler must not read minutes ahead.
        ReplayScheduler s = new ReplayScheduler(() -> sends(60_000, 10 * MS, 2, closed), Pace.speed(1), T0, 0,
                backlog, loops, stager);
        s.start();
        await("30 steps run").until(() -> stager.ran.size() >= 30);
        long now = System.nanoTime();
        long furthest = stager.staged.get(stager.staged.size() - 1);
        s.stop();
        assertThat(s.await(5_000)).isTrue();

        assertThat(furthest - now).isLessThanOrEqualTo(ReplayScheduler.HORIZON_NANOS);
        assertThat(backlog.maxQueued()).isLessThan(100);
        await("steps not yet due when stopped give back their places").until(() -> backlog.queued() == 0);
    }

    @Test
    void theSchedulerStopsReadingWhileTheBacklogIsFull() throws Exception {
        EventBacklog backlog = new EventBacklog(8);
        // A target that never answers: nothing handed over is ever carried out.
        RecordingStager stager = new RecordingStager(backlog, true);
        AtomicBoolean closed = new AtomicBoolean();
        ReplayScheduler s = new ReplayScheduler(() -> sends(1_000_000, 0, 2, closed), Pace.maxRate(), T0, 0, backlog,
                loops, stager);
        s.start();
        await("the backlog full").atMost(Duration.ofSeconds(5)).until(() -> backlog.queued() >= 8);
        Thread.sleep(200); // long enough for a scheduler that ignored the cap to read past it

        assertThat(backlog.queued()).isEqualTo(8);
        assertThat(backlog.maxQueued()).isEqualTo(8);
        assertThat(s.dispatched()).isEqualTo(8);
        assertThat(stager.ran).as("what was read reaches the loops before the scheduler waits").hasSize(8);
        backlog.release();
        Thread.sleep(100);
        assertThat(s.dispatched()).as("at the cap, one free place is not enough to resume").isEqualTo(8);
        backlog.release();
        backlog.release(); // now a quarter of the cap is free: the scheduler fills it again at once
        await("three more steps dispatched").atMost(Duration.ofSeconds(5)).until(() -> s.dispatched() >= 11);
        Thread.sleep(100); // long enough for a scheduler that ignored the cap to read past it
        assertThat(s.dispatched()).isEqualTo(11);
        assertThat(backlog.maxQueued()).isEqualTo(8);

        s.stop();
        assertThat(s.await(5_000)).isTrue();
        assertThat(closed).isTrue();
    }

    @Test
    void aStopEndsAWaitForAFarDueTime() throws Exception {
        EventBacklog backlog = new EventBacklog(8);
        RecordingStager stager = new RecordingStager(backlog, false);
        AtomicBoolean closed = new AtomicBoolean();
        ReplayScheduler s = new ReplayScheduler(() -> sends(2, 3_600_000 * MS, 1, closed), Pace.speed(1), T0, 0,
                backlog, loops, stager);
        s.start();
        await("the first step dispatched").until(() -> s.dispatched() >= 1);
        Thread.sleep(50);
        s.stop();

        assertThat(s.await(5_000)).isTrue();
        assertThat(s.dispatched()).isEqualTo(1);
        await("the backlog emptied").until(() -> backlog.queued() == 0);
        assertThat(closed).isTrue();
    }

    @Test
    void connectionsDueInTheFirstMomentsOpenBeforeT0AndKeepTheirDueTimes() throws Exception {
        PlanConnection soon = new PlanConnection(new ConnectionKey(0, 0, 0));
        PlanConnection later = new PlanConnection(new ConnectionKey(0, 1, 0));
        List<PlanEvent> plan = List.of(
                new PlanEvent.Open(soon, T0 + 300 * MS),
                send(soon, 0, T0 + 400 * MS),
                new PlanEvent.Open(later, T0 + 1_500 * MS),
                send(later, 1, T0 + 1_600 * MS));
        EventBacklog backlog = new EventBacklog(100);
        RecordingStager stager = new RecordingStager(backlog, false);
        ReplayScheduler s = new ReplayScheduler(() -> listed(plan), Pace.speed(1), T0, 10 * MS, backlog, loops, stager);
        s.start();
        assertThat(s.await(10_000)).isTrue();
        await("all 4 steps run").until(() -> stager.ran.size() == 4);

        assertThat(stager.openedEarly).containsExactly((PlanEvent.Open) plan.get(0));
        assertThat(stager.openedEarlyAt).isLessThan(s.schedule().startNanoTime());
        List<Ran> ran = new ArrayList<>(stager.ran);
        assertThat(ran).hasSize(4);
        for (Ran r : ran) {
            assertThat(r.due()).isEqualTo(s.schedule().dueNanos(r.event().captureNanos()));
            assertThat(r.ranAt()).isGreaterThanOrEqualTo(r.due());
        }
        assertThat(ran.get(0).event()).isEqualTo(plan.get(0)); // the early connection's Open is still staged, at its due time
    }
}
