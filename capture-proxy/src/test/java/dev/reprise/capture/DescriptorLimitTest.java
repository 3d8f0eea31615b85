package dev.reprise.capture;

import static org.awaitility.Awaitility.await;
import dev.reprise.testing.TestHttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Floods of idle and slow connections past the proxy's descriptor limit, against a proxy in its
 * own JVM under {@code ulimit -n}: the flood must not stop others being served, memory must stay
 * bounded, and running out of descriptors must be handled quietly. Each test serves one request
 * before its flood, as a proxy in production has: here the proxy runs from class directories,
 * where loading a class takes a descriptor (the shipped jar is held open).
 */
@Timeout(120)
class DescriptorLimitTest {
    private static final int FLOOD = 700;

    @TempDir
    Path dir;
    final List<Socket> flood = new ArrayList<>();

    @AfterEach
    void release() throws IOException {
        for (Socket s : flood) {
            s.close();
        }
    }

    /** Opens FLOOD connections; those the proxy closes at once stay open on our side only. */
    private void openFlood(ChildProxy proxy, byte[] firstBytes) throws IOException {
        for (int i = 0; i < FLOOD; i++) {
            Socket s = new Socket();
            flood.add(s);
            s.connect(proxy.address, 5000);
            if (firstBytes.length > 0) {
                try {
                    s.getOutputStream().write(firstBytes);
                } catch (IOException closedByTheProxy) {
                    // it made room for a later one
                }
            }
        }
    }

    /** Keeps the flood's heads trickling: one more header byte on every connection still open. */
    private void trickle() {
        for (Socket s : flood) {
            try {
                OutputStream out = s.getOutputStream();
                out.write('x');
            } catch (IOException closedByTheProxy) {
                // evicted
            }
        }
    }

    private static String get(ChildProxy proxy) throws IOException {
        return RawHttp.text(RawHttp.exchange(proxy.address, "GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void anIdleFloodPastTheDescriptorLimitLeavesOthersServedAndMemoryBounded() throws Exception {
        try (TestHttpServer upstream = ProxyFixture.upstream();
             ChildProxy proxy = ChildProxy.start(dir, 512, upstream.url())) {
            assertThat(get(proxy)).startsWith("HTTP/1.1 200");
            long rssBefore = proxy.rssKiB();
            openFlood(proxy, new byte[0]);
            for (int i = 0; i < 20; i++) {
                assertThat(get(proxy)).startsWith("HTTP/1.1 200");
            }
            assertThat(proxy.metric("reprise_connections_evicted_total")).isPositive();
            // An evicted connection is counted until its close completes: the cap holds once they have.
            await("active connections within the cap").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> proxy.metric("reprise_connections_active") <= (512 - 128) / 2);
            assertThat(proxy.rssKiB() - rssBefore).as("RSS growth in KiB").isLessThan(64 * 1024);
        }
    }

    @Test
    void slowlorisPastTheDescriptorLimitLeavesOthersServed() throws Exception {
        try (TestHttpServer upstream = ProxyFixture.upstream();
             ChildProxy proxy = ChildProxy.start(dir, 512, upstream.url())) {
            assertThat(get(proxy)).startsWith("HTTP/1.1 200");
            long rssBefore = proxy.rssKiB();
            openFlood(proxy, "GET /hello HTTP/1.1\r\nHost: a\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 20; i++) {
                trickle();
                assertThat(get(proxy)).startsWith("HTTP/1.1 200");
            }
            assertThat(upstream.requests()).hasSize(21);
            assertThat(proxy.metric("reprise_connections_evicted_total")).isPositive();
            assertThat(proxy.rssKiB() - rssBefore).as("RSS growth in KiB").isLessThan(64 * 1024);
        }
    }

    @Test
    void runningOutOfDescriptorsPausesAcceptingLogsOneLineAndIsCounted() throws Exception {
        try (TestHttpServer upstream = ProxyFixture.upstream();
             ChildProxy proxy = ChildProxy.start(dir, 400, upstream.url(), "--max-connections", "100000")) {
            assertThat(get(proxy)).startsWith("HTTP/1.1 200");
            openFlood(proxy, new byte[0]);
            String answer = await("an answer once the flood's descriptors are closed").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100)).ignoreException(IOException.class)
                    .until(() -> get(proxy), a -> a.startsWith("HTTP/1.1 200"));
            assertThat(answer).startsWith("HTTP/1.1 200");
            assertThat(proxy.metric("reprise_accept_errors_total")).isPositive();
            String log = proxy.stderr();
            assertThat(log.lines().filter(l -> l.contains("cannot accept connections"))).hasSizeBetween(1, 3);
            assertThat(log).doesNotContain("\tat ").doesNotContain("exceptionCaught");
        }
    }
}
