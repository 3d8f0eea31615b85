package dev.reprise.capture;

import dev.reprise.testing.TestHttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ForwardingTest {
    @TempDir
    Path dir;
    ProxyFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private ProxyFixture start() {
        fx = ProxyFixture.builder(dir.resolve("journal")).start();
        return fx;
    }

    /** The bytes a raw client gets directly from upstream and through the proxy, which must be equal. */
    private byte[] sameBothWays(String request) throws Exception {
        byte[] direct = RawHttp.exchange(fx.direct(), request);
        byte[] proxied = RawHttp.exchange(fx.address(), request);
        assertThat(RawHttp.text(proxied)).isEqualTo(RawHttp.text(direct));
        assertThat(proxied).isEqualTo(direct);
        return proxied;
    }

    @Test
    void getIsByteIdenticalDirectlyAndThroughTheProxy() throws Exception {
        start();
        byte[] got = sameBothWays("GET /hello HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.text(got)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("hello, world\n");
    }

    @Test
    void postBodyIsForwardedAndTheStreamedAnswerIsIdentical() throws Exception {
        start();
        byte[] got = sameBothWays("POST /echo HTTP/1.1\r\nHost: svc\r\nContent-Length: 11\r\nConnection: close\r\n\r\n"
                + "hello there");
        assertThat(RawHttp.text(got)).contains("transfer-encoding: chunked").contains("hello there");
    }

    @Test
    void chunkedRequestAndChunkedResponseWithTrailersPassThrough() throws Exception {
        start();
        sameBothWays("POST /echo HTTP/1.1\r\nHost: svc\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        byte[] got = sameBothWays("GET /chunked HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.text(got)).contains("chunk 4;").contains("X-Checksum: abc123");
        // one sent directly, one through the proxy: both de-chunked to the same body
        assertThat(fx.upstream.requests()).filteredOn(r -> r.target().equals("/echo")).hasSize(2)
                .allSatisfy(r -> assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("hello world"));
    }

    @Test
    void headAndBodylessStatusesAreAnsweredInOrderWhenPipelined() throws Exception {
        start();
        byte[] got = sameBothWays("HEAD /hello HTTP/1.1\r\nHost: svc\r\n\r\n"
                + "GET /status/204 HTTP/1.1\r\nHost: svc\r\n\r\n"
                + "GET /status/304 HTTP/1.1\r\nHost: svc\r\n\r\n"
                + "GET /headers HTTP/1.1\r\nHost: svc\r\n\r\n"
                + "GET /hello HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        String text = RawHttp.text(got);
        assertThat(text.split("HTTP/1.1 ", -1)).hasSize(6);
        assertThat(text.indexOf("200 OK")).isLessThan(text.indexOf("204 No Content"));
        assertThat(text.indexOf("204 No Content")).isLessThan(text.indexOf("304 Not Modified"));
        assertThat(text).contains("X-Zeta: last-first\r\nx-lower: 1\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Alpha: second");
    }

    @Test
    void aClientThatHalfClosesAfterItsRequestsStillGetsEveryAnswer() throws Exception {
        start();
        try (Socket s = new Socket()) {
            s.connect(fx.address(), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /slow?ms=300 HTTP/1.1\r\nHost: svc\r\n\r\n"
                    + "GET /hello HTTP/1.1\r\nHost: svc\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            String got = RawHttp.text(RawHttp.readToEnd(s.getInputStream()));
            assertThat(got.split("HTTP/1.1 200 OK", -1)).hasSize(3);
            assertThat(got).endsWith("hello, world\n");
        }
    }

    @Test
    void http10RequestsAreAnsweredAsHttp10() throws Exception {
        start();
        byte[] got = sameBothWays("GET /hello HTTP/1.0\r\nHost: svc\r\n\r\n");
        assertThat(RawHttp.text(got)).endsWith("hello, world\n");
    }

    @Test
    void expectContinueIsRelayedBeforeTheBodyIsSent() throws Exception {
        start();
        String head = "POST /echo HTTP/1.1\r\nHost: svc\r\nContent-Length: 4\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n";
        String direct = expectContinue(fx.direct(), head);
        String proxied = expectContinue(fx.address(), head);
        assertThat(proxied).isEqualTo(direct).startsWith("HTTP/1.1 100 Continue\r\n").contains("ping");
    }

    private static String expectContinue(InetSocketAddress to, String head) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(to, 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String interim = RawHttp.readUntil(in, "\r\n\r\n");
            out.write("ping".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return interim + RawHttp.text(RawHttp.readToEnd(in));
        }
    }

    @Test
    void largeBodiesStreamThroughBothWays() throws Exception {
        start();
        int n = 8 << 20;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<byte[]> down = client.send(HttpRequest.newBuilder(URI.create(fx.url() + "/large?n=" + n)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body()).hasSize(n);
        for (int i = 0; i < n; i += 4093) {
            assertThat(down.body()[i]).isEqualTo(TestHttpServer.patternByte(i));
        }
        byte[] up = new byte[5 << 20];
        for (int i = 0; i < up.length; i++) {
            up[i] = TestHttpServer.patternByte(i);
        }
        HttpResponse<byte[]> echoed = client.send(HttpRequest.newBuilder(URI.create(fx.url() + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(up)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(Arrays.equals(echoed.body(), up)).isTrue();
        byte[] direct = RawHttp.exchange(fx.direct(), "GET /large?n=3000000 HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        byte[] proxied = RawHttp.exchange(fx.address(), "GET /large?n=3000000 HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        assertThat(proxied).isEqualTo(direct);
    }

    @Test
    void keepAliveClientGetsManyAnswersOnOneConnection() throws Exception {
        start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(fx.url() + "/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello, world\n");
        }
        assertThat(fx.proxy.metrics().connectionsAccepted.sum()).isEqualTo(1);
    }

    @Test
    void aSlowClientHoldsTheUpstreamBackInsteadOfFillingMemory() throws Exception {
        start();
        long n = 200L << 20;
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(64 * 1024);
            s.connect(fx.address(), 5000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET /large?n=" + n + " HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(1500);
            // Kernel buffers on both hops and one read in flight, not the 200 MiB body.
            assertThat(fx.upstream.largeBytesSent()).isLessThan(32L << 20);
            InputStream in = s.getInputStream();
            RawHttp.readUntil(in, "\r\n\r\n");
            long got = 0;
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) >= 0; ) {
                got += r;
            }
            assertThat(got).isEqualTo(n);
        }
    }

    @Test
    void aPooledConnectionTheUpstreamClosedIsNotReused() throws Exception {
        start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThat(client.send(HttpRequest.newBuilder(URI.create(fx.url() + "/then-idle-close")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        Thread.sleep(600);
        for (int i = 0; i < 3; i++) {
            assertThat(client.send(HttpRequest.newBuilder(URI.create(fx.url() + "/hello")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
        assertThat(fx.proxy.metrics().upstreamErrors(dev.reprise.format.Outcome.UPSTREAM_RESET)).isZero();
    }

    @Test
    void upgradeBecomesAByteTunnel() throws Exception {
        start();
        try (Socket s = new Socket()) {
            s.connect(fx.address(), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: svc\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = RawHttp.readUntil(in, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols");
            byte[] frame = {(byte) 0x81, 4, 'p', 'i', 'n', 'g', 0, 1, 2, 3};
            out.write(frame);
            out.flush();
            byte[] back = in.readNBytes(frame.length);
            assertThat(back).isEqualTo(frame);
        }
        assertThat(fx.proxy.metrics().upgrades.sum()).isEqualTo(1);
    }

    @Test
    void malformedRequestGets400AndOthersAreStillServed() throws Exception {
        start();
        byte[] bad = RawHttp.exchange(fx.address(), "GET /hello HTTP/1.1\r\nHost svc no colon\r\n\r\n");
        assertThat(RawHttp.text(bad)).startsWith("HTTP/1.1 400 ");
        byte[] garbage = RawHttp.exchange(fx.address(), "\u0001\u0002 not http at all\r\n\r\n");
        assertThat(RawHttp.text(garbage)).startsWith("HTTP/1.1 400 ");
        byte[] ok = RawHttp.exchange(fx.address(), "GET /hello HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.text(ok)).startsWith("HTTP/1.1 200 OK");
        assertThat(fx.upstream.requests()).hasSize(1);
    }

    @Test
    void oversizedHeadersGet431() throws Exception {
        start();
        String big = "x".repeat(20_000);
        byte[] got = RawHttp.exchange(fx.address(), "GET /hello HTTP/1.1\r\nHost: svc\r\nX-Big: " + big + "\r\n\r\n");
        assertThat(RawHttp.text(got)).startsWith("HTTP/1.1 431 ");
        assertThat(fx.upstream.requests()).isEmpty();
    }

    @Test
    void forwardedHeadersAreAddedOnlyWhenAskedFor() throws Exception {
        start();
        RawHttp.exchange(fx.address(), "GET /hello HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        assertThat(fx.upstream.requests().get(0).header("X-Forwarded-For")).isNull();
        assertThat(fx.upstream.requests().get(0).header("Forwarded")).isNull();
        fx.close();
        fx = ProxyFixture.builder(dir.resolve("journal2")).addForwarded().start();
        RawHttp.exchange(fx.address(), "GET /hello HTTP/1.1\r\nHost: svc\r\nX-Forwarded-For: 10.1.1.1\r\nConnection: close\r\n\r\n");
        assertThat(fx.upstream.requests().get(0).header("X-Forwarded-For")).isEqualTo("10.1.1.1, 127.0.0.1");
        assertThat(fx.upstream.requests().get(0).header("Forwarded")).isEqualTo("for=127.0.0.1;proto=http");
    }
}
