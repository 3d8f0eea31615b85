package dev.reprise.replay.watch;

import dev.reprise.testing.ChildJvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link GrowingProcess} started as a real child process, and a client that drives it. */
final class GrowingChild implements AutoCloseable {
    private final Process process;
    private final int port;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final AtomicLong answered = new AtomicLong();

    private GrowingChild(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static GrowingChild start(String... args) throws IOException {
        List<String> jvm = new ArrayList<>(List.of("-Xms16m", "-Xmx16m", "-XX:+AlwaysPreTouch", "-XX:MaxDirectMemorySize=4g",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dsun.net.httpserver.nodelay=true")); // else delayed ACKs hold each answer ~40 ms
        Process p = new ProcessBuilder(ChildJvm.command(jvm, GrowingProcess.class, args))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String line = lines.readLine();
        if (line == null || !line.startsWith("listening on ")) {
            p.destroyForcibly();
            throw new IOException("the growing process did not start: " + line);
        }
        return new GrowingChild(p, Integer.parseInt(line.substring("listening on ".length()).trim()));
    }

    long pid() {
        return process.pid();
    }

    /**
     * Sends {@code perSecond * millis / 1000} requests one after another, at about {@code perSecond}
     * (so for about {@code millis}); counts those answered. A count rather than a time, so that a
     * busy machine makes the run longer, not the traffic smaller.
     */
    void drive(int perSecond, long millis) throws IOException, InterruptedException {
        long gap = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(5)).build();
        for (long n = (long) perSecond * millis / 1_000; n > 0; n--) {
            HttpResponse<Void> r = client.send(get, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
                answered.incrementAndGet();
            }
            next += gap;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
