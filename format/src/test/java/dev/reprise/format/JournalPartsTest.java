package dev.reprise.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.reprise.format.TestJournals.HOUR;
import static dev.reprise.format.TestJournals.SECOND;
import static dev.reprise.format.TestJournals.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** A journal read in parts on several threads gives what one reader gives: the same records, order, errors and damage. */
@Timeout(120)
class JournalPartsTest {
    @TempDir
    Path tmp;

    /**
     * Three hours and a bit, an event every 1.5 s on average, a tenth of the requests appended up
     * to 9 s late, and around each hour boundary several appended late across it.
     */
    private Path hours(String name) {
        SplittableRandom rnd = new SplittableRandom(17);
        List<JournalEvent> events = new ArrayList<>();
        long t = T0;
        long end = T0 + 3 * HOUR + HOUR / 4;
        for (int i = 0; t < end; i++) {
            t += rnd.nextLong(3 * SECOND);
            long toHour = HOUR - Math.floorMod(t - T0, HOUR);
            boolean justPastHour = HOUR - toHour < 20 * SECOND;
            long at = i % 10 == 3 || justPastHour && i % 2 == 0 ? t - rnd.nextLong(9 * SECOND) : t;
            events.add(i % 4 == 0 ? SampleEvents.opened(i / 4, at)
                    : i % 4 == 1 ? SampleEvents.request(i / 4, 0, at)
                    : i % 4 == 2 ? SampleEvents.response(i / 4, 0, at) : SampleEvents.closed(i / 4, at));
        }
        Path dir = tmp.resolve(name);
        TestJournals.write(dir, events);
        assertThat(TestJournals.rollFiles(dir)).hasSizeGreaterThanOrEqualTo(4);
        return dir;
    }

    private record Read(List<String> events, long skipped, List<String> damage, String failure) {
    }

    /** Reads the set through views, as one reader or in parts of {@code partRecords} on {@code threads} threads. */
    private static Read read(Path dir, boolean strict, Long from, Long until, int threads, long partRecords) {
        List<String> events = new ArrayList<>();
        String failure = null;
        try (JournalSet set = JournalSet.open(List.of(dir), strict)) {
            if (from != null) {
                set.seek(from);
            }
            if (until != null) {
                set.until(until);
            }
            if (threads > 0) {
                assertThat(set.readInParts(threads, partRecords)).as("read in parts").isTrue();
            }
            try {
                for (EventView v; (v = set.nextView()) != null; ) {
                    events.add(set.journalOf() + " " + set.recordIndex() + " " + v.toEvent());
                }
            } catch (JournalException e) {
                failure = e.getMessage();
            }
            return new Read(events, set.skippedRecords(), set.damage(), failure);
        }
    }

    @Test
    void partsReadOnSeveralThreadsGiveOneReadersEventsInItsOrderAcrossHourBoundaries() {
        Path dir = hours("hours");
        Read one = read(dir, false, null, null, 0, 0);
        assertThat(one.events()).hasSizeGreaterThan(7_000);
        for (int threads = 1; threads <= 3; threads++) {
            for (long part : new long[] {1, 97, 500, 4_096}) {
                assertThat(read(dir, false, null, null, threads, part)).as("%d threads, parts of %d", threads, part)
                        .isEqualTo(one);
            }
        }
    }

    @Test
    void partsKeepTheSeekAndUntilBoundsOfOneReader() {
        Path dir = hours("bounded");
        // both bounds a few seconds from an hour boundary, where late records cross it
        long from = T0 + HOUR - Math.floorMod(T0, HOUR) - 3 * SECOND;
        long until = from + 2 * HOUR + 6 * SECOND;
        Read one = read(dir, false, from, until, 0, 0);
        assertThat(one.events()).hasSizeGreaterThan(4_000);
        assertThat(read(dir, false, from, until, 2, 300)).isEqualTo(one);
        assertThat(read(dir, false, from, until, 3, 1)).isEqualTo(one);
    }

    @Test
    void damagedRecordsAreSkippedAndCountedOnceWhereverThePartsEnd() throws IOException {
        Path dir = hours("damaged");
        List<Path> files = TestJournals.rollFiles(dir);
        // the second file: a record inside a part, the last of a part, and the first of a part
        // (parts of 500 records start at 0, 500, 1000 ...), and the last file's last record
        flipByte(files.get(1), offsetOfRecord(dir, 1, 250) + 6);
        flipByte(files.get(1), offsetOfRecord(dir, 1, 499) + 6);
        flipByte(files.get(1), offsetOfRecord(dir, 1, 1_000) + 6);
        flipByte(files.get(1), offsetOfRecord(dir, 1, 1_001) + 6);
        int last = files.size() - 1;
        flipByte(files.get(last), offsetOfRecord(dir, last, lastRecord(dir, last)) + 6);
        Read one = read(dir, false, null, null, 0, 0);
        assertThat(one.skipped()).isEqualTo(5);
        assertThat(one.damage()).hasSize(5).allMatch(line -> line.contains("corrupt record"));
        for (int threads = 1; threads <= 3; threads++) {
            for (long part : new long[] {1, 500, 501}) {
                assertThat(read(dir, false, null, null, threads, part)).as("%d threads, parts of %d", threads, part)
                        .isEqualTo(one);
            }
        }
    }

    @Test
    void strictReadingInPartsFailsAtTheFirstDamageAfterTheSameEvents() throws IOException {
        Path dir = hours("strict");
        flipByte(TestJournals.rollFiles(dir).get(2), offsetOfRecord(dir, 2, 500) + 6);
        Read one = read(dir, true, null, null, 0, 0);
        assertThat(one.failure()).contains("record 500: corrupt record");
        assertThat(read(dir, true, null, null, 2, 500)).isEqualTo(one);
        assertThat(read(dir, true, null, null, 3, 7)).isEqualTo(one);
    }

    @Test
    void aSetOfSeveralJournalsOrOneOfASinglePartIsReadAsBefore() {
        Path dir = hours("one");
        try (JournalSet set = JournalSet.open(List.of(dir, dir))) {
            assertThat(set.readInParts(2)).isFalse();
        }
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            set.seek(T0 + 4 * HOUR);
            assertThat(set.readInParts(2)).as("nothing left to read").isFalse();
            assertThat(set.nextView()).isNull();
        }
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x5A);
        }
    }

    /** Byte offset of a record in the {@code file}-th roll file, found through a raw tailer. */
    private static long offsetOfRecord(Path dir, int file, long record) {
        try (var q = net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
             var t = q.createTailer()) {
            int cycle = cycleOf(q, file);
            assertThat(t.moveToIndex(q.rollCycle().toIndex(cycle, record))).isTrue();
            try (var dc = t.readingDocument()) {
                return dc.wire().bytes().readPosition();
            }
        }
    }

    private static long lastRecord(Path dir, int file) {
        try (var q = net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
             var t = q.createTailer()) {
            int cycle = cycleOf(q, file);
            long n = 0;
            while (t.moveToIndex(q.rollCycle().toIndex(cycle, n + 1))) {
                n++;
            }
            return n;
        }
    }

    /** Roll files are hourly, by event time, one for every hour from T0's. */
    private static int cycleOf(net.openhft.chronicle.queue.impl.single.SingleChronicleQueue q, int file) {
        return (int) (T0 / HOUR) + file;
    }
}
