package dev.reprise.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.reprise.format.TestJournals.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Hostile journals on disk: each gives one clear line naming the file and position, never a crash or silence. */
@Timeout(60)
class BadJournalTest {
    private static final int EVENTS = 3_000;

    @TempDir
    Path tmp;

    private Path journal() {
        Path dir = tmp.resolve("journal");
        List<JournalEvent> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(SampleEvents.request(1, i, T0 + i * 1_000L));
        }
        TestJournals.write(dir, events);
        return dir;
    }

    /** Reads the whole journal; returns how many events came before the error, and the error. */
    private static String readExpectingError(Path dir) {
        int[] read = {0};
        String message = TestJournals.messageOf(() -> {
            try (JournalReader r = JournalReader.openStrict(dir)) {
                while (r.next() != null) {
                    read[0]++;
                }
            }
        });
        assertThat(message).doesNotContain("\n");
        return message;
    }

    @Test
    void missingPath() {
        Path p = tmp.resolve("nope");
        assertThat(TestJournals.messageOf(() -> JournalReader.openStrict(p)))
                .isEqualTo("journal " + p + ": no such file or directory");
    }

    @Test
    void fileInsteadOfDirectory() throws IOException {
        Path f = Files.writeString(tmp.resolve("events.jsonl"), "{}\n");
        assertThat(TestJournals.messageOf(() -> JournalReader.openStrict(f)))
                .isEqualTo("journal " + f + ": not a directory (a journal is a directory of .cq4 files)");
    }

    @Test
    void directoryThatIsNotAJournal() throws IOException {
        Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertThat(TestJournals.messageOf(() -> JournalReader.openStrict(tmp)))
                .isEqualTo("journal " + tmp + ": not a Reprise journal (no .cq4 files in it)");
    }

    @Test
    void chronicleQueueThatIsNotARepriseJournal() {
        Path dir = tmp.resolve("other");
        TestJournals.appendRaw(dir, T0 / 1_000_000L, new byte[] {42, 1, 2, 3});
        assertThat(TestJournals.messageOf(() -> JournalReader.openStrict(dir)))
                .startsWith("journal " + dir.resolve("20251113-02F.cq4") + " record 0: not a Reprise journal");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100, 5_000, 70_000})
    void garbageRollFile(int size) throws IOException {
        Path dir = tmp.resolve("garbage");
        Files.createDirectories(dir);
        byte[] junk = new byte[size];
        new Random(size).nextBytes(junk);
        Path file = Files.write(dir.resolve("20251113-02F.cq4"), junk);
        assertThat(TestJournals.messageOf(() -> JournalReader.openStrict(dir)))
                .startsWith("journal " + file + ": ").containsAnyOf("truncated", "not a Chronicle Queue roll file");
        assertThat(file).exists();
    }

    @Test
    void flippedBytesInARecordFailTheChecksumAtThatRecord() throws IOException {
        Path dir = journal();
        Path file = TestJournals.rollFiles(dir).get(0);
        long at = offsetOfRecord(dir, 1_000) + 40;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x5A);
        }
        // record 0 is the header, so event 999 is record 1000
        assertThat(readExpectingError(dir)).isEqualTo("journal " + file + " record 1000: corrupt record: checksum mismatch");
    }

    @Test
    void garbageOverRecordHeadersIsReportedNotSkipped() throws IOException {
        Path dir = journal();
        Path file = TestJournals.rollFiles(dir).get(0);
        long at = offsetOfRecord(dir, 2_000);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            byte[] junk = new byte[64];
            new Random(1).nextBytes(junk);
            raf.write(junk);
        }
        assertThat(readExpectingError(dir)).startsWith("journal " + file + " record ");
    }

    @Test
    void zeroedRecordHeaderIsNotMistakenForTheEnd() throws IOException {
        Path dir = journal();
        Path file = TestJournals.rollFiles(dir).get(0);
        long at = offsetOfRecord(dir, 2_500);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            raf.write(new byte[4]);
        }
        assertThat(readExpectingError(dir)).startsWith("journal " + file + " record 2500: ");
    }

    @ParameterizedTest
    @ValueSource(longs = {100, 4_000, 60_000, 65_900, 200_000, 500_000, -1, -2})
    void truncatedRollFileIsReportedWithItsSize(long cutAt) throws IOException {
        Path dir = journal();
        Path file = TestJournals.rollFiles(dir).get(0);
        // -1: inside the last record; -2: exactly between two records, where the rest could look absent
        long cut = cutAt >= 0 ? cutAt : cutAt == -1 ? offsetOfRecord(dir, EVENTS) + 2 : offsetOfRecord(dir, 1_500);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(cut);
        }
        String message = readExpectingError(dir);
        assertThat(message).startsWith("journal " + file).doesNotContain("InternalError");
        if (cut >= 4_096) {
            assertThat(message).contains("truncated: the file is " + cut + " bytes");
        }
    }

    @Test
    void newerMajorVersionIsRefusedWithAClearMessage() {
        Path dir = tmp.resolve("future");
        byte[] header = TestJournals.encoded(new JournalHeader(FormatVersion.MAJOR + 1, 3, "proxy-from-the-future", T0,
                CaptureSettings.synthetic(10)));
        TestJournals.appendRaw(dir, T0 / 1_000_000L, header);
        assertThat(TestJournals.messageOf(() -> JournalReader.openStrict(dir)))
                .isEqualTo("journal " + dir + " was written in format " + (FormatVersion.MAJOR + 1)
                        + ".3; this Reprise reads format " + FormatVersion.MAJOR + ".x: upgrade Reprise to read it");
    }

    /** Byte offset in the first roll file of a record, found through a raw tailer. */
    private static long offsetOfRecord(Path dir, long record) {
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
