package dev.reprise.format;

import dev.reprise.format.internal.JournalFiles;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static dev.reprise.format.TestJournals.HOUR;
import static dev.reprise.format.TestJournals.T0;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class JournalWriterTest {
    private static final long HOUR_MILLIS = HOUR / 1_000_000L;

    @TempDir
    Path dir;

    /**
     * Chronicle's appender keeps the mapped block of each index array it has written to until it
     * is closed, so a roll file's blocks piled up in the process (and its RSS) until the file
     * rolled. The writer replaces its appender once per index array (524,288 records with
     * five-minute files): four index arrays' worth of records later, the file has its first block
     * (its header and top-level index), the block being written and at most the one before mapped.
     */
    @Test
    void aRollFileWrittenPastSeveralIndexArraysKeepsOnlyAFewOfItsBlocksMapped() throws Exception {
        long records = 4L * 2048 * 256;
        try (JournalWriter w = JournalWriter.create(dir).startNanos(T0).rollPeriod(RollPeriod.FIVE_MINUTES)
                .cycleByEventTime().open()) {
            for (long i = 0; i < records; i++) {
                w.append(SampleEvents.request(i, 0, T0 + i));
            }
            assertThat(Files.size(TestJournals.rollFiles(dir).get(0))).as("the file spans several 64 MiB blocks").isGreaterThan(256L << 20);
            BackgroundResourceReleaser.releasePendingResources(); // Chronicle unmaps released blocks on a thread of its own
            assertThat(mappedBlocks(dir)).hasSizeBetween(2, 3);
        }
    }

    /** The process's mappings of the journal's roll files (/proc/self/maps), one line each. */
    private static List<String> mappedBlocks(Path journal) throws IOException {
        String prefix = journal.toRealPath().toString() + "/";
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(l -> l.contains(prefix) && l.endsWith(".cq4"))
                .toList();
    }


    @Test
    void manyThreadsAppendingAtOnceLoseAndDuplicateNothing() throws Exception {
        int threads = 6;
        int perThread = 5_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (JournalWriter w = JournalWriter.create(dir).startNanos(T0).open()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long conn = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        w.append(SampleEvents.request(conn, i, T0 + i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> seen = new HashSet<>();
        long[] nextSeq = new long[threads];
        for (JournalEvent e : TestJournals.readAll(dir)) {
            RequestEvent r = (RequestEvent) e;
            assertThat(r).isEqualTo(SampleEvents.request(r.connectionId(), r.sequence(), T0 + r.sequence()));
            assertThat(seen.add(r.connectionId() + "/" + r.sequence())).as("read once: %s", r).isTrue();
            // each thread's own appends keep their order
            assertThat(r.sequence()).isEqualTo(nextSeq[(int) r.connectionId()]++);
        }
        assertThat(seen).hasSize(threads * perThread);
    }

    @Test
    void rollsHourlyAndStartsEveryFileWithTheHeader() {
        AtomicLong clock = new AtomicLong(T0 / 1_000_000L);
        try (JournalWriter w = JournalWriter.create(dir).writerId("roll").startNanos(T0).wallClockMillis(clock::get).open()) {
            for (int h = 0; h < 3; h++) {
                w.append(SampleEvents.closed(h, T0 + h * HOUR));
                clock.addAndGet(HOUR_MILLIS);
            }
        }
        List<Path> files = TestJournals.rollFiles(dir);
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("20251113-02F.cq4", "20251113-03F.cq4", "20251113-04F.cq4");
        assertThat(TestJournals.readAll(dir)).hasSize(3);
        // after the older files are gone, the newest still says who wrote it
        for (Path f : files.subList(0, 2)) {
            f.toFile().delete();
        }
        try (JournalReader r = JournalReader.open(dir)) {
            assertThat(r.header().writerId()).isEqualTo("roll");
            assertThat(TestJournals.readAll(r)).containsExactly(SampleEvents.closed(2, T0 + 2 * HOUR));
        }
    }

    @Test
    void retentionByAgeDeletesWholeFilesWhoseHourEndedLongerAgoThanTheAge() {
        AtomicLong clock = new AtomicLong(T0 / 1_000_000L);
        Retention keepTwoHours = Retention.of(Duration.ofHours(2), null);
        try (JournalWriter w = JournalWriter.create(dir).startNanos(T0).wallClockMillis(clock::get)
                .retention(keepTwoHours).open()) {
            for (int h = 0; h < 6; h++) {
                w.append(SampleEvents.closed(h, T0 + h * HOUR));
                clock.addAndGet(HOUR_MILLIS);
            }
        }
        // at 07:13 the files of hours 02 and 03 ended more than two hours ago (04:00 and 05:00 ≤ 05:13)
        assertThat(TestJournals.rollFiles(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("20251113-05F.cq4", "20251113-06F.cq4", "20251113-07F.cq4");
        assertThat(TestJournals.readAll(dir)).extracting(e -> ((ConnectionClosed) e).connectionId())
                .containsExactly(3L, 4L, 5L);
    }

    @Test
    void retentionRunsWhenAWriterReopensAndLeavesOtherFilesAlone() throws IOException {
        AtomicLong clock = new AtomicLong(T0 / 1_000_000L);
        try (JournalWriter w = JournalWriter.create(dir).startNanos(T0).wallClockMillis(clock::get).open()) {
            for (int h = 0; h < 3; h++) {
                w.append(SampleEvents.closed(h, T0 + h * HOUR));
                clock.addAndGet(HOUR_MILLIS);
            }
        }
        Path foreign = Files.writeString(dir.resolve("NOTES.txt"), "not a roll file");
        clock.addAndGet(10 * HOUR_MILLIS); // the proxy restarts much later
        try (JournalWriter w = JournalWriter.create(dir).startNanos(T0).wallClockMillis(clock::get)
                .retention(Retention.of(Duration.ofHours(1), null)).open()) {
            // on opening, before any append: all but the newest file are past the age
            assertThat(TestJournals.rollFiles(dir)).extracting(p -> p.getFileName().toString())
                    .containsExactly("20251113-04F.cq4");
        }
        assertThat(foreign).exists();
    }

    @Test
    void retentionBySizeDeletesOldestFilesUntilTheJournalFits() {
        AtomicLong clock = new AtomicLong(T0 / 1_000_000L);
        // Chronicle maps each roll file in large sparse chunks; find what one hour's file takes on disk
        Path probe = dir.resolve("probe");
        try (JournalWriter w = JournalWriter.create(probe).startNanos(T0).wallClockMillis(clock::get).open()) {
            w.append(SampleEvents.closed(0, T0));
        }
        long oneFile = JournalFiles.diskBytes(probe);
        Path journal = dir.resolve("journal");
        try (JournalWriter w = JournalWriter.create(journal).startNanos(T0).wallClockMillis(clock::get)
                .retention(Retention.of(null, oneFile * 3 + oneFile / 2)).open()) {
            for (int h = 0; h < 8; h++) {
                w.append(SampleEvents.closed(h, T0 + h * HOUR));
                clock.addAndGet(HOUR_MILLIS);
            }
        }
        List<Path> files = TestJournals.rollFiles(journal);
        // checked when a file is started, before it grows: three full files plus the new one at most
        assertThat(files).hasSizeBetween(3, 4);
        assertThat(files.get(files.size() - 1).getFileName().toString()).isEqualTo("20251113-09F.cq4");
        List<JournalEvent> left = TestJournals.readAll(journal);
        assertThat(left).extracting(e -> ((ConnectionClosed) e).connectionId()).endsWith(7L).hasSize(files.size());
    }

    @Test
    void sizeIsCountedOnDiskNotByTheSparseFilesApparentSizeAndEveryDeletionIsTold() throws IOException {
        AtomicLong clock = new AtomicLong(T0 / 1_000_000L);
        Path journal = dir.resolve("sparse");
        try (JournalWriter w = JournalWriter.create(journal).startNanos(T0).wallClockMillis(clock::get).open()) {
            for (int h = 0; h < 6; h++) {
                w.append(SampleEvents.closed(h, T0 + h * HOUR));
                clock.addAndGet(HOUR_MILLIS);
            }
        }
        List<Path> files = TestJournals.rollFiles(journal);
        long onDisk = JournalFiles.diskBytes(journal);
        // Whether Chronicle's pre-sized files are sparse depends on the file system and on its
        // pre-touching; make them so for certain: a hole of 1 GiB at the end of each closed one.
        long apparent = 0;
        for (Path f : files.subList(0, files.size() - 1)) {
            try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(raf.length() + (1L << 30));
            }
        }
        for (Path f : files) {
            apparent += Files.size(f);
        }
        assertThat(JournalFiles.diskBytes(journal)).isEqualTo(onDisk);
        assertThat(onDisk).isLessThan(apparent);
        List<String> told = new ArrayList<>();
        // A cap between the two: counting apparent sizes would delete files, counting the disk does not.
        long between = (apparent + onDisk) / 2;
        try (JournalWriter w = JournalWriter.create(journal).startNanos(T0).wallClockMillis(clock::get)
                .retention(Retention.of(null, between))
                .onRetentionDelete((file, bytes, reason) -> told.add(file.getFileName() + " " + bytes + " " + reason))
                .open()) {
            assertThat(told).isEmpty();
        }
        assertThat(TestJournals.rollFiles(journal)).hasSize(6);

        // A cap below what the files use on disk deletes the oldest, and says why and how much went.
        long oneFile = JournalFiles.diskBytesOf(files.get(0));
        long cap = oneFile * 2 + oneFile / 2;
        try (JournalWriter w = JournalWriter.create(journal).startNanos(T0).wallClockMillis(clock::get)
                .retention(Retention.of(null, cap))
                .onRetentionDelete((file, bytes, reason) -> told.add(file.getFileName() + " " + bytes + " " + reason))
                .open()) {
            assertThat(told).isNotEmpty();
        }
        assertThat(told.get(0)).startsWith("20251113-02F.cq4 " + oneFile + " the journal uses " + onDisk)
                .endsWith("bytes on disk, above the maximum of " + cap + " (--max-journal-size)");
        assertThat(TestJournals.rollFiles(journal)).hasSize(6 - told.size());
        assertThat(JournalFiles.diskBytes(journal)).isLessThanOrEqualTo(cap);
    }

    @Test
    void retentionByAgeTellsEveryDeletion() {
        AtomicLong clock = new AtomicLong(T0 / 1_000_000L);
        List<String> told = new ArrayList<>();
        try (JournalWriter w = JournalWriter.create(dir).startNanos(T0).wallClockMillis(clock::get)
                .retention(Retention.of(Duration.ofHours(2), null))
                .onRetentionDelete((file, bytes, reason) -> told.add(file.getFileName() + ": " + reason))
                .open()) {
            for (int h = 0; h < 5; h++) {
                w.append(SampleEvents.closed(h, T0 + h * HOUR));
                clock.addAndGet(HOUR_MILLIS);
            }
        }
        assertThat(told).containsExactly("20251113-02F.cq4: its last record is older than 2h (--retain)",
                "20251113-03F.cq4: its last record is older than 2h (--retain)");
    }

    @Test
    void journalFilesAreReadableByTheOwnerOnly() throws IOException {
        AtomicLong clock = new AtomicLong(T0 / 1_000_000L);
        try (JournalWriter w = JournalWriter.create(dir.resolve("j")).startNanos(T0).wallClockMillis(clock::get).open()) {
            w.append(SampleEvents.closed(0, T0));
            clock.addAndGet(HOUR_MILLIS);
            w.append(SampleEvents.closed(1, T0 + HOUR));
        }
        Path j = dir.resolve("j");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(j))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(j)) {
            List<Path> all = files.toList();
            assertThat(all).hasSizeGreaterThanOrEqualTo(3); // two roll files and Chronicle's metadata
            for (Path f : all) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                        .isEqualTo("rw-------");
            }
        }
    }

    @Test
    void appendAfterCloseFailsClearly() {
        JournalWriter w = JournalWriter.create(dir).startNanos(T0).open();
        w.close();
        assertThat(TestJournals.messageOf(() -> w.append(SampleEvents.closed(1, T0))))
                .isEqualTo("journal " + dir + ": writer is closed");
    }
}
