package dev.reprise.replay.cli;

import dev.reprise.testing.ChildJvm;
import dev.reprise.testing.JournalBuilder;
import dev.reprise.testing.TestHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Ctrl-C, for real: a replay in a child JVM gets SIGINT and still writes the report of what it did. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class InterruptedReplayTest {
    @TempDir
    Path dir;

    @Test
    void ctrlCEndsTheRunEarlyAndStillWritesTheReport() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        j.connection(1, 0, 120, 250); // 30 s of capture
        Path journal = j.write(dir.resolve("journal"));
        Path report = dir.resolve("report.json");
        try (TestHttpServer target = TestHttpServer.start()) {
            List<String> cmd = ChildJvm.command(ReplayerMain.class,
                    "replay", journal.toString(), "--target", target.url(), "--report", report.toString());
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child.log").toFile()).start();
            try {
                await("four requests at the target, or the replay gone").atMost(Duration.ofSeconds(40))
                        .until(() -> target.count() >= 4 || !child.isAlive());
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
