package dev.reprise.replay.source.internal;

import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.format.JournalSet;
import dev.reprise.format.JournalWriter;
import dev.reprise.format.RequestEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-over between the reading thread and the planner: whatever the ring's size, however
 * many batches wake a waiting side, and whichever side is the slower, the planner gets every
 * record once, in order, up to the journal's end or a failure to read, and closing stops a reader
 * that waits for the planner.
 */
@Timeout(60)
class ReadAheadTest {
    private static final long T0 = 1_795_442_400_000_000_000L;
    private static final long S = 1_000_000_000L;
    private static final int BATCH = 5;

    @TempDir
    Path dir;

    /**
     * Requests of many lengths, one every 11 s: further apart than the merge's disorder bound, so
     * the merge reads one record ahead of the one it releases.
     */
    private Path journal(String name, int requests) {
        Path j = dir.resolve(name);
        try (JournalWriter w = JournalWriter.create(j).startNanos(T0).open()) {
            for (int i = 0; i < requests; i++) {
                long t = T0 + i * 11 * S;
                w.append(new RequestEvent(1, i, t, t, "GET", "/r" + i + "/" + "x".repeat(i % 40), "HTTP/1.1",
                        List.of(new Header("Host", "shop.example.com")), Body.of(new byte[i % 13]), "acme"));
            }
        }
        return j;
    }

    /** Each record the feed hands over, with its journal and index, then how the feed ended. */
    private static List<String> drain(BatchFeed feed, boolean slowPlanner) throws InterruptedException {
        List<String> out = new ArrayList<>();
        try (feed) {
            ReadBatch b = null;
            for (int n = 0; ; n++) {
                b = feed.next(b);
                for (int i = 0; i < b.size; i++) {
                    out.add(b.journal[i] + " " + b.index[i] + " " + Arrays.hashCode((byte[]) b.record[i]) + " " + ((byte[]) b.record[i]).length);
                }
                if (slowPlanner && n % 3 == 0) {
                    Thread.sleep(2); // the reader fills the ring and waits for the planner
                }
                if (b.failure != null) {
                    out.add("failed: " + b.failure.getMessage());
                }
                if (b.last) {
                    out.add("end");
                    return out;
                }
            }
        }
    }

    private static List<String> inline(Path j, boolean strict) throws InterruptedException {
        return drain(BatchFeed.inline(new RecordReader(JournalSet.open(List.of(j), strict)), BATCH), false);
    }

    @Test
    void everyRecordIsHandedOverOnceInOrderUpToTheEndWhateverTheRingAndWhenAWaitingSideIsWoken() throws Exception {
        // 30 records end on a batch's edge (the last batch is empty); 33 and 2 do not
        for (int requests : new int[]{30, 33, 2}) {
            Path j = journal("j" + requests, requests);
            List<String> expected = inline(j, false);
            assertThat(expected).hasSize(requests + 1).last().isEqualTo("end");
            for (int[] ring : new int[][]{{1, 1}, {2, 1}, {2, 2}, {3, 2}, {8, 4}, {8, 8}}) {
                for (boolean slowPlanner : new boolean[]{false, true}) {
                    JournalSet set = JournalSet.open(List.of(j));
                    List<String> ahead;
                    try (set) {
                        ahead = drain(new ReadAhead(new RecordReader(set), BATCH, ring[0], ring[1]), slowPlanner);
                    }
                    assertThat(ahead).as("%d requests, a ring of %d waking at %d, slow planner %s",
                            requests, ring[0], ring[1], slowPlanner).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aFailureToReadIsHandedOverAfterEveryRecordReadBeforeIt() throws Exception {
        Path j = journal("damaged", 40);
        flipByteOfRecord(j, 23);
        List<String> expected = inline(j, true);
        // the records the merge released before it read the damaged one, then the failure
        assertThat(expected).hasSizeGreaterThan(15 + 2).last().isEqualTo("end");
        assertThat(expected.get(expected.size() - 2)).startsWith("failed: ").contains("record 23: corrupt record");
        for (int[] ring : new int[][]{{1, 1}, {2, 2}, {8, 4}}) {
            try (JournalSet set = JournalSet.open(List.of(j), true)) {
                assertThat(drain(new ReadAhead(new RecordReader(set), BATCH, ring[0], ring[1]), true)).isEqualTo(expected);
            }
        }
    }

    @Test
    void closingStopsAReaderThatWaitsForThePlannerAndEndsTheReadWithoutAFailure() throws Exception {
        Path j = journal("long", 200);
        try (JournalSet set = JournalSet.open(List.of(j))) {
            ReadAhead ahead = new ReadAhead(new RecordReader(set), BATCH, 2, 2);
            ReadBatch first = ahead.next(null);
            assertThat(first.size).isEqualTo(BATCH);
            while (readerState() != Thread.State.TIMED_WAITING) {
                Thread.sleep(1); // the ring is full: the reader waits for the planner
            }
            ahead.close();
            assertThat(readerState()).isNull();
            // what was read before the close is still handed over, then the read ends
            ReadBatch b = ahead.next(first);
            while (!b.last) {
                assertThat(b.size).isEqualTo(BATCH);
                b = ahead.next(b);
            }
            assertThat(b.failure).isNull();
        }
    }

    /** The state of the reading thread, or null when it is gone. */
    private static Thread.State readerState() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("reprise-journal-read-ahead"))
                .map(Thread::getState).findFirst().orElse(null);
    }

    private static void flipByteOfRecord(Path j, long record) throws IOException {
        long at;
        try (var q = net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.binary(j).readOnly(true).build();
             var t = q.createTailer()) {
            assertThat(t.moveToIndex(q.rollCycle().toIndex(q.firstCycle(), record))).isTrue();
            try (var dc = t.readingDocument()) {
                at = dc.wire().bytes().readPosition() + 36;
            }
        }
        Path file;
        try (Stream<Path> files = Files.list(j)) {
            file = files.filter(p -> p.toString().endsWith(".cq4")).sorted().findFirst().orElseThrow();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x5A);
        }
    }
}
