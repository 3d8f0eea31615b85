package dev.reprise.replay.connection.internal;

import dev.reprise.replay.report.ErrorKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder on its own, fed the bytes a connection would read, cut where a test wants the reads
 * to end. What it tells its listener is written down as one line per event.
 */
class ResponseDecoderTest {
    /** Writes down what the decoder reports, merging consecutive body pieces into one count. */
    static final class Transcript implements ResponseDecoder.Listener {
        final List<String> events = new ArrayList<>();
        boolean head;
        boolean refuse;
        private long body = -1;

        @Override
        public boolean answeringHead() {
            return head;
        }

        @Override
        public boolean responseStarted(int status, boolean keepAlive) {
            events.add("status " + status + (keepAlive ? " keep-alive" : " close"));
            body = 0;
            return !refuse;
        }

        @Override
        public void responseContent(int bytes) {
            body += bytes;
        }

        @Override
        public void responseEnded() {
            events.add("ended, body " + body);
        }

        @Override
        public void failed(ErrorKind kind) {
            events.add("failed " + kind);
        }
    }

    private static List<String> decode(Transcript t, String... reads) {
        ResponseDecoder d = new ResponseDecoder(t);
        for (String r : reads) {
            ByteBuf in = Unpooled.copiedBuffer(r, StandardCharsets.ISO_8859_1);
            d.read(in);
            assertThat(in.isReadable()).as("every read is consumed").isFalse();
            in.release();
        }
        return t.events;
    }

    private static List<String> decode(String... reads) {
        return decode(new Transcript(), reads);
    }

    private static final String FIXED = "HTTP/1.1 201 Created\r\nDate: Sun, 06 Dec 2026 14:00:00 GMT\r\n"
            + "Content-Length: 12\r\nConnection: keep-alive\r\n\r\nhello, world";
    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
            + "4;a=b\r\nwiki\r\n0000000005 ; q=\"x;y\"\r\npedia\r\n0\r\nExpires: never\r\n\r\n";

    @Test
    void aResponseCutAnywhereReadsAsWhenItCameWhole() {
        for (String response : List.of(FIXED, CHUNKED, "HTTP/1.1 100 Continue\r\n\r\n" + FIXED)) {
            List<String> whole = decode(response);
            assertThat(whole).hasSize(2).last().asString().startsWith("ended");
            for (int cut = 1; cut < response.length(); cut++) {
                assertThat(decode(response.substring(0, cut), response.substring(cut)))
                        .as("cut at %d of %s", cut, response).isEqualTo(whole);
            }
        }
    }

    @Test
    void aResponseReadOneByteAtATimeReadsAsWhenItCameWhole() {
        String[] bytes = CHUNKED.split("");
        assertThat(decode(bytes)).containsExactly("status 200 keep-alive", "ended, body 9");
    }

    @Test
    void pipelinedResponsesInOneReadEachEnd() {
        assertThat(decode(FIXED + CHUNKED + "HTTP/1.1 204 No Content\r\n\r\n" + FIXED)).containsExactly(
                "status 201 keep-alive", "ended, body 12",
                "status 200 keep-alive", "ended, body 9",
                "status 204 keep-alive", "ended, body 0",
                "status 201 keep-alive", "ended, body 12");
    }

    @Test
    void chunkedFramingWinsOverAContentLength() {
        assertThat(decode("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"))
                .containsExactly("status 200 keep-alive", "ended, body 2");
    }

    @Test
    void theAnswerToAHeadHasNoBodyWhateverItsLength() {
        Transcript t = new Transcript();
        t.head = true;
        assertThat(decode(t, "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n"))
                .containsExactly("status 200 keep-alive", "ended, body 0");
    }

    @Test
    void keepAliveFollowsTheVersionAndTheConnectionHeader() {
        assertThat(decode("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")).containsExactly("status 200 close", "ended, body 0");
        assertThat(decode("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n"))
                .containsExactly("status 200 keep-alive", "ended, body 0");
        assertThat(decode("HTTP/1.1 200 OK\r\nconnection: upgrade, CLOSE\r\nContent-Length: 0\r\n\r\n"))
                .containsExactly("status 200 close", "ended, body 0");
    }

    @Test
    void aBodyWithoutFramingRunsToTheClose() {
        Transcript t = new Transcript();
        ResponseDecoder d = new ResponseDecoder(t);
        ByteBuf in = Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\n\r\nabc", StandardCharsets.ISO_8859_1);
        d.read(in);
        in.release();
        assertThat(t.events).containsExactly("status 200 close");
        d.inputClosed();
        assertThat(t.events).containsExactly("status 200 close", "ended, body 3");
    }

    @Test
    void aConnectionClosedMidResponseEndsNothing() {
        Transcript t = new Transcript();
        ResponseDecoder d = new ResponseDecoder(t);
        ByteBuf in = Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc", StandardCharsets.ISO_8859_1);
        d.read(in);
        in.release();
        d.inputClosed();
        assertThat(t.events).containsExactly("status 200 keep-alive"); // the channel fails what is in flight
    }

    @Test
    void framingItCannotTrustIsAProtocolError() {
        for (String bad : List.of(
                "SMTP ready\r\n\r\n",
                "HTTP/1.1 OK\r\n\r\n",
                "HTTP/1.1 2000 OK\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n  3\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\ng\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100000000\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokay\r\n0\r\n\r\n",
                "HTTP/1.1 200 " + "r".repeat(ResponseDecoder.MAX_STATUS_LINE) + "\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX: " + "h".repeat(ResponseDecoder.MAX_HEADERS) + "\r\n\r\n")) {
            List<String> events = decode(bad);
            assertThat(events).as(bad).last().isEqualTo("failed PROTOCOL_ERROR");
            assertThat(events).as(bad).noneMatch(e -> e.startsWith("ended"));
        }
    }

    @Test
    void anOversizeHeadFailsBeforeItIsAllRead() {
        Transcript t = new Transcript();
        ResponseDecoder d = new ResponseDecoder(t);
        for (int i = 0; i < 100 && t.events.isEmpty(); i++) {
            ByteBuf in = Unpooled.copiedBuffer(i == 0 ? "HTTP/1.1 200 OK\r\nX: " : "h".repeat(1000), StandardCharsets.ISO_8859_1);
            d.read(in);
            in.release();
        }
        assertThat(t.events).containsExactly("failed PROTOCOL_ERROR");
    }

    @Test
    void anAnswerNobodyAskedForStopsTheReading() {
        Transcript t = new Transcript();
        t.refuse = true;
        assertThat(decode(t, FIXED + FIXED)).containsExactly("status 201 keep-alive");
    }

    @Test
    void strayLineEndsBeforeAStatusLineAreSkipped() {
        assertThat(decode("\r\n\r\n" + FIXED)).containsExactly("status 201 keep-alive", "ended, body 12");
    }
}
