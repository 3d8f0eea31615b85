package dev.reprise.capture;

import static org.awaitility.Awaitility.await;
import dev.reprise.capture.proxy.ClientLimits;
import dev.reprise.format.Outcome;
import dev.reprise.format.ResponseEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Slow, idle and too many clients: each is cut off by its own limit, and the others are served. */
@Timeout(60)
class ClientLimitsTest {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    ProxyFixture fx;
    final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    private void start(ClientLimits limits) {
        fx = ProxyFixture.builder(dir.resolve("journal")).clientLimits(limits).start();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(fx.address(), 5000);
        s.setSoTimeout(15_000);
        return s;
    }

    /** Reads until the proxy closes the connection; returns what came (a reset counts as closed). */
    private static String readUntilClosed(Socket s) throws IOException {
        try {
            return RawHttp.text(RawHttp.readToEnd(s.getInputStream()));
        } catch (SocketException reset) {
            return "";
        }
    }

    private String get(String path) throws IOException {
        return RawHttp.text(RawHttp.exchange(fx.address(), "GET " + path + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void aClientThatTricklesItsRequestHeadIsClosedAtTheHeaderTimeout() throws Exception {
        start(new ClientLimits(ONE_SECOND, LONG, LONG, 100));
        Socket s = connect();
        OutputStream out = s.getOutputStream();
        out.write("GET /hello HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        long t0 = System.nanoTime();
        boolean closed = false;
        // A header line every 200 ms keeps bytes coming, but the head never ends.
        for (int i = 0; i < 40 && !closed; i++) {
            try {
                out.write(("X-Slow-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(200);
            } catch (IOException e) {
                closed = true;
            }
        }
        if (!closed) {
            assertThat(readUntilClosed(s)).isEmpty();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
        assertThat(fx.proxy.metrics().clientHeaderTimeouts.sum()).isEqualTo(1);
        assertThat(fx.upstream.requests()).isEmpty();
        assertThat(get("/hello")).startsWith("HTTP/1.1 200");
    }

    @Test
    void aConnectionThatNeverSendsARequestIsClosedAtTheHeaderTimeout() throws Exception {
        start(new ClientLimits(ONE_SECOND, LONG, LONG, 100));
        Socket s = connect();
        assertThat(readUntilClosed(s)).isEmpty();
        assertThat(fx.proxy.metrics().clientHeaderTimeouts.sum()).isEqualTo(1);
    }

    @Test
    void aConnectionIdleBetweenRequestsIsClosedAtTheKeepAliveTimeout() throws Exception {
        start(new ClientLimits(LONG, LONG, ONE_SECOND, 100));
        Socket s = connect();
        s.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String answer = readUntilClosed(s);
        assertThat(answer).startsWith("HTTP/1.1 200").endsWith("hello, world\n");
        assertThat(fx.proxy.metrics().clientKeepAliveTimeouts.sum()).isEqualTo(1);
        assertThat(fx.proxy.metrics().clientHeaderTimeouts.sum()).isZero();
    }

    @Test
    void aRequestBodyThatStopsComingIsAbortedAtTheBodyTimeout() throws Exception {
        start(new ClientLimits(LONG, ONE_SECOND, LONG, 100));
        Socket s = connect();
        s.getOutputStream().write("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc"
                .getBytes(StandardCharsets.US_ASCII));
        readUntilClosed(s);
        assertThat(fx.proxy.metrics().clientBodyTimeouts.sum()).isEqualTo(1);
        fx.awaitRecorded();
        assertThat(fx.stopAndReadJournal()).filteredOn(ResponseEvent.class::isInstance).map(ResponseEvent.class::cast)
                .extracting(ResponseEvent::outcome).containsExactly(Outcome.CLIENT_ABORT);
    }

    @Test
    void aSlowUpstreamIsNotTheClientsTimeout() throws Exception {
        start(new ClientLimits(ONE_SECOND, ONE_SECOND, ONE_SECOND, 100));
        assertThat(get("/slow?ms=2500")).startsWith("HTTP/1.1 200");
        assertThat(fx.proxy.metrics().clientBodyTimeouts.sum() + fx.proxy.metrics().clientHeaderTimeouts.sum()
                + fx.proxy.metrics().clientKeepAliveTimeouts.sum()).isZero();
    }

    /**
     * The default cap also fits the heap: a sidecar's 64 MiB heap (48 MiB of old generation, a
     * 16 MiB record buffer) holds 2,048 connections at 8 KiB each beside 16 MiB kept back; the
     * open-files limit alone would have allowed 9,936 with 20,000 descriptors, more than the heap
     * holds (a replay that opened that many ran it out).
     */
    @Test
    void theDefaultConnectionCapIsWhatTheHeapHoldsWhenThatIsFewerThanTheDescriptorsAllow() {
        assertThat(ClientLimits.connectionsForDescriptors(20_000)).isEqualTo(9_936);
        assertThat(ClientLimits.connectionsForHeap(48L << 20, 16L << 20)).isEqualTo(2_048);
        assertThat(ClientLimits.connectionsForHeap(3L << 30, 768L << 20)).isEqualTo(292_864);
        assertThat(ClientLimits.connectionsForHeap(16L << 20, 4L << 20)).as("never under 16").isEqualTo(16);
    }

    @Test
    void theLongLivedHeapIsThisJvmsOldGenerationOrItsHeap() {
        assertThat(ClientLimits.longLivedHeap()).isPositive().isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() + (64L << 20));
    }

    @Test
    void atTheConnectionCapIdleConnectionsMakeRoomForNewOnes() throws Exception {
        start(new ClientLimits(LONG, LONG, LONG, 4));
        for (int i = 0; i < 4; i++) {
            connect();
        }
        awaitActive(4);
        assertThat(get("/hello")).startsWith("HTTP/1.1 200");
        assertThat(fx.proxy.metrics().connectionsEvicted.sum()).isPositive();
        assertThat(fx.proxy.metrics().connectionsRefused.sum()).isZero();
    }

    @Test
    void atTheConnectionCapWithNoneIdleANewConnectionIsRefused() throws Exception {
        start(new ClientLimits(LONG, LONG, LONG, 2));
        List<Socket> busy = List.of(connect(), connect());
        for (Socket s : busy) {
            s.getOutputStream().write("GET /slow?ms=3000 HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        await("both requests at the upstream").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> fx.upstream.count() >= 2);
        Socket third = connect();
        assertThat(readUntilClosed(third)).isEmpty();
        assertThat(fx.proxy.metrics().connectionsRefused.sum()).isEqualTo(1);
        for (Socket s : busy) {
            InputStream in = s.getInputStream();
            assertThat(RawHttp.readUntil(in, "\r\n\r\n")).startsWith("HTTP/1.1 200");
        }
    }

    private void awaitActive(long n) {
        await(n + " connections active").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> fx.proxy.metrics().connectionsActive.sum() >= n);
        assertThat(fx.proxy.metrics().connectionsActive.sum()).isEqualTo(n);
    }
}
