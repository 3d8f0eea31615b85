package dev.reprise.replay.schedule;

import dev.reprise.format.Body;
import dev.reprise.format.RequestEvent;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReplaySchedulerTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_000_000_000_000L;

    /** {@code n} sends {@code gap} apart, made on demand: as long as a test likes, in no memory. */
    private static PlanSource sends(long n, long gapNanos, AtomicBoolean closed) {
        return new PlanSource() {
            long i;

            @Override
            public PlanEvent next() {
                if (i == n) {
                    return null;
                }
                long t = T0 + i * gapNanos;
                RequestEvent r = new RequestEvent(1, i, t, t, "GET", "/", "HTTP/1.1", List.of(), Body.EMPTY, "t");
                i++;
                return new PlanEvent.Send(new ConnectionKey(0, 1, 0), t, r, "t");
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
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
    void eventsAreHandedOverNoEarlierThanTheirDueTime() throws Exception {
        List<long[]> seen = new ArrayList<>();
        EventBacklog backlog = new EventBacklog(100);
        AtomicBoolean closed = new AtomicBoolean();
        ReplayScheduler s = new ReplayScheduler(() -> sends(20, 10 * MS, closed), Pace.speed(2), T0, 5 * MS, backlog,
                (e, due) -> {
                    seen.add(new long[]{due, System.nanoTime()});
                    backlog.release();
                }, true);
        s.start();
        assertThat(s.await(10_000)).isTrue();

        assertThat(seen).hasSize(20);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)[1]).isGreaterThanOrEqualTo(seen.get(i)[0]);
            assertThat(seen.get(i)[0] - seen.get(0)[0]).isEqualTo(i * 5 * MS);
        }
        assertThat(closed).isTrue();
    }

    @Test
    void theSchedulerStopsReadingWhileTheBacklogIsFull() throws Exception {
        EventBacklog backlog = new EventBacklog(8);
        List<PlanEvent> handed = new ArrayList<>();
        AtomicBoolean closed = new AtomicBoolean();
        // A target that never answers: nothing handed over is ever carried out.
        ReplayScheduler s = new ReplayScheduler(() -> sends(1_000_000, 0, closed), Pace.maxRate(), T0, 0, backlog,
                (e, due) -> handed.add(e), true);
        s.start();
        long deadline = System.nanoTime() + 5_000 * MS;
        while (backlog.queued() < 8 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(200);

        assertThat(backlog.queued()).isEqualTo(8);
        assertThat(backlog.maxQueued()).isEqualTo(8);
        assertThat(s.dispatched()).isEqualTo(8);
        backlog.release();
        Thread.sleep(100);
        assertThat(s.dispatched()).as("at the cap, one free place is not enough to resume").isEqualTo(8);
        backlog.release();
        backlog.release(); // now a quarter of the cap is free: the scheduler fills it again at once
        while (s.dispatched() < 11 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
        assertThat(s.dispatched()).isEqualTo(11);
        assertThat(backlog.maxQueued()).isEqualTo(8);

        s.stop();
        assertThat(s.await(5_000)).isTrue();
        assertThat(closed).isTrue();
    }

    @Test
    void aStopEndsAWaitForAFarDueTime() throws Exception {
        EventBacklog backlog = new EventBacklog(8);
        AtomicBoolean closed = new AtomicBoolean();
        ReplayScheduler s = new ReplayScheduler(() -> sends(2, 3_600_000 * MS, closed), Pace.speed(1), T0, 0, backlog,
                (e, due) -> backlog.release(), true);
        s.start();
        long deadline = System.nanoTime() + 5_000 * MS;
        while (s.dispatched() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(50);
        s.stop();

        assertThat(s.await(5_000)).isTrue();
        assertThat(s.dispatched()).isEqualTo(1);
        assertThat(backlog.queued()).isZero();
    }
}
