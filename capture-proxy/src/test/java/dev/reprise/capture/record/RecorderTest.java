package dev.reprise.capture.record;

import dev.reprise.capture.priority.ThreadNice;
import dev.reprise.format.Body;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.RequestEvent;
import dev.reprise.testing.RequiredTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(30)
class RecorderTest {
    private static CapturedRequest request(long seq) {
        return new CapturedRequest(1, seq, 1, 2, "GET", "/x", "HTTP/1.1", List.of(), Body.EMPTY);
    }

    private static CapturedRequest request(long connection, long seq, int bodyBytes) {
        return new CapturedRequest(connection, seq, 1, 2, "POST", "/x", "HTTP/1.1", List.of(),
                new Body(new byte[bodyBytes], bodyBytes));
    }

    /** A journal that keeps what it is given, to see that every hand-over arrives once. */
    private static final class KeptEvents implements JournalSink {
        final Set<String> requests = ConcurrentHashMap.newKeySet();
        volatile long appends;

        @Override
        public void append(JournalEvent event) {
            if (event instanceof RequestEvent r) {
                requests.add(r.connectionId() + "/" + r.sequence());
            }
            appends++;
        }

        @Override
        public long bytesWritten() {
            return 0;
        }

        @Override
        public String describe() {
            return "journal in memory";
        }

        @Override
        public boolean close(Duration wait) {
            return true;
        }
    }

