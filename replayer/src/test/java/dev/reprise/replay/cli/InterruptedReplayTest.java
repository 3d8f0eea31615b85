package dev.reprise.replay.cli;

import dev.reprise.testing.ChildJvm;
import dev.reprise.replay.testing.TestJournal;
import dev.reprise.replay.testing.TestTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C, for real: a replay in a child JVM gets SIGINT and still writes the report of what it did. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class InterruptedReplayTest {
    @TempDir
    Path dir;

    @Test
    void ctrlCEndsTheRunEarlyAndStillWritesTheReport() throws Exception {
        TestJournal j = TestJournal.create();
        j.connection(1, 0, 120, 250); // 30 s of capture
        Path journal = j.write(dir.resolve("journal"));
        Path report = dir.resolve("report.json");
        try (TestTarget target = TestTarget.start()) {
            List<String> cmd = ChildJvm.command(ReplayerMain.class,
                    "replay", journal.toString(), "--target", target.url(), "--report", report.toString());
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child.log").toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                while (target.count() < 4 && System.nanoTime() < deadline && child.isAlive()) {
                    Thread.sleep(20);
                }
                assertThat(target.count()).as(log()).isGreaterThanOrEqualTo(4);
                new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor(10, TimeUnit.SECONDS);
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as(log()).isTrue();
            } finally {
                child.destroyForcibly();
            }

            assertThat(report).as(log()).exists();
            String json = Files.readString(report);
            assertThat(json).contains("\"endedEarly\" : true");
            int sent = target.count();
            assertThat(sent).isBetween(4, 100);
            assertThat(json).containsPattern("\"requests\" : (" + (sent - 1) + "|" + sent + "),");
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }

}
