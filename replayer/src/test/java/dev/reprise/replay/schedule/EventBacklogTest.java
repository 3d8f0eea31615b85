package dev.reprise.replay.schedule;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class EventBacklogTest {
    @Test
    void theMaximumIsTheMostQueuedAtOnceNotTheMostEverCountedIn() {
        EventBacklog backlog = new EventBacklog(100);
        for (int i = 0; i < 5; i++) {
            assertThat(backlog.tryAcquire()).isTrue();
        }
        for (int i = 0; i < 5; i++) {
            backlog.release();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(backlog.tryAcquire()).isTrue();
        }

        assertThat(backlog.queued()).isEqualTo(3);
        assertThat(backlog.maxQueued()).isEqualTo(5);
    }

    @Test
    void atTheCapNothingMoreIsCountedUntilAPlaceIsGivenBack() {
        EventBacklog backlog = new EventBacklog(4);
        for (int i = 0; i < 4; i++) {
            assertThat(backlog.tryAcquire()).isTrue();
        }

        assertThat(backlog.tryAcquire()).isFalse();
        backlog.release();
        assertThat(backlog.tryAcquire()).isTrue();
        assertThat(backlog.queued()).isEqualTo(4);
        assertThat(backlog.maxQueued()).isEqualTo(4);
    }

    @Test
    void placesGivenBackByManyThreadsAtOnceAreEachCounted() throws Exception {
        int perThread = 25_000;
        int threads = 4;
        EventBacklog backlog = new EventBacklog(perThread * threads);
        for (int i = 0; i < perThread * threads; i++) {
            assertThat(backlog.tryAcquire()).isTrue();
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> releasing = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    backlog.release();
                }
            });
            th.start();
            releasing.add(th);
        }
        go.countDown();
        for (Thread th : releasing) {
            th.join();
        }

        assertThat(backlog.queued()).isZero();
        assertThat(backlog.maxQueued()).isEqualTo(perThread * threads);
        assertThat(backlog.tryAcquire()).isTrue();
        assertThat(backlog.queued()).isEqualTo(1);
    }
}
