package dev.reprise.capture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The request smuggling corpus, kept as a regression test: each variant hides a request to
 * {@code /smuggled} where a front end and a back end that read the framing differently would
 * disagree. The proxy must refuse the variant, or forward it normalised (one framing, the one it
 * read), and a real nginx behind it must never see {@code /smuggled}.
 */
@Timeout(120)
class SmugglingTest {
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";
    private static final String CHUNKED_SMUGGLED = Integer.toHexString(SMUGGLED.length()) + "\r\n" + SMUGGLED
            + "\r\n0\r\n\r\n";

    @TempDir
    static Path dir;
    static Nginx nginx;
    static ProxyFixture fx;

    @BeforeAll
    static void start() throws Exception {
        nginx = Nginx.start(dir.resolve("nginx"));
        fx = ProxyFixture.builder(dir.resolve("journal")).upstreamPort(nginx.port).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
        if (nginx != null) {
            nginx.close();
        }
    }

    private static String post(String headers, String body) {
        return "POST /outer HTTP/1.1\r\nHost: a\r\n" + headers + "\r\n" + body;
    }

    /** Variants the proxy must refuse, with the status nginx itself gives them. */
    static Stream<Arguments> refused() {
        int n = SMUGGLED.length();
        return Stream.of(
                Arguments.of("CL.TE", post("Content-Length: " + (5 + n) + "\r\nTransfer-Encoding: chunked\r\n",
                        "0\r\n\r\n" + SMUGGLED)),
                Arguments.of("TE.CL", post("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", CHUNKED_SMUGGLED)),
                Arguments.of("CL.TE, Transfer-Encoding last and capitalised", post("Content-Length: " + (5 + n)
                        + "\r\nTransfer-Encoding: Chunked\r\n", "0\r\n\r\n" + SMUGGLED)),
                Arguments.of("two different Content-Lengths", post("Content-Length: 0\r\nContent-Length: " + n + "\r\n", SMUGGLED)),
                Arguments.of("two equal Content-Lengths", post("Content-Length: " + n + "\r\nContent-Length: " + n + "\r\n", SMUGGLED)),
                Arguments.of("Content-Length list", post("Content-Length: " + n + ", " + n + "\r\n", SMUGGLED)),
                Arguments.of("Content-Length with a plus sign", post("Content-Length: +" + n + "\r\n", SMUGGLED)),
                Arguments.of("negative Content-Length", post("Content-Length: -1\r\n", SMUGGLED)),
                Arguments.of("hexadecimal Content-Length", post("Content-Length: 0x" + Integer.toHexString(n) + "\r\n", SMUGGLED)),
                Arguments.of("Content-Length with a space inside", post("Content-Length: 1 " + n + "\r\n", SMUGGLED)),
                Arguments.of("Content-Length overflowing 64 bits", post("Content-Length: 99999999999999999999\r\n", SMUGGLED)),
                Arguments.of("Transfer-Encoding xchunked", post("Transfer-Encoding: xchunked\r\n", CHUNKED_SMUGGLED)),
                Arguments.of("Transfer-Encoding chunk", post("Transfer-Encoding: chunk\r\n", CHUNKED_SMUGGLED)),
                Arguments.of("Transfer-Encoding chunked, identity", post("Transfer-Encoding: chunked, identity\r\n", CHUNKED_SMUGGLED)),
                Arguments.of("Transfer-Encoding identity, chunked", post("Transfer-Encoding: identity, chunked\r\n", CHUNKED_SMUGGLED)),
                Arguments.of("Transfer-Encoding with a vertical tab", post("Transfer-Encoding:\u000bchunked\r\n", CHUNKED_SMUGGLED)),
                Arguments.of("two Transfer-Encoding headers", post("Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n", CHUNKED_SMUGGLED)),
                Arguments.of("space before the colon", post("Transfer-Encoding : chunked\r\n", CHUNKED_SMUGGLED)),
                Arguments.of("bare LF line endings (nginx accepts them; the proxy is stricter)",
                        "POST /outer HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\nContent-Length: 4\n\n" + CHUNKED_SMUGGLED),
                Arguments.of("Transfer-Encoding in HTTP/1.0", "POST /outer HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n" + CHUNKED_SMUGGLED),
                Arguments.of("invalid chunk size", post("Transfer-Encoding: chunked\r\n", "zz\r\n" + SMUGGLED + "\r\n0\r\n\r\n")),
                Arguments.of("negative chunk size", post("Transfer-Encoding: chunked\r\n", "-1\r\n" + SMUGGLED + "\r\n0\r\n\r\n")),
                Arguments.of("chunk size overflowing", post("Transfer-Encoding: chunked\r\n", "ffffffffffffffffff\r\n" + SMUGGLED + "\r\n0\r\n\r\n")),
                Arguments.of("chunk size with a 0x prefix", post("Transfer-Encoding: chunked\r\n", "0x" + Integer.toHexString(n) + "\r\n" + SMUGGLED + "\r\n0\r\n\r\n")),
                Arguments.of("NUL in a header value", post("X-Nul: a\u0000b\r\nContent-Length: 0\r\n", SMUGGLED)),
                Arguments.of("NUL in a header name", post("X-Nul\u0000: b\r\nContent-Length: 0\r\n", SMUGGLED)),
                Arguments.of("NUL in the target", "GET /outer\u0000 HTTP/1.1\r\nHost: a\r\n\r\n" + SMUGGLED),
                Arguments.of("two Host headers", "GET /outer HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + SMUGGLED),
                Arguments.of("CONNECT", "CONNECT a:80 HTTP/1.1\r\nHost: a:80\r\n\r\n" + SMUGGLED));
    }

    /** Sends the bytes through the proxy; returns the status line, or "" when it just closed. */
    private static String sendThroughProxy(String raw) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(fx.address(), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            String all;
            try {
                all = RawHttp.text(RawHttp.readToEnd(s.getInputStream()));
            } catch (SocketException reset) {
                all = "";
            }
            return all.isEmpty() ? "" : all.substring(0, all.indexOf("\r\n"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void isRefusedAndNothingSmuggledReachesTheUpstream(String name, String raw) throws Exception {
        String status = sendThroughProxy(raw);
        assertThat(status).as(name).matches("HTTP/1\\.1 (400|405|501) .*");
        assertThat(nginx.accessLog()).as(name).noneMatch(l -> l.contains("/smuggled"));
    }

    /** Accepted by nginx too: forwarded with one framing, the body intact, and nothing after it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("normalised")
    void isForwardedNormalised(String name, String raw, String expectedLogLine) throws Exception {
        int before = nginx.accessLog().size();
        String status = sendThroughProxy(raw);
        assertThat(status).as(name).startsWith("HTTP/1.1 200");
        // nginx logs a request after answering it
        await("nginx logging the request").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> nginx.accessLog().size() > before);
        Thread.sleep(100); // long enough for a smuggled second request to be logged too
        List<String> log = nginx.accessLog();
        assertThat(log.subList(before, log.size())).as(name).containsExactly(expectedLogLine);
        assertThat(log).as(name).noneMatch(l -> l.contains("/smuggled"));
    }

    static Stream<Arguments> normalised() {
        int n = SMUGGLED.length();
        return Stream.of(
                // nginx ignores headers with underscores; the proxy forwards it as an ordinary header, Content-Length frames.
                Arguments.of("Transfer_Encoding with an underscore", post("Content-Length: " + (5 + n)
                        + "\r\nTransfer_Encoding: chunked\r\nConnection: close\r\n", "0\r\n\r\n" + SMUGGLED),
                        "POST /outer cl=" + (5 + n) + " te=- 200"),
                // Folded into the line before (obs-fold, RFC 9112 §5.2): forwarded joined by a space, so the upstream
                // cannot read it as Transfer-Encoding either; the chunk data after the bodiless request is then refused.
                Arguments.of("Transfer-Encoding folded onto the line before", post("X-Pad: y\r\n Transfer-Encoding: chunked\r\n",
                        CHUNKED_SMUGGLED), "POST /outer cl=- te=- 200"),
                Arguments.of("Transfer-Encoding Chunked, capitalised", post("Transfer-Encoding: Chunked\r\nConnection: close\r\n",
                        "3\r\nabc\r\n0\r\n\r\n"), "POST /outer cl=- te=Chunked 200"),
                Arguments.of("chunk extension after a space", post("Transfer-Encoding: chunked\r\nConnection: close\r\n",
                        "3 ;x=y\r\nabc\r\n0\r\n\r\n"), "POST /outer cl=- te=chunked 200"));
    }

    @Test
    void theCorpusHasAboutThirtyVariantsAndNoneReachedTheUpstreamAsARequest() throws Exception {
        assertThat(refused().count() + normalised().count()).isGreaterThanOrEqualTo(30);
        for (Arguments a : refused().toList()) {
            sendThroughProxy((String) a.get()[1]);
        }
        assertThat(nginx.accessLog()).noneMatch(l -> l.contains("/smuggled"));
    }
}
