package dev.reprise.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.reprise.format.TestJournals.HOUR;
import static dev.reprise.format.TestJournals.SECOND;
import static dev.reprise.format.TestJournals.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(60)
class FollowTest {
    @TempDir
    Path tmp;

    @Test
    void followingReaderSeesEventsAsTheyAreAppendedAcrossARoll() throws Exception {
        Path dir = tmp.resolve("live");
        AtomicLong clock = new AtomicLong(T0 / 1_000_000L);
        int total = 600;
        try (JournalWriter w = JournalWriter.create(dir).startNanos(T0).wallClockMillis(clock::get).open()) {
            w.append(SampleEvents.closed(0, T0));
            try (JournalReader r = JournalReader.open(dir).follow()) {
                CompletableFuture<List<JournalEvent>> read = CompletableFuture.supplyAsync(() -> {
                    List<JournalEvent> out = new ArrayList<>();
                    while (out.size() < total) {
                        out.add(r.next());
                    }
                    return out;
                });
                for (int i = 1; i < total; i++) {
                    if (i == total / 2) {
                        clock.addAndGet(HOUR / 1_000_000L); // the writer starts a new hourly file
                    }
                    if (i % 100 == 0) {
                        Thread.sleep(30); // let the reader catch up and wait
                    }
                    w.append(SampleEvents.closed(i, T0 + i));
                }
                List<JournalEvent> events = read.get(30, TimeUnit.SECONDS);
                assertThat(events).extracting(e -> ((ConnectionClosed) e).connectionId())
                        .containsExactlyElementsOf(() -> java.util.stream.LongStream.range(0, total).boxed().iterator());
            }
        }
        assertThat(TestJournals.rollFiles(dir)).hasSize(2);
    }

    @Test
    void closingFromAnotherThreadEndsAWaitingNext() throws Exception {
        Path dir = tmp.resolve("quiet");
        TestJournals.write(dir, List.of(SampleEvents.closed(1, T0)));
        JournalReader r = JournalReader.open(dir).follow();
        assertThat(r.next()).isEqualTo(SampleEvents.closed(1, T0));
        CompletableFuture<JournalEvent> waiting = CompletableFuture.supplyAsync(r::next);
        Thread.sleep(200);
        assertThat(waiting).isNotDone();
        r.close();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void interruptingTheWaitingThreadEndsItsWait() throws Exception {
        Path dir = tmp.resolve("quiet");
        TestJournals.write(dir, List.of(SampleEvents.closed(1, T0)));
        try (JournalReader r = JournalReader.open(dir).follow()) {
            assertThat(r.next()).isNotNull();
            JournalEvent[] got = {SampleEvents.closed(9, 9)};
            boolean[] stillInterrupted = {false};
            Thread t = new Thread(() -> {
                got[0] = r.next();
                stillInterrupted[0] = Thread.currentThread().isInterrupted();
            });
            t.start();
            await("the reader parked, waiting for more").until(() -> t.getState() == Thread.State.TIMED_WAITING
                    || t.getState() == Thread.State.WAITING);
            t.interrupt();
            t.join(10_000);
            assertThat(t.isAlive()).isFalse();
            assertThat(got[0]).isNull();
            assertThat(stillInterrupted[0]).isTrue();
        }
    }

    @Test
    void followingEndsOncePastTheUntilBound() {
        Path dir = tmp.resolve("window");
        List<JournalEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(SampleEvents.closed(i, T0 + i * SECOND));
        }
        TestJournals.write(dir, events);
        try (JournalReader r = JournalReader.open(dir).follow()) {
            r.until(T0 + 5 * SECOND);
            // the journal is years old: the wall clock is long past the window, so no wait for more
            assertThat(TestJournals.readAll(r)).hasSize(5);
        }
    }

    @Test
    void followingSetReleasesBufferedEventsSoonAfterTheWritersGoQuiet() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        try (JournalWriter wa = JournalWriter.create(a).startNanos(T0).open();
             JournalWriter wb = JournalWriter.create(b).startNanos(T0).open()) {
            wa.append(SampleEvents.closed(1, T0 + 3));
            wb.append(SampleEvents.closed(2, T0 + 1));
            try (JournalSet set = JournalSet.open(List.of(a, b)).follow(Duration.ofMillis(200))) {
                CompletableFuture<List<JournalEvent>> read = CompletableFuture.supplyAsync(() -> {
                    List<JournalEvent> out = new ArrayList<>();
                    while (out.size() < 4) {
                        out.add(set.next());
                    }
                    return out;
                });
                Thread.sleep(50);
                wa.append(SampleEvents.closed(3, T0 + 2)); // out of order, inside the disorder bound
                wb.append(SampleEvents.closed(4, T0 + 4));
                // no event is 10 s younger than these: only the idle flush can release them
                List<JournalEvent> events = read.get(20, TimeUnit.SECONDS);
                assertThat(events).extracting(JournalEvent::timeNanos).containsExactly(T0 + 1, T0 + 2, T0 + 3, T0 + 4);
                CompletableFuture<JournalEvent> more = CompletableFuture.supplyAsync(set::next);
                Thread.sleep(100);
                assertThat(more).isNotDone();
                wb.append(SampleEvents.closed(5, T0 + 5));
                assertThat(more.get(20, TimeUnit.SECONDS)).isEqualTo(SampleEvents.closed(5, T0 + 5));
            }
        }
    }

    @Test
    void followingSetKeepsTimeOrderWhileCatchingUpOnAWrittenJournal() {
        Path a = tmp.resolve("a");
        List<JournalEvent> events = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            events.add(SampleEvents.closed(i, T0 + i * 100_000_000L + (i % 7 == 0 ? -SECOND : 0)));
        }
        TestJournals.write(a, events);
        try (JournalSet set = JournalSet.open(List.of(a)).follow(Duration.ofMillis(100))) {
            List<JournalEvent> out = new ArrayList<>();
            while (out.size() < events.size()) {
                out.add(set.next());
            }
            assertThat(out).extracting(JournalEvent::timeNanos).isSorted();
        }
    }
}
