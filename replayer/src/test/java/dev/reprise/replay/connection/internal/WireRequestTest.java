package dev.reprise.replay.connection.internal;

import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.format.RequestEvent;
import dev.reprise.replay.connection.RequestRewriter;
import dev.reprise.replay.connection.Target;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestEncoder());
        ch.writeOutbound(REWRITER.rewrite(r, REWRITER.rewriteTarget(r.target())));
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            all.writeBytes(b);
            b.release();
        }
        ch.finishAndReleaseAll();
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private static String encoded(RequestEvent r) {
        WireRequest w = WireRequest.encode(REWRITER, r, ByteBufAllocator.DEFAULT);
        try {
            return w.bytes().toString(StandardCharsets.ISO_8859_1);
        } finally {
            w.release();
        }
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
    void aHeadRequestIsMarkedSoItsAnswerIsReadWithoutABody() {
        WireRequest head = WireRequest.encode(REWRITER, request("HEAD", "/x", List.of(), new byte[0]), ByteBufAllocator.DEFAULT);
        WireRequest get = WireRequest.encode(REWRITER, request("GET", "/x", List.of(), new byte[0]), ByteBufAllocator.DEFAULT);
        assertThat(head.head()).isTrue();
        assertThat(get.head()).isFalse();
        head.release();
        get.release();
    }

    @Test
    void aRequestThatSaysCloseEndsTheConnectionsKeepAlive() {
        WireRequest w = WireRequest.encode(REWRITER, request("GET", "/x", List.of(new Header("Connection", "close")), new byte[0]),
                ByteBufAllocator.DEFAULT);
        assertThat(w.keepAlive()).isFalse();
        w.release();
    }

    @Test
    void aTargetWithWhitespaceOrABadHeaderNameCannotBeSent() {
        assertThat(WireRequest.encode(REWRITER, request("GET", "/a b", List.of(), new byte[0]), ByteBufAllocator.DEFAULT).bytes()).isNull();
        assertThat(WireRequest.encode(REWRITER, request("GET", "/a\r\nX: y", List.of(), new byte[0]), ByteBufAllocator.DEFAULT).bytes()).isNull();
        assertThat(WireRequest.encode(REWRITER, request("GET", "/a", List.of(new Header("Bad Name", "v")), new byte[0]),
                ByteBufAllocator.DEFAULT).bytes()).isNull();
    }
}
