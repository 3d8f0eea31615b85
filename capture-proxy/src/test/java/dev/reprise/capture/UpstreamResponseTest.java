package dev.reprise.capture;

import dev.reprise.format.Header;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.Outcome;
import dev.reprise.format.ResponseEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upstream responses are forwarded as the bytes that came, framed by the proxy itself: what the
 * client gets, what the journal keeps and whether the upstream connection is used again, for
 * responses split in every way and for responses no proxy should pass on.
 */
@Timeout(60)
class UpstreamResponseTest {
    private static final String GET = "GET /a HTTP/1.1\r\nHost: svc\r\n\r\n";
    private static final String GET_CLOSE = "GET /b HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n";
    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Long: "
            + "v".repeat(3000) + "\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n";

    @TempDir
    Path dir;
    private ScriptedUpstream upstream;
    private ProxyFixture fx;

    @AfterEach
    void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private void start(String answer, int piece, boolean closeAfter) throws Exception {
        upstream = new ScriptedUpstream(answer, piece, closeAfter);
        fx = ProxyFixture.builder(dir.resolve("journal")).upstreamPort(upstream.port()).start();
    }

    private List<ResponseEvent> responses() {
        List<JournalEvent> events = fx.stopAndReadJournal();
        return events.stream().filter(ResponseEvent.class::isInstance).map(ResponseEvent.class::cast).toList();
    }

    @Test
    void aChunkedResponseSentAByteAtATimeReachesTheClientUnchangedAndIsJournaledDecoded() throws Exception {
        start(CHUNKED, 1, false);
        byte[] got = RawHttp.exchange(fx.address(), GET + GET_CLOSE);
        assertThat(RawHttp.text(got)).isEqualTo(CHUNKED + CHUNKED);
        assertThat(upstream.connections.get()).isEqualTo(1);
        List<ResponseEvent> resps = responses();
        assertThat(resps).hasSize(2).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.COMPLETE);
            assertThat(new String(r.body().bytes(), StandardCharsets.US_ASCII)).isEqualTo("hello, world");
            assertThat(r.headers()).contains(new Header("Transfer-Encoding", "chunked"));
        });
    }

    @Test
    void aResponseInOneReadWithItsHeadAndBodyIsForwardedWhole() throws Exception {
        String answer = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nhello";
        start(answer, answer.length(), false);
        byte[] got = RawHttp.exchange(fx.address(), GET + GET + GET_CLOSE);
        assertThat(RawHttp.text(got)).isEqualTo(answer.repeat(3));
        assertThat(upstream.connections.get()).isEqualTo(1);
    }

    @Test
    void aResponseEndedByTheUpstreamClosingIsForwardedWholeThenTheClientIsClosed() throws Exception {
        String answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end";
        start(answer, 7, true);
        byte[] got = RawHttp.exchange(fx.address(), GET + GET);
        assertThat(RawHttp.text(got)).isEqualTo(answer);
        List<ResponseEvent> resps = responses();
        assertThat(resps).hasSize(1);
        assertThat(resps.get(0).outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(new String(resps.get(0).body().bytes(), StandardCharsets.US_ASCII)).isEqualTo("until the end");
    }

    @Test
    void bytesPastAResponsesLengthAreDroppedAndItsConnectionIsNotUsedAgain() throws Exception {
        start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nsmugg", 1000, false);
        byte[] got = RawHttp.exchange(fx.address(), GET + GET_CLOSE);
        assertThat(RawHttp.text(got)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".repeat(2));
        assertThat(upstream.connections.get()).isEqualTo(2);
    }

    @Test
    void aResponseCutShortOfItsLengthCutsTheClientOffAndIsJournaledAsReset() throws Exception {
        String answer = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this";
        start(answer, answer.length(), true);
        byte[] got = RawHttp.exchange(fx.address(), GET);
        assertThat(RawHttp.text(got)).isEqualTo(answer);
        List<ResponseEvent> resps = responses();
        assertThat(resps).hasSize(1);
        assertThat(resps.get(0).outcome()).isEqualTo(Outcome.UPSTREAM_RESET);
    }

    @Test
    void garbageInsteadOfAResponseGets502() throws Exception {
        start("\u0001\u0002 not http\r\n\r\n", 100, false);
        assertBadGateway();
    }

    @Test
    void aResponseHeadPastThreeHundredKibibytesGets502() throws Exception {
        start("HTTP/1.1 200 OK\r\nX-Big: " + "b".repeat(400 * 1024) + "\r\nContent-Length: 0\r\n\r\n", 16 * 1024, false);
        assertBadGateway();
    }

    @Test
    void conflictingContentLengthsGet502() throws Exception {
        start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc", 100, false);
        assertBadGateway();
    }

    @Test
    void aBrokenChunkSizeAfterTheHeadCutsTheClientOffAndIsJournaledAsAProtocolError() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        start(head + "zz\r\nhello\r\n0\r\n\r\n", 1000, false);
        byte[] got = RawHttp.exchange(fx.address(), GET);
        assertThat(RawHttp.text(got)).isEqualTo(head);
        List<ResponseEvent> resps = responses();
        assertThat(resps).hasSize(1);
        assertThat(resps.get(0).outcome()).isEqualTo(Outcome.UPSTREAM_PROTOCOL_ERROR);
    }

    private void assertBadGateway() throws Exception {
        byte[] got = RawHttp.exchange(fx.address(), GET_CLOSE);
        assertThat(RawHttp.text(got)).startsWith("HTTP/1.1 502 ");
        List<ResponseEvent> resps = responses();
        assertThat(resps).hasSize(1);
        assertThat(resps.get(0).status()).isEqualTo(502);
        assertThat(resps.get(0).outcome()).isEqualTo(Outcome.UPSTREAM_PROTOCOL_ERROR);
    }
}
