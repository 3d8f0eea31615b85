package dev.reprise.replay.connection.internal;

import dev.reprise.format.Body;
import dev.reprise.format.CaptureSettings;
import dev.reprise.format.EventView;
import dev.reprise.format.Header;
import dev.reprise.format.JournalSet;
import dev.reprise.format.JournalWriter;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.StoredRequest;
import dev.reprise.replay.connection.RequestRewriter;
import dev.reprise.replay.connection.StagingCredential;
import dev.reprise.replay.connection.Target;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.plan.PlanEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequestEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests encoded from the bytes a real journal on disk stored them as, against Netty's encoder of the decoded request. */
class WireEncoderTest {
    private static final long START = 1_700_000_000_000_000_000L;

    @TempDir
    Path dir;

    private static RequestEvent request(String method, String target, String version, List<Header> headers, Body body) {
        return new RequestEvent(1, 0, START, START, method, target, version, headers, body, "t");
    }

    private static RequestEvent request(String method, String target, List<Header> headers, byte[] body) {
        return request(method, target, "HTTP/1.1", headers, Body.of(body));
    }

    /** Every shape of request the rewrites treat differently. */
    private static List<RequestEvent> requests() {
        return List.of(
                request("GET", "/v1/items?id=7", List.of(new Header("Host", "prod"), new Header("Cookie", "s=1"),
                        new Header("Accept", "*/*")), new byte[0]),
                request("POST", "http://prod/v1/orders", List.of(new Header("Content-Type", "application/json"),
                        new Header("Content-Length", "99"), new Header("X-Replay", "no")),
                        "{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
                request("PUT", "/caf\u00e9", List.of(new Header("X-Name", "Jos\u00e9")), new byte[]{0, 1, 2, (byte) 255}),
                request("GET", "/a", List.of(new Header("Accept", "*/*"), new Header("Host", "prod"), new Header("X-A", "1"),
                        new Header("ACCEPT", "a/b"), new Header("X-A", "2")), new byte[0]),
                request("POST", "/b", List.of(new Header("Transfer-Encoding", "chunked"), new Header("X-B", "y")), new byte[0]),
                request("GET", "/c", "HTTP/1.0", List.of(new Header("Connection", "Keep-Alive")), Body.EMPTY),
                request("GET", "/c2", "HTTP/1.0", List.of(), Body.EMPTY),
                request("GET", "/c3", List.of(new Header("Connection", " x ,CLOSE")), new byte[0]),
                request("HEAD", "/h", List.of(new Header("host", "prod"), new Header("HOST", "prod2")), new byte[0]),
                request("POST", "/d", "HTTP/1.1", List.of(new Header("Content-Length", "10")), new Body(new byte[]{'a', 'b', 'c'}, 10)),
                request("GET", "/e", List.of(new Header("Authorization", "redacted:3f2a"), new Header("X-Empty", "")), new byte[0]),
                request("GET", "/\u20ac", List.of(new Header("X-Euro", "\u20ac"), new Header("\u00e9t\u00e9", "v")), new byte[0]),
                request("OPTIONS", "*", List.of(new Header("Max-Forwards", "0")), new byte[0]),
                request("GET", "/a b", List.of(), new byte[0]),
                request("GET", "/a", List.of(new Header("Bad Name", "v")), new byte[0]),
                request("GET", "/a", List.of(new Header("X-Split", "v\r\nX-Injected: 1")), new byte[0]),
                request("GET", "/a", List.of(new Header("X-Lead", " v")), new byte[0]),
                request("GET", "/a", List.of(new Header("Cookie", "bad\r\nvalue")), new byte[0]),
                request("PATCH", "/p", List.of(new Header("X-Replay", "v\nX-Injected: 1")), new byte[0]));
    }

    private static List<RequestRewriter> rewriters(Path secret) {
        Target staging = Target.parse("http://staging:8080");
        return List.of(
                RequestRewriter.to(staging).build(),
                RequestRewriter.to(staging).setHeader("X-Replay: yes").removeHeader("Cookie")
                        .rewritePath(RequestRewriter.PathRewrite.parse("^/v1/=/v2/")).build(),
                RequestRewriter.to(staging).hostHeader("staging.internal")
                        .setHeader("accept: text/plain").setHeader("X-Replay: 1").setHeader("X-Replay: 2").build(),
                RequestRewriter.to(staging).setHeader("Host: set.internal").setHeader("Content-Length: 5")
                        .setHeader("Connection: close").removeHeader("host").build(),
                RequestRewriter.to(staging).credential(StagingCredential.parse("Authorization=file:" + secret)).build());
    }

    private List<StoredRequest> storedInAJournal(List<RequestEvent> requests) {
        Path journal = dir.resolve("journal");
        CaptureSettings settings = new CaptureSettings(1 << 16, false, List.of(), List.of(), 1.0, List.of(), List.of());
        try (JournalWriter w = JournalWriter.create(journal).startNanos(START).settings(settings).cycleByEventTime().open()) {
            for (int i = 0; i < requests.size(); i++) {
                RequestEvent r = requests.get(i);
                w.append(new RequestEvent(i, 0, START + i, START + i, r.method(), r.target(), r.httpVersion(), r.headers(),
                        r.body(), r.tenant()));
            }
        }
        List<StoredRequest> kept = new ArrayList<>();
        try (JournalSet set = JournalSet.open(List.of(journal))) {
            for (EventView v = set.nextView(); v != null; v = set.nextView()) {
                kept.add(v.keepRequest());
            }
        }
        return kept;
    }

    private static PlanEvent.Send send(StoredRequest r) {
        return new PlanEvent.Send(new PlanConnection(new ConnectionKey(0, 0, 0)), START, r, "t");
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

    private Path secret() throws IOException {
        Path secret = dir.resolve("token");
        Files.writeString(secret, "Bearer staging-token");
        return secret;
    }

    @Test
    void aRequestReadFromAJournalGoesOutAsNettyWouldEncodeItsRewrittenDecodedForm() throws IOException {
        List<RequestEvent> requests = requests();
        List<StoredRequest> stored = storedInAJournal(requests);
        assertThat(stored).hasSize(requests.size());
        for (RequestRewriter rewriter : rewriters(secret())) {
            WireEncoder encoder = new WireEncoder(rewriter);
            for (int i = 0; i < requests.size(); i++) {
                RequestEvent r = requests.get(i);
                WireRequest fromBytes = encoder.encode(send(stored.get(i)));
                WireRequest decoded = WireRequest.encode(rewriter, r);
                String what = rewriter.describe() + " " + r.method() + " " + r.target() + " " + r.headers();
                if (decoded.bytes() == null) {
                    assertThat(fromBytes.bytes()).as(what).isNull();
                } else {
                    assertThat(fromBytes.bytes()).as(what).isNotNull();
                    assertThat(new String(fromBytes.bytes(), StandardCharsets.ISO_8859_1)).as(what)
                            .isEqualTo(viaNettyEncoder(rewriter, r));
                }
                assertThat(fromBytes.sentTarget()).as(what).isEqualTo(decoded.sentTarget());
                assertThat(fromBytes.keepAlive()).as(what).isEqualTo(decoded.keepAlive());
                assertThat(fromBytes.head()).as(what).isEqualTo(decoded.head());
                assertThat(encoder.endpoint()).as(what).isEqualTo(dev.reprise.format.EndpointTemplate.of(r.method(), r.target()));
            }
        }
    }

    @Test
    void aPlainRequestFromAJournalIsSentWithoutBeingDecoded() {
        List<StoredRequest> stored = storedInAJournal(List.of(
                request("GET", "/orders/12", List.of(new Header("Host", "prod"), new Header("Accept", "*/*")), new byte[0]),
                request("POST", "/orders", List.of(new Header("Content-Length", "2")), "{}".getBytes(StandardCharsets.US_ASCII))));
        WireEncoder encoder = new WireEncoder(RequestRewriter.to(Target.parse("http://staging:8080"))
                .setHeader("X-Replay: yes").build());
        for (StoredRequest r : stored) {
            encoder.encode(send(r));
            // A kept request shows its stored form until something decodes it.
            assertThat(r.toString()).startsWith("StoredRequest[");
        }
    }

    @Test
    void aRequestBuiltByAmplificationIsEncodedFromItsEvent() {
        RequestEvent r = request("GET", "/x", List.of(new Header("X-Tenant", "renamed")), new byte[0]);
        RequestRewriter rewriter = RequestRewriter.to(Target.parse("http://staging:8080")).build();
        WireRequest w = new WireEncoder(rewriter).encode(send(StoredRequest.of(r)));
        assertThat(new String(w.bytes(), StandardCharsets.ISO_8859_1)).isEqualTo(viaNettyEncoder(rewriter, r));
    }
}
