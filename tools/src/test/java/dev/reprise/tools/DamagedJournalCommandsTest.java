package dev.reprise.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** inspect and export read past a damaged record, say what they skipped, and stop at it with --strict. */
@Timeout(60)
class DamagedJournalCommandsTest {
    @TempDir
    Path tmp;

    /** The hand-built journal with the checksum of its fourth record (the second request) broken. */
    private Path damagedJournal() throws IOException {
        Path dir = tmp.resolve("journal");
        HandBuiltJournal.twoConnections().writerId("proxy-1").write(dir);
        Path file;
        try (Stream<Path> s = Files.list(dir)) {
            file = s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        long at;
        try (var q = net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
             var t = q.createTailer()) {
            // record 0 is the journal header, so event 4 (the POST) is record 5
            t.moveToIndex(q.rollCycle().toIndex((int) q.firstCycle(), 5));
            try (var dc = t.readingDocument()) {
                at = dc.wire().bytes().readPosition() + 30;
            }
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x5A);
        }
        return dir;
    }

    @Test
    void exportWritesEveryIntactEventAndReportsTheSkippedOne() throws IOException {
        Path dir = damagedJournal();
        CliRun run = CliRun.run("export", dir.toString());
        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(1 + HandBuiltJournal.twoConnections().events().size() - 1);
        assertThat(run.out()).doesNotContain("\"method\":\"POST\"");
        assertThat(run.err()).contains("warning: skipped 1 damaged record").contains("record 5: corrupt record: checksum mismatch");
    }

    @Test
    void exportWithStrictStopsAtTheDamageWithOneLine() throws IOException {
        Path dir = damagedJournal();
        CliRun run = CliRun.run("export", "--strict", dir.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().strip()).startsWith("error: journal ").endsWith("record 5: corrupt record: checksum mismatch")
                .doesNotContain("\n");
    }

    @Test
    void inspectProfilesTheIntactEventsAndReportsTheSkippedOne() throws IOException {
        Path dir = damagedJournal();
        CliRun run = CliRun.run("inspect", dir.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("warning: skipped 1 damaged record");
        assertThat(CliRun.run("inspect", "--strict", dir.toString()).exitCode()).isNotZero();
    }
}
