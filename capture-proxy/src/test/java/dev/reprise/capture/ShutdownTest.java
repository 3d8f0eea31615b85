package dev.reprise.capture;

import static org.awaitility.Awaitility.await;
import dev.reprise.testing.ChildJvm;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalReader;
import dev.reprise.format.Outcome;
import dev.reprise.format.ResponseEvent;
import dev.reprise.testing.TestHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(90)
class ShutdownTest {
    @TempDir
    Path dir;

    private static void awaitForwarded(ProxyFixture fx, long n) {
        await(n + " requests forwarded").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> fx.proxy.counters().forwarded() >= n);
    }

    private static int status(String url) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void stoppingFinishesExchangesInFlightAndFlushesTheJournal() throws Exception {
        try (ProxyFixture fx = ProxyFixture.builder(dir.resolve("j")).drain(Duration.ofSeconds(20)).start()) {
            InetSocketAddress at = fx.address();
            CompletableFuture<byte[]> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return RawHttp.exchange(at, "GET /slow?ms=1500 HTTP/1.1\r\nHost: svc\r\n\r\n");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            awaitForwarded(fx, 1);
            String ready = "http://127.0.0.1:" + fx.proxy.adminAddress().getPort() + "/ready";
            assertThat(status(ready)).isEqualTo(200);
            // Its own thread: on two cores the common pool has one, busy with the slow exchange.
            ExecutorService stopper = Executors.newSingleThreadExecutor();
            CompletableFuture<List<JournalEvent>> stopped = CompletableFuture.supplyAsync(fx::stopAndReadJournal, stopper);
            stopper.shutdown();
            int seen = await("/ready to change while draining").atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(20)).until(() -> status(ready), s -> s != 200);
            assertThat(seen).as("/ready while draining").isEqualTo(503);
            List<JournalEvent> events = stopped.get(20, TimeUnit.SECONDS);
            String got = RawHttp.text(slow.get(10, TimeUnit.SECONDS));
            assertThat(got).startsWith("HTTP/1.1 200 OK").contains("connection: close").endsWith("hello, world\n");
            assertThat(events).filteredOn(e -> e instanceof ResponseEvent r && r.outcome() == Outcome.COMPLETE).hasSize(1);
            assertThatThrownBy(() -> new Socket().connect(at, 1000)).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void theDrainDeadlineCutsOffWhatIsStillRunning() throws Exception {
        try (ProxyFixture fx = ProxyFixture.builder(dir.resolve("j")).drain(Duration.ofMillis(300)).start()) {
            InetSocketAddress at = fx.address();
            CompletableFuture<byte[]> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return RawHttp.exchange(at, "GET /slow?ms=20000 HTTP/1.1\r\nHost: svc\r\n\r\n");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            awaitForwarded(fx, 1);
            long t0 = System.nanoTime();
            fx.proxy.stop();
            assertThat(System.nanoTime() - t0).isLessThan(15_000_000_000L);
            assertThat(slow.get(10, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void sigtermDrainsAndExitsZeroWithTheJournalComplete() throws Exception {
        Path journal = dir.resolve("j");
        try (TestHttpServer upstream = ProxyFixture.upstream()) {
            List<String> cmd = ChildJvm.command(List.of("-Xmx256m"), CaptureMain.class,
                    "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0", "--upstream", upstream.url(),
                    "--journal", journal.toString(), "--drain-timeout", "20s");
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line = out.readLine();
                assertThat(line).isNotNull();
                Matcher m = CommandLineTest.START_LINE.matcher(line);
                assertThat(m.find()).as(line).isTrue();
                String[] hp = m.group(1).split(":");
                InetSocketAddress at = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
                CompletableFuture<byte[]> slow = CompletableFuture.supplyAsync(() -> {
                    try {
                        return RawHttp.exchange(at, "GET /slow?ms=1500 HTTP/1.1\r\nHost: svc\r\n\r\n");
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                await("the slow request reaching the upstream").atMost(Duration.ofSeconds(10))
                        .until(() -> upstream.count() > 0);
                p.destroy(); // SIGTERM
                assertThat(RawHttp.text(slow.get(20, TimeUnit.SECONDS))).startsWith("HTTP/1.1 200 OK");
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
            } finally {
                p.destroyForcibly();
            }
        }
        try (JournalReader r = JournalReader.open(journal)) {
            List<JournalEvent> events = new ArrayList<>();
            for (JournalEvent e; (e = r.next()) != null; ) {
                events.add(e);
            }
            assertThat(events).filteredOn(ResponseEvent.class::isInstance).hasSize(1);
            assertThat(r.header().settings().redacted()).isTrue();
        }
    }
}
