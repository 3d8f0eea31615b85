package dev.reprise.format;

import dev.reprise.format.internal.JournalFiles;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roll files are found by name, as Chronicle names them: the files a Chronicle queue writes for
 * each roll period are the cycles the journal lists, and a name Chronicle would not write is no
 * roll file at all.
 */
class RollFileNamesTest {
    /** 2026-02-28T22:55:00Z: a month's and a year's ends are a few cycles away for the short periods. */
    private static final long START_MILLIS = Instant.parse("2026-02-28T22:55:00Z").toEpochMilli();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(RollPeriod.class)
    void theCyclesListedAreThoseOfTheFilesChronicleWrote(RollPeriod period) throws IOException {
        RollCycle rc = period.chronicleCycle();
        Path dir = tmp.resolve(period.name());
        long[] millis = {START_MILLIS, START_MILLIS + rc.lengthInMillis(), START_MILLIS + 3L * rc.lengthInMillis(),
                START_MILLIS + 40L * rc.lengthInMillis()};
        for (long at : millis) {
            try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(dir).rollCycle(rc).timeProvider(() -> at).build();
                 ExcerptAppender a = q.createAppender();
                 DocumentContext dc = a.writingDocument()) {
                dc.wire().bytes().writeInt(1);
            }
        }

        int[] expected = Arrays.stream(millis).mapToInt(m -> (int) (m / rc.lengthInMillis()))
                .toArray();
        assertThat(JournalFiles.cycles(dir, rc)).containsExactly(expected);
        for (int cycle : expected) {
            Path file = JournalFiles.fileOf(dir, rc, cycle);
            assertThat(file).as("Chronicle's file for cycle %d", cycle).isRegularFile();
            assertThat(JournalFiles.cycleStartMillis(file, rc)).isEqualTo((long) cycle * rc.lengthInMillis());
        }
    }

    @Test
    void aNameChronicleWouldNotWriteIsNoRollFile() throws IOException {
        RollCycle hourly = RollPeriod.HOUR.chronicleCycle();
        for (String name : List.of("20260132-00F.cq4", "20260101-24F.cq4", "20260101-00G.cq4", "20260101-0F.cq4",
                "2026011-00F.cq4", "x.cq4", ".cq4", "20260101-00F.cq4t", "metadata.cq4t", "20260101F.cq4")) {
            assertThat(JournalFiles.cycleStartMillis(tmp.resolve(name), hourly)).as(name).isEqualTo(-1);
            Files.createFile(tmp.resolve(name));
        }
        Files.createFile(tmp.resolve("20260101-05F.cq4"));

        assertThat(JournalFiles.cycles(tmp, hourly))
                .containsExactly((int) (Instant.parse("2026-01-01T05:00:00Z").toEpochMilli() / hourly.lengthInMillis()));
    }
}
