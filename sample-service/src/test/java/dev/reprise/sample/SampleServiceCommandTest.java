package dev.reprise.sample;

import dev.reprise.cli.CommandRunner;
import dev.reprise.cli.ExitCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.testing.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class SampleServiceCommandTest {
    @Test
    void printsTheBoundAddressOnOneLineAndServesUntilStopped() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SampleServiceCommand.class.getName(), "--listen", "127.0.0.1:0", "--name", "staging",
                "--defect", "tenant-pool", "--pool-slots", "3")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
            assertThat(line).matches("sample-service staging listening on 127\\.0\\.0\\.1:[1-9][0-9]*");
            String address = line.substring(line.lastIndexOf(' ') + 1);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> stats = client.send(HttpRequest.newBuilder(URI.create("http://" + address + "/stats"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = new ObjectMapper().readTree(stats.body());
            assertThat(json.get("name").asText()).isEqualTo("staging");
            assertThat(json.get("defect").asText()).isEqualTo("tenant-pool");
            assertThat(json.get("settings").get("slots").asInt()).isEqualTo(3);
            assertThat(json.get("settings").get("queue").asInt()).isEqualTo(Defect.TenantPool.DEFAULT_QUEUE);
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        // SIGTERM ends it the JVM's way (128 + 15), not a kill -9 after the 20 s wait
        assertThat(p.exitValue()).as("exit status after SIGTERM").isEqualTo(143);
    }

    @Test
    void badFlagsGetOneLineNamingTheFlagAndExitCode2() {
        for (List<String> args : List.of(
                List.of("--listen", "nohost"),
                List.of("--listen", "127.0.0.1:99999"),
                List.of("--listen", "127.0.0.1:http"),
                List.of("--defect", "leak"),
                List.of("--pool-slots", "3"),
                List.of("--defect", "tenant-pool", "--pool-slots", "0"),
                List.of("--defect", "tenant-pool", "--pool-queue", "-1"),
                List.of("--name", "two words"),
                List.of("--threads", "0"))) {
            Run run = run(args);
            assertThat(run.exit).as(args.toString()).isEqualTo(ExitCode.USAGE.code());
            String firstLine = run.err.lines().findFirst().orElse("");
            assertThat(firstLine).as(args.toString()).startsWith("error: ")
                    .contains(args.get(args.size() - 2));
            assertThat(run.err).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    record Run(int exit, String err) {
    }

    static Run run(List<String> args) {
        CommandRun run = CommandRun.of(new SampleServiceCommand(), args.toArray(String[]::new));
        return new Run(run.exitCode(), run.err());
    }
}