    /** A journal whose appends hang until released, as a disk that stopped answering. */
    private static final class HungDisk implements JournalSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void append(JournalEvent event) {
            entered.countDown();
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    // a hung write does not return on interrupt
                }
            }
        }

        @Override
        public long bytesWritten() {
            return 0;
        }

        @Override
        public String describe() {
            return "journal hung";
        }

        @Override
        public boolean close(Duration wait) {
            return release.getCount() == 0;
        }
    }

    /** This process's threads named as the recorder's (the kernel keeps 15 characters of a name). */
    private static Set<Path> recorderThreads() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).strip().equals("reprise-recorde");
                } catch (IOException e) {
                    return false; // the thread ended meanwhile
                }
            }).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The nice value of the one recorder thread that {@code start} adds, once it has journaled. */
    private static int niceOfNewRecorder(int nice) throws IOException {
        Set<Path> before = recorderThreads();
        KeptEvents kept = new KeptEvents();
        Recorder r = Recorder.start(kept, EventShaper.verbatim(), RecordPolicy.everything(), new RecordCounters(),
                1024, 64L << 20, nice);
        try {
            r.request(request(0));
            await("the request journaled").until(() -> kept.appends >= 1);
            Set<Path> added = recorderThreads();
            added.removeAll(before);
            assertThat(added).hasSize(1);
            return ThreadNice.niceOf(added.iterator().next());
        } finally {
            r.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void theRecordersThreadSitsTheGivenStepsOfNiceBelowTheProcessAndZeroLeavesItEqual() throws Exception {
        RequiredTool.require("renice", "bsdutils");
        int process = ThreadNice.niceOf(Path.of("/proc/self"));
        assertThat(niceOfNewRecorder(4)).isEqualTo(Math.min(19, process + 4));
        assertThat(niceOfNewRecorder(19)).isEqualTo(19);
        assertThat(niceOfNewRecorder(0)).isEqualTo(process);
    }

    @Test
    void aRecorderWithWorkAndNoProgressSaysItIsStuckAndRecoversWhenTheWriteReturns() throws Exception {
        HungDisk disk = new HungDisk();
        RecordCounters counters = new RecordCounters();
        Recorder r = Recorder.start(disk, EventShaper.verbatim(), counters, Duration.ofMillis(200));
        try {
            assertThat(r.problem()).isNull();
            r.request(request(0));
            r.request(request(1));
            disk.entered.await();
            await("the stuck write reported").until(() -> r.problem() != null);
            assertThat(r.problem()).startsWith("the recorder has made no progress for ").endsWith("(a journal write is stuck)");
            disk.release.countDown();
            await("both requests journaled").until(() -> counters.journaled() >= 2);
            assertThat(counters.journaled()).isEqualTo(2);
            assertThat(r.problem()).isNull();
        } finally {
            disk.release.countDown();
            r.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void aFullQueueDropsAndCountsWhatDoesNotFitAndTheRestIsJournaledWhenTheDiskAnswersAgain() throws Exception {
        HungDisk disk = new HungDisk();
        RecordCounters counters = new RecordCounters();
        Recorder r = Recorder.start(disk, EventShaper.verbatim(), RecordPolicy.everything(), counters, 20, 64L << 20);
        try {
            r.request(request(0));
            disk.entered.await(); // the first one is in hand, stuck; 20 more fit in the queue
            for (int i = 1; i <= 30; i++) {
                r.request(request(i));
            }
            assertThat(counters.forwarded()).isEqualTo(31);
            assertThat(counters.droppedQueueFull()).isEqualTo(10);
            assertThat(r.queued()).isEqualTo(20);
            disk.release.countDown();
            await("the queued requests journaled").until(() -> counters.journaled() == 21);
            assertThat(counters.queued()).isZero();
        } finally {
            disk.release.countDown();
            r.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void theQueueIsBoundedInBytesAsWellAsInEntries() throws Exception {
        HungDisk disk = new HungDisk();
        RecordCounters counters = new RecordCounters();
        Recorder r = Recorder.start(disk, EventShaper.verbatim(), RecordPolicy.everything(), counters, 1024, 100_000);
        try {
            r.request(request(1, 0, 10));
            disk.entered.await();
            r.request(request(1, 1, 60_000));
            r.request(request(1, 2, 60_000)); // the two bodies together pass the 100,000-byte bound
            r.request(request(1, 3, 10));
            assertThat(counters.droppedQueueFull()).isEqualTo(1);
            assertThat(r.queued()).isEqualTo(2);
        } finally {
            disk.release.countDown();
            r.close(Duration.ofSeconds(1));
        }
        assertThat(counters.journaled()).isEqualTo(3);
    }

    @Test
    void bytesTheRecorderHasTakenNoLongerCountAgainstTheBoundSoARecorderThatKeepsUpDropsNothing() throws Exception {
        KeptEvents disk = new KeptEvents();
        RecordCounters counters = new RecordCounters();
        Recorder r = Recorder.start(disk, EventShaper.verbatim(), RecordPolicy.everything(), counters, 1024, 100_000);
        try {
            // Each of these fits the 100,000-byte bound alone, and no two together: each is only
            // accepted if the bytes of the one before were given back once it was taken.
            for (int i = 0; i < 40; i++) {
                r.request(request(1, i, 60_000));
                long journaled = i + 1;
                await("large request " + i + " journaled").pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                        .until(() -> counters.journaled() == journaled);
            }
            // Small ones, more than the bound holds in all (each weighs over 200 bytes): given back
            // in batches, or when the queue runs dry.
            for (int i = 40; i < 600; i++) {
                r.request(request(1, i, 100));
                long journaled = i + 1;
                await("small request " + i + " journaled").pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                        .until(() -> counters.journaled() == journaled);
            }
            assertThat(counters.droppedQueueFull()).isZero();
            assertThat(counters.journaled()).isEqualTo(600);
        } finally {
            r.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void stoppedWithAWriteStuckItCountsEveryRequestNotWrittenAsStoppedAndTakesNoMore() throws Exception {
        HungDisk disk = new HungDisk();
        RecordCounters counters = new RecordCounters();
        Recorder r = Recorder.start(disk, EventShaper.verbatim(), RecordPolicy.everything(), counters, 64, 64L << 20);
        r.request(request(0));
        disk.entered.await();
        for (int i = 1; i <= 5; i++) {
            r.request(request(i));
        }
        r.close(Duration.ofMillis(200));
        r.request(request(6));
        disk.release.countDown();
        assertThat(counters.forwarded()).isEqualTo(7);
        assertThat(counters.notRecorded(NotRecorded.STOPPED)).isEqualTo(7);
        assertThat(counters.journaled()).isZero();
        assertThat(counters.queued()).isZero();
    }

    @Test
    void requestsHandedOverFromManyEventLoopsAtOnceAreEachJournaledOnceOrCountedAsDropped() throws Exception {
        KeptEvents disk = new KeptEvents();
        RecordCounters counters = new RecordCounters();
        Recorder r = Recorder.start(disk, EventShaper.verbatim(), RecordPolicy.everything(), counters, 256, 64L << 20);
        int threads = 4;
        int each = 20_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> loops = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long connection = t;
            Thread loop = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    r.request(request(connection, i, 0));
                }
            });
            loop.start();
            loops.add(loop);
        }
        go.countDown();
        for (Thread loop : loops) {
            loop.join();
        }
        r.close(Duration.ofSeconds(10));
        assertThat(counters.forwarded()).isEqualTo((long) threads * each);
        assertThat(counters.journaled() + counters.droppedQueueFull()).isEqualTo((long) threads * each);
        assertThat(disk.requests).hasSize((int) counters.journaled());
        assertThat(disk.appends).isEqualTo(counters.journaled());
        assertThat(counters.journaled()).isPositive();
        // Only what was handed over is journaled. Which loops' requests were dropped depends on
        // when the recorder got a core, so no loop is promised a journaled request.
        assertThat(disk.requests).allSatisfy(k -> {
            long connection = Long.parseLong(k.substring(0, k.indexOf('/')));
            long sequence = Long.parseLong(k.substring(k.indexOf('/') + 1));
            assertThat(connection).isBetween(0L, (long) threads - 1);
            assertThat(sequence).isBetween(0L, (long) each - 1);
        });
    }
}
