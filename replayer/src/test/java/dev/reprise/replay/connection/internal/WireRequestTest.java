package dev.reprise.replay.connection.internal;

import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.format.RequestEvent;
import dev.reprise.replay.connection.RequestRewriter;
import dev.reprise.replay.connection.Target;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequestEncoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WireRequestTest {
    private static final RequestRewriter REWRITER = RequestRewriter.to(Target.parse("http://staging:8080"))
            .setHeader("X-Replay: yes").removeHeader("Cookie")
            .rewritePath(RequestRewriter.PathRewrite.parse("^/v1/=/v2/")).build();

    private static RequestEvent request(String method, String target, List<Header> headers, byte[] body) {
        return new RequestEvent(1, 0, 0, 0, method, target, "HTTP/1.1", headers, Body.of(body), "t");
    }

    /** What Netty's own request encoder writes for the rewritten request. */
    private static String viaNettyEncoder(RequestEvent r) {
        return viaNettyEncoder(REWRITER, r);
    }

    private static String viaNettyEncoder(RequestRewriter rewriter, RequestEvent r) {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestEncoder());
        ch.writeOutbound(rewriter.rewrite(r, rewriter.rewriteTarget(r.target())));
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            all.writeBytes(b);
            b.release();
        }
        ch.finishAndReleaseAll();
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private static String encoded(RequestEvent r) {
        return encoded(REWRITER, r);
    }

    private static String encoded(RequestRewriter rewriter, RequestEvent r) {
        return new String(WireRequest.encode(rewriter, r).bytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void theBytesSentAreTheRewrittenRequestAsNettyWouldEncodeIt() {
        List<RequestEvent> requests = List.of(
                request("GET", "/v1/items?id=7", List.of(new Header("Host", "prod"), new Header("Cookie", "s=1"),
                        new Header("Accept", "*/*")), new byte[0]),
                request("POST", "http://prod/v1/orders", List.of(new Header("Content-Type", "application/json"),
                        new Header("Content-Length", "99"), new Header("X-Replay", "no")),
                        "{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
                request("PUT", "/caf\u00e9", List.of(new Header("X-Name", "Jos\u00e9")), new byte[]{0, 1, 2, (byte) 255}));
        for (RequestEvent r : requests) {
            assertThat(encoded(r)).isEqualTo(viaNettyEncoder(r));
        }
    }

    @Test
    void headersSetByTheRewritesReplaceEveryCapturedOneOfTheirNameAndGoLastAsNettyWouldSetThem() {
        RequestRewriter rewriter = RequestRewriter.to(Target.parse("http://staging:8080")).hostHeader("staging.internal")
                .setHeader("accept: text/plain").setHeader("X-Replay: 1").setHeader("X-Replay: 2").build();
        List<RequestEvent> requests = List.of(
                request("GET", "/a", List.of(new Header("Accept", "*/*"), new Header("Host", "prod"), new Header("X-A", "1"),
                        new Header("ACCEPT", "a/b"), new Header("X-A", "2")), new byte[0]),
                request("POST", "/b", List.of(new Header("Transfer-Encoding", "chunked"), new Header("X-B", "y")), new byte[0]),
                new RequestEvent(1, 0, 0, 0, "GET", "/c", "HTTP/1.0", List.of(new Header("Connection", "Keep-Alive")), Body.EMPTY, "t"),
                new RequestEvent(1, 0, 0, 0, "POST", "/d", "HTTP/1.1", List.of(new Header("Content-Length", "10")),
                        new Body(new byte[]{'a', 'b', 'c'}, 10), "t"));
        for (RequestEvent r : requests) {
            assertThat(encoded(rewriter, r)).isEqualTo(viaNettyEncoder(rewriter, r));
        }
        for (RequestEvent r : requests) {
            assertThat(encoded(r)).isEqualTo(viaNettyEncoder(r));
        }
    }

    @Test
    void anHttp10RequestKeepsItsConnectionOnlyWhenItAsks() {
        WireRequest asks = WireRequest.encode(REWRITER, new RequestEvent(1, 0, 0, 0, "GET", "/", "HTTP/1.0",
                List.of(new Header("Connection", "x, Keep-Alive")), Body.EMPTY, "t"));
        WireRequest silent = WireRequest.encode(REWRITER, new RequestEvent(1, 0, 0, 0, "GET", "/", "HTTP/1.0",
                List.of(), Body.EMPTY, "t"));
        assertThat(asks.keepAlive()).isTrue();
        assertThat(silent.keepAlive()).isFalse();
    }

    @Test
    void aHeadRequestIsMarkedSoItsAnswerIsReadWithoutABody() {
        WireRequest head = WireRequest.encode(REWRITER, request("HEAD", "/x", List.of(), new byte[0]));
        WireRequest get = WireRequest.encode(REWRITER, request("GET", "/x", List.of(), new byte[0]));
        assertThat(head.head()).isTrue();
        assertThat(get.head()).isFalse();
    }

    @Test
    void aRequestThatSaysCloseEndsTheConnectionsKeepAlive() {
        WireRequest w = WireRequest.encode(REWRITER, request("GET", "/x", List.of(new Header("Connection", "close")), new byte[0]));
        assertThat(w.keepAlive()).isFalse();
    }

    @Test
    void aTargetWithWhitespaceOrABadHeaderNameCannotBeSent() {
        assertThat(WireRequest.encode(REWRITER, request("GET", "/a b", List.of(), new byte[0])).bytes()).isNull();
        assertThat(WireRequest.encode(REWRITER, request("GET", "/a\r\nX: y", List.of(), new byte[0])).bytes()).isNull();
        assertThat(WireRequest.encode(REWRITER, request("GET", "/a", List.of(new Header("Bad Name", "v")), new byte[0])).bytes()).isNull();
        assertThat(WireRequest.encode(REWRITER, request("GET", "/a", List.of(new Header("X-Split", "v\r\nX-Injected: 1")), new byte[0])).bytes()).isNull();
        assertThat(WireRequest.encode(REWRITER, request("", "/a", List.of(), new byte[0])).bytes()).isNull();
    }
}
