package dev.reprise.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A writer process killed with SIGKILL mid-stream loses nothing it completed and leaves nothing partial. */
@Timeout(90)
class WriterCrashTest {
    private static final long KILL_AFTER = 20_000;

    @TempDir
    Path dir;

    @Test
    void everyEventAKilledWriterCompletedReadsBackAndNothingPartial() throws Exception {
        Path journal = dir.resolve("journal");
        Process child = startWriter(journal);
        long lastCompleted = -1;
        JournalReader follower = null;
        CompletableFuture<Long> followed = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; (line = lines.readLine()) != null; ) {
                lastCompleted = Long.parseLong(line);
                if (lastCompleted == 100) {
                    // meanwhile another process's reader tails the journal as it is written
                    follower = JournalReader.open(journal).follow();
                    JournalReader f = follower;
                    followed = CompletableFuture.supplyAsync(() -> {
                        long n = 0;
                        while (n < KILL_AFTER && f.next() instanceof RequestEvent r && r.sequence() == n) {
                            n++;
                        }
                        return n;
                    });
                }
                if (lastCompleted >= KILL_AFTER) {
                    break;
                }
            }
            if (lastCompleted < KILL_AFTER) {
                throw new AssertionError("the writer process stopped after " + lastCompleted + " events: " + stderrOf(child));
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, mid-append most likely
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(137);
        } finally {
            child.destroyForcibly();
        }
        assertThat(followed.get(30, TimeUnit.SECONDS)).isEqualTo(KILL_AFTER);
        follower.close();

        List<JournalEvent> events = new ArrayList<>();
        try (JournalReader r = JournalReader.open(journal)) {
            assertThat(r.header().writerId()).isEqualTo("crashing");
            events.addAll(TestJournals.readAll(r));
        }
        assertThat(events.size()).isGreaterThan((int) lastCompleted);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i)).isEqualTo(SampleEvents.request(1, i, TestJournals.T0 + i));
        }
    }

    private static Process startWriter(Path journal) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the Chronicle flags Surefire's argLine gave this JVM
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc")
                    || arg.startsWith("-Dchronicle") || arg.startsWith("-Djdk.attach")) {
                command.add(arg);
            }
        }
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashingWriter.class.getName());
        command.add(journal.toString());
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    }

    private static String stderrOf(Process p) {
        try {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            return e.toString();
        }
    }

}
