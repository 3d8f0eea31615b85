package dev.reprise.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.reprise.format.TestJournals.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** By default a reader passes over damage: it reads every intact record around it and says what it skipped. */
@Timeout(60)
class DamagedJournalTest {
    private static final int EVENTS = 3_000;

    @TempDir
    Path tmp;

    private Path journal(String name) {
        Path dir = tmp.resolve(name);
        List<JournalEvent> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(SampleEvents.request(1, i, T0 + i * 1_000L));
        }
        TestJournals.write(dir, events);
        return dir;
    }

    private record Read(List<Long> sequences, long skipped, List<String> damage) {
    }

    private static Read readAll(Path dir) {
        List<Long> seqs = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir)) {
            for (JournalEvent e; (e = r.next()) != null; ) {
                seqs.add(((RequestEvent) e).sequence());
            }
            return new Read(seqs, r.skippedRecords(), r.damage());
        }
    }

    private static Read readAllWithView(Path dir) {
        List<Long> seqs = new ArrayList<>();
        EventView view = new EventView();
        try (JournalReader r = JournalReader.open(dir)) {
            while (r.next(view)) {
                seqs.add(view.sequence());
            }
            return new Read(seqs, r.skippedRecords(), r.damage());
        }
    }

    @Test
    void aRecordFailingItsChecksumIsSkippedAndEveryOtherRecordIsRead() throws IOException {
        Path dir = journal("flipped");
        Path file = TestJournals.rollFiles(dir).get(0);
        flipByte(file, offsetOfRecord(dir, 1_000) + 40);
        for (Read read : List.of(readAll(dir), readAllWithView(dir))) {
            assertThat(read.sequences()).hasSize(EVENTS - 1).doesNotContain(999L).contains(998L, 1_000L);
            assertThat(read.skipped()).isEqualTo(1);
            assertThat(read.damage()).containsExactly("journal " + file + " record 1000: corrupt record: checksum mismatch");
        }
    }

    @Test
    void aRecordChronicleCannotReadIsSkippedAndTheRecordsAfterItAreRead() throws IOException {
        Path dir = journal("zeroed");
        Path file = TestJournals.rollFiles(dir).get(0);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offsetOfRecord(dir, 2_500));
            raf.write(new byte[4]);
        }
        Read read = readAll(dir);
        assertThat(read.sequences()).contains(0L, 2_498L);
        assertThat(read.sequences()).as("records after the damage").contains((long) EVENTS - 1);
        assertThat(read.sequences().size() + read.skipped()).isGreaterThanOrEqualTo(EVENTS);
        assertThat(read.skipped()).isPositive();
        assertThat(read.damage()).first().asString().startsWith("journal " + file + " record 2500: ");
    }

    @Test
    void aDamagedFileIsLeftAtItsDamageAndTheNextFileIsRead() throws IOException {
        Path dir = tmp.resolve("two-files");
        List<JournalEvent> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(SampleEvents.request(1, i, T0 + i * 1_000L));
        }
        for (int i = 200; i < 400; i++) {
            events.add(SampleEvents.request(1, i, T0 + TestJournals.HOUR + i * 1_000L));
        }
        try (JournalWriter w = JournalWriter.create(dir).startNanos(T0).cycleByEventTime().open()) {
            events.forEach(w::append);
        }
        Path first = TestJournals.rollFiles(dir).get(0);
        try (RandomAccessFile raf = new RandomAccessFile(first.toFile(), "rw")) {
            raf.seek(offsetOfRecord(dir, 150));
            byte[] junk = new byte[64];
            new Random(3).nextBytes(junk);
            raf.write(junk);
        }
        Read read = readAll(dir);
        assertThat(read.sequences()).contains(0L, 148L).contains(200L, 399L);
        assertThat(read.sequences().stream().filter(s -> s >= 200).count()).isEqualTo(200);
        assertThat(read.skipped()).isPositive();
    }

    @Test
    void aTruncatedFileIsReadUpToTheCutAndTheCutIsReported() throws IOException {
        Path dir = journal("cut");
        Path file = TestJournals.rollFiles(dir).get(0);
        long cut = offsetOfRecord(dir, 1_500) + 2;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(cut);
        }
        Read read = readAll(dir);
        assertThat(read.sequences()).hasSize(1_499).startsWith(0L).endsWith(1_498L);
        assertThat(read.skipped()).isPositive();
        assertThat(read.damage()).first().asString().startsWith("journal " + file + ": truncated: the file is " + cut + " bytes");
    }

    @Test
    void strictReadingStillStopsAtTheFirstDamage() throws IOException {
        Path dir = journal("strict");
        Path file = TestJournals.rollFiles(dir).get(0);
        flipByte(file, offsetOfRecord(dir, 10) + 40);
        String message = TestJournals.messageOf(() -> {
            try (JournalReader r = JournalReader.openStrict(dir)) {
                while (r.next() != null) {
                    // to the error
                }
            }
        });
        assertThat(message).isEqualTo("journal " + file + " record 10: corrupt record: checksum mismatch");
    }

    @Test
    void aDamagedMetadataFileGetsAClearMessageAtOnce() throws IOException {
        Path dir = journal("meta");
        Path meta = dir.resolve("metadata.cq4t");
        byte[] junk = new byte[(int) Files.size(meta)];
        new Random(5).nextBytes(junk);
        Files.write(meta, junk);
        long t0 = System.nanoTime();
        String message = TestJournals.messageOf(() -> JournalReader.open(dir).close());
        assertThat(message).isEqualTo("journal " + dir + ": metadata.cq4t is damaged (it does not start with a table"
                + " store header); the roll files do not depend on it: move it out of the directory and it is rebuilt");
        assertThat(System.nanoTime() - t0).as("no wait for a lock").isLessThan(3_000_000_000L);
        String writing = TestJournals.messageOf(() -> JournalWriter.create(dir).open().close());
        assertThat(writing).isEqualTo(message);
        // The advice holds: without it the journal reads in full again.
        Files.move(meta, tmp.resolve("metadata.cq4t.damaged"));
        assertThat(readAll(dir).sequences()).hasSize(EVENTS);
    }

    @Test
    void aWriterRefusesADirectoryThatIsNotAJournal() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(dir.resolve("cat.jpg"), "meow");
        assertThat(TestJournals.messageOf(() -> JournalWriter.create(dir).open()))
                .isEqualTo("journal " + dir + ": not a Reprise journal (it holds 'cat.jpg'); refusing to write into it:"
                        + " give an empty or new directory");
        assertThat(dir.resolve("metadata.cq4t")).doesNotExist();
    }

    @Test
    void aWriterRefusesAChronicleQueueThatIsNotAJournal() {
        Path dir = tmp.resolve("other");
        TestJournals.appendRaw(dir, T0 / 1_000_000L, new byte[] {42, 1, 2, 3});
        assertThat(TestJournals.messageOf(() -> JournalWriter.create(dir).open()))
                .contains("not a Reprise journal (the first record is not a journal header)");
    }

    @Test
    void aWriterRefusesAJournalOfAnotherFormatVersion() {
        Path dir = tmp.resolve("future");
        byte[] header = TestJournals.encoded(new JournalHeader(FormatVersion.MAJOR, FormatVersion.MINOR + 1, "newer", T0,
                CaptureSettings.synthetic(10)));
        TestJournals.appendRaw(dir, T0 / 1_000_000L, header);
        assertThat(TestJournals.messageOf(() -> JournalWriter.create(dir).open()))
                .isEqualTo("journal " + dir + " holds format " + FormatVersion.MAJOR + "." + (FormatVersion.MINOR + 1)
                        + "; this Reprise writes format " + FormatVersion.MAJOR + "." + FormatVersion.MINOR
                        + ": refusing to mix them in one journal: give a new directory");
    }

    @Test
    void aWriterAppendsToAJournalOfItsOwnVersion() {
        Path dir = journal("again");
        try (JournalWriter w = JournalWriter.create(dir).startNanos(T0).cycleByEventTime().open()) {
            w.append(SampleEvents.request(2, 0, T0 + 5_000_000L));
        }
        assertThat(readAll(dir).sequences()).hasSize(EVENTS + 1);
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x5A);
        }
    }

    /** Byte offset of a record in the first roll file, found through a raw tailer. */
    static long offsetOfRecord(Path dir, long record) {
        try (var q = net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
             var t = q.createTailer()) {
            long cycle = q.firstCycle();
            assertThat(t.moveToIndex(q.rollCycle().toIndex((int) cycle, record))).isTrue();
            try (var dc = t.readingDocument()) {
                return dc.wire().bytes().readPosition() - 4;
            }
        }
    }
}
