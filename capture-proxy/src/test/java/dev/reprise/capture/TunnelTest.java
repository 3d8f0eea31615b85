package dev.reprise.capture;

import static org.awaitility.Awaitility.await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A WebSocket tunnel ends cleanly whichever side closes it: nothing left open, nothing counted active. */
@Timeout(60)
class TunnelTest {
    @TempDir
    Path dir;
    ProxyFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private Socket openTunnel() throws Exception {
        fx = ProxyFixture.builder(dir.resolve("journal")).drain(Duration.ofSeconds(30)).start();
        Socket s = new Socket();
        s.connect(fx.address(), 5000);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: svc\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(RawHttp.readUntil(s.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 101");
        assertThat(echo(s, "ping")).isEqualTo("ping");
        assertThat(fx.upstream.openTunnels()).isEqualTo(1);
        return s;
    }

    private static String echo(Socket s, String text) throws Exception {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        return new String(s.getInputStream().readNBytes(text.length()), StandardCharsets.US_ASCII);
    }

    private static void awaitZero(String what, LongSupplier value) {
        await(what + " to reach zero").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> value.getAsLong() == 0);
    }

    @Test
    void aTunnelClosedByTheClientIsClosedOnBothSides() throws Exception {
        Socket s = openTunnel();
        s.close();
        awaitZero("upstream tunnels open", () -> fx.upstream.openTunnels());
        awaitZero("client connections active", () -> fx.proxy.metrics().connectionsActive.sum());
        // Nothing left for a stop to wait for: it does not sit out the 30 s drain deadline.
        long t0 = System.nanoTime();
        fx.proxy.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aClientThatHalfClosesATunnelStillGetsWhatTheUpstreamSendsThenBothClose() throws Exception {
        Socket s = openTunnel();
        OutputStream out = s.getOutputStream();
        out.write("last".getBytes(StandardCharsets.US_ASCII));
        s.shutdownOutput();
        InputStream in = s.getInputStream();
        assertThat(new String(RawHttp.readToEnd(in), StandardCharsets.US_ASCII)).isEqualTo("last");
        awaitZero("upstream tunnels open", () -> fx.upstream.openTunnels());
        awaitZero("client connections active", () -> fx.proxy.metrics().connectionsActive.sum());
        s.close();
    }

    @Test
    void aTunnelClosedByTheUpstreamIsClosedOnBothSides() throws Exception {
        Socket s = openTunnel();
        s.getOutputStream().write("close-me".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(RawHttp.readToEnd(s.getInputStream()), StandardCharsets.US_ASCII)).isEqualTo("close-me");
        awaitZero("upstream tunnels open", () -> fx.upstream.openTunnels());
        awaitZero("client connections active", () -> fx.proxy.metrics().connectionsActive.sum());
        s.close();
    }
}
