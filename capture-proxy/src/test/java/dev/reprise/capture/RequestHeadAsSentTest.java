package dev.reprise.capture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request heads go upstream as the client wrote them, byte for byte, unless the proxy rewrites a
 * header or the head holds something a proxy must not pass on as it is (a folded header line).
 */
@Timeout(60)
class RequestHeadAsSentTest {
    @TempDir
    Path dir;
    private ProxyFixture fx;
    private BytesSeenUpstream upstream;

    @AfterEach
    void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private void start(boolean addForwarded) throws IOException {
        upstream = new BytesSeenUpstream();
        ProxyFixture.Builder b = ProxyFixture.builder(dir.resolve("journal")).upstreamPort(upstream.port());
        fx = (addForwarded ? b.addForwarded() : b).start();
    }

    @Test
    void forwardsARequestHeadByteForByteWithItsOddSpacingCaseAndOrder() throws Exception {
        start(false);
        String request = "GET /a?b=c%20d HTTP/1.1\r\nhost: svc\r\nX-odd-CASE:   spaced value  \r\n"
                + "accept: */*\r\nx-empty:\r\nConnection: close\r\n\r\n";
        String answer = RawHttp.text(RawHttp.exchange(fx.address(), request));
        assertThat(answer).startsWith("HTTP/1.1 200 OK").endsWith("ok");
        assertThat(upstream.seen()).isEqualTo(request);
    }

    @Test
    void forwardsPipelinedRequestsEachAsSentWithAContentLengthBodyAsItsBytes() throws Exception {
        start(false);
        String first = "GET /one HTTP/1.1\r\nHost: svc\r\nX-A:  1\r\n\r\n";
        String second = "POST /two HTTP/1.1\r\nHost: svc\r\ncontent-length: 11\r\n\r\nhello world";
        String third = "GET /three HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n";
        // Empty lines between requests are skipped, as the decoder skips them; they are not the next head's.
        String answer = RawHttp.text(RawHttp.exchange(fx.address(), first + second + "\r\n" + third));
        assertThat(answer.split("HTTP/1.1 200 OK", -1)).hasSize(4);
        assertThat(upstream.seen()).isEqualTo(first + second + third);
    }

    @Test
    void forwardsAHeadThatArrivedAByteAtATimeAsSent() throws Exception {
        start(false);
        String request = "GET /slow HTTP/1.1\r\nHost: svc\r\nX-Long: " + "v".repeat(300) + "\r\nConnection: close\r\n\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        try (Socket s = new Socket(fx.address().getAddress(), fx.address().getPort())) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < bytes.length; i += 7) {
                out.write(bytes, i, Math.min(7, bytes.length - i));
                out.flush();
                Thread.sleep(1);
            }
            assertThat(RawHttp.text(RawHttp.readToEnd(s.getInputStream()))).startsWith("HTTP/1.1 200 OK");
        }
        assertThat(upstream.seen()).isEqualTo(request);
    }

    @Test
    void forwardsALargeHeadAndTheSmallOneAfterItEachAsSent() throws Exception {
        start(false);
        String large = "GET /large HTTP/1.1\r\nHost: svc\r\nCookie: " + "c".repeat(6000) + "\r\n\r\n";
        String small = "GET /small HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n";
        String answer = RawHttp.text(RawHttp.exchange(fx.address(), large + small));
        assertThat(answer.split("HTTP/1.1 200 OK", -1)).hasSize(3);
        assertThat(upstream.seen()).isEqualTo(large + small);
    }

    @Test
    void unfoldsAFoldedHeaderLineInsteadOfPassingItOn() throws Exception {
        start(false);
        String request = "GET /folded HTTP/1.1\r\nHost: svc\r\nX-Folded: one\r\n two\r\nConnection: close\r\n\r\n";
        assertThat(RawHttp.text(RawHttp.exchange(fx.address(), request))).startsWith("HTTP/1.1 200 OK");
        String seen = upstream.seen();
        assertThat(seen).startsWith("GET /folded HTTP/1.1\r\n").contains("X-Folded: one two\r\n")
                .doesNotContain("\r\n two");
    }

    @Test
    void encodesTheRequestAfreshWhenForwardedHeadersAreAdded() throws Exception {
        start(true);
        String request = "GET /fwd HTTP/1.1\r\nHost: svc\r\nX-Odd:   spaced\r\nConnection: close\r\n\r\n";
        assertThat(RawHttp.text(RawHttp.exchange(fx.address(), request))).startsWith("HTTP/1.1 200 OK");
        String seen = upstream.seen();
        assertThat(seen).startsWith("GET /fwd HTTP/1.1\r\n").contains("X-Odd: spaced\r\n")
                .contains("X-Forwarded-For: 127.0.0.1\r\n").endsWith("\r\n\r\n");
    }

    /**
     * An upstream that keeps every byte of the requests it gets (heads, and bodies framed by
     * Content-Length) and answers each with {@code 200 ok}, keeping the connection.
     */
    private static final class BytesSeenUpstream implements AutoCloseable {
        private final ServerSocket server;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        private int requests;

        BytesSeenUpstream() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "bytes-seen-upstream");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        /** Everything received, once the last request's answer went out (bounded wait for it). */
        String seen() throws InterruptedException {
            synchronized (seen) {
                long until = System.nanoTime() + 5_000_000_000L;
                while (requests == 0 && System.nanoTime() < until) {
                    seen.wait(100);
                }
                return seen.toString(StandardCharsets.ISO_8859_1);
            }
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> serve(s), "bytes-seen-upstream-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                for (String head; (head = RawHttp.readUntil(in, "\r\n\r\n")).endsWith("\r\n\r\n"); ) {
                    byte[] body = in.readNBytes(contentLength(head));
                    synchronized (seen) {
                        seen.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
                        seen.writeBytes(body);
                        requests++;
                        seen.notifyAll();
                    }
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException e) {
                // the proxy went away
            }
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
