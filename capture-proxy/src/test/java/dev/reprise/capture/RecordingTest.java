package dev.reprise.capture;

import static org.awaitility.Awaitility.await;
import dev.reprise.capture.record.JournalSink;
import dev.reprise.capture.record.NotRecorded;
import dev.reprise.capture.record.RecordCounters;
import dev.reprise.capture.record.RecordPolicy;
import dev.reprise.capture.record.TenantAndRedaction;
import dev.reprise.format.ConnectionClosed;
import dev.reprise.format.ConnectionOpened;
import dev.reprise.format.Header;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalException;
import dev.reprise.format.Outcome;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.format.redact.RedactionKey;
import dev.reprise.format.redact.RedactionPolicy;
import dev.reprise.format.redact.Redactor;
import dev.reprise.format.tenant.TenantRules;
import dev.reprise.testing.TestHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class RecordingTest {
    @TempDir
    Path dir;
    ProxyFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private Path journal() {
        return dir.resolve("journal");
    }

    private static <T> List<T> only(List<JournalEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static void assertInvariant(RecordCounters c) {
        long notRecorded = Stream.of(NotRecorded.values()).mapToLong(c::notRecorded).sum();
        assertThat(c.forwarded()).isEqualTo(c.journaled() + notRecorded + c.queued());
    }

    @Test
    void journalsTheSameRequestHeadersWhetherTheHeadWentUpstreamAsSentOrReEncoded() throws Exception {
        // Odd spacing, a tab, repeated and empty fields and a Latin-1 byte: what the journal keeps of
        // them must not depend on whether the proxy forwarded the client's bytes (and parsed the
        // journal's copy from them) or rewrote the head (--add-forwarded) and took the decoded fields.
        String request = "GET /h HTTP/1.1\r\nHost: svc\r\nX-Odd-CASE:   spaced value \t \r\nx-rep: 1\r\n"
                + "x-empty:\r\nx-rep: 2\r\nX-Latin: caf\u00e9\r\nConnection: close\r\n\r\n";
        List<Header> expected = List.of(new Header("Host", "svc"), new Header("X-Odd-CASE", "spaced value"),
                new Header("x-rep", "1"), new Header("x-empty", ""), new Header("x-rep", "2"),
                new Header("X-Latin", "caf\u00e9"), new Header("Connection", "close"));
        for (boolean rewritten : new boolean[] {false, true}) {
            Path journal = journal().resolveSibling(rewritten ? "rewritten" : "as-sent");
            ProxyFixture.Builder b = ProxyFixture.builder(journal);
            fx = (rewritten ? b.addForwarded() : b).start();
            RawHttp.exchange(fx.address(), request);
            List<RequestEvent> reqs = only(fx.stopAndReadJournal(), RequestEvent.class);
            fx.close();
            fx = null;
            assertThat(reqs).hasSize(1);
            assertThat(reqs.get(0).headers()).as(rewritten ? "head rewritten" : "head as sent").isEqualTo(expected);
        }
    }

    @Test
    void headsThatRepeatOnAConnectionAreJournaledEachWithItsOwnFields() throws Exception {
        // Fields that repeat from one exchange to the next are recorded from the last head's split,
        // so the journal must still tell apart a repeat behind another first line, a change, and a
        // change back, for requests and responses alike.
        fx = ProxyFixture.builder(journal()).start();
        RawHttp.exchange(fx.address(), "GET /hello HTTP/1.1\r\nHost: svc\r\nX-N: 1\r\n\r\n"
                + "GET /hello?again HTTP/1.1\r\nHost: svc\r\nX-N: 1\r\n\r\n"
                + "GET /status/404 HTTP/1.1\r\nHost: svc\r\nX-N: 2\r\n\r\n"
                + "GET /hello HTTP/1.1\r\nHost: svc\r\nX-N: 1\r\nConnection: close\r\n\r\n");
        List<JournalEvent> events = fx.stopAndReadJournal();
        List<RequestEvent> reqs = only(events, RequestEvent.class);
        assertThat(reqs).extracting(RequestEvent::target).containsExactly("/hello", "/hello?again", "/status/404", "/hello");
        assertThat(reqs).extracting(RequestEvent::headers).containsExactly(
                List.of(new Header("Host", "svc"), new Header("X-N", "1")),
                List.of(new Header("Host", "svc"), new Header("X-N", "1")),
                List.of(new Header("Host", "svc"), new Header("X-N", "2")),
                List.of(new Header("Host", "svc"), new Header("X-N", "1"), new Header("Connection", "close")));
        List<ResponseEvent> resps = only(events, ResponseEvent.class).stream()
                .sorted(java.util.Comparator.comparingLong(ResponseEvent::sequence)).toList();
        assertThat(resps).extracting(ResponseEvent::status).containsExactly(200, 200, 404, 200);
        Header helloLength = new Header("content-length", Integer.toString(TestHttpServer.HELLO.length));
        assertThat(resps.get(0).headers()).contains(helloLength).isEqualTo(resps.get(1).headers());
        assertThat(resps.get(2).headers()).contains(new Header("content-length", "0")).doesNotContain(helloLength);
        assertThat(resps.get(3).headers()).contains(helloLength);
        assertInvariant(fx.proxy.counters());
    }

    @Test
    void journalHoldsExactlyWhatWasSentAndReceived() throws Exception {
        fx = ProxyFixture.builder(journal()).start();
        RawHttp.exchange(fx.address(), "POST /echo?x=1 HTTP/1.1\r\nHost: svc\r\nX-Zed: 1\r\nx-alpha: two\r\n"
                + "Content-Length: 5\r\n\r\nhello"
                + "GET /hello HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        List<JournalEvent> events = fx.stopAndReadJournal();
        List<RequestEvent> reqs = only(events, RequestEvent.class);
        List<ResponseEvent> resps = only(events, ResponseEvent.class);
        assertThat(only(events, ConnectionOpened.class)).hasSize(1);
        assertThat(only(events, ConnectionClosed.class)).hasSize(1);
        assertThat(reqs).hasSize(2);
        RequestEvent post = reqs.get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.target()).isEqualTo("/echo?x=1");
        assertThat(post.httpVersion()).isEqualTo("HTTP/1.1");
        assertThat(post.headers()).containsExactly(new Header("Host", "svc"), new Header("X-Zed", "1"),
                new Header("x-alpha", "two"), new Header("Content-Length", "5"));
        assertThat(new String(post.body().bytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(post.sequence()).isEqualTo(0);
        assertThat(reqs.get(1).sequence()).isEqualTo(1);
        assertThat(post.lastByteNanos()).isGreaterThanOrEqualTo(post.firstByteNanos());
        ResponseEvent echo = resps.stream().filter(r -> r.sequence() == 0).findFirst().orElseThrow();
        assertThat(echo.status()).isEqualTo(200);
        assertThat(echo.outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(new String(echo.body().bytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(echo.firstByteNanos()).isGreaterThanOrEqualTo(post.firstByteNanos());
        ResponseEvent hello = resps.stream().filter(r -> r.sequence() == 1).findFirst().orElseThrow();
        assertThat(hello.body().bytes()).isEqualTo(TestHttpServer.HELLO);
        assertThat(hello.headers()).contains(new Header("content-length", "13"));
        assertThat(fx.proxy.counters().journaled()).isEqualTo(2);
        assertInvariant(fx.proxy.counters());
    }

    @Test
    void aRequestIsTimedFromItsFirstByteNotFromItsDecodedHead() throws Exception {
        fx = ProxyFixture.builder(journal()).start();
        for (int i = 0; i < 20; i++) { // a warm proxy reads the first part as soon as it arrives
            RawHttp.exchange(fx.address(), "GET /hello HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        }
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(fx.address(), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("POST /echo HTTP/1.1\r\nHost: svc\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(800);
            out.write("Content-Length: 3\r\nConnection: close\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawHttp.readToEnd(s.getInputStream());
        }
        RequestEvent post = only(fx.stopAndReadJournal(), RequestEvent.class).stream()
                .filter(r -> r.method().equals("POST")).findFirst().orElseThrow();
        // 800 ms lie between the first byte and the end of the head; allow for a loaded machine.
        assertThat(post.lastByteNanos() - post.firstByteNanos()).isGreaterThanOrEqualTo(400_000_000L);
    }

    @Test
    void journalFilesAreReadableByTheOwnerOnly() throws Exception {
        fx = ProxyFixture.builder(journal()).start();
        RawHttp.exchange(fx.address(), "GET /hello HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        fx.stopAndReadJournal();
        try (Stream<Path> files = Files.list(journal())) {
            for (Path f : files.toList()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
                assertThat(perms).as(f.toString()).doesNotContain(PosixFilePermission.GROUP_READ,
                        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
            }
        }
    }

    @Test
    void storedBodiesAreCappedButKeepTheirTrueLength() throws Exception {
        fx = ProxyFixture.builder(journal()).maxBodyBytes(1000).start();
        RawHttp.exchange(fx.address(), "GET /large?n=50000 HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        ResponseEvent r = only(fx.stopAndReadJournal(), ResponseEvent.class).get(0);
        assertThat(r.body().bytes()).hasSize(1000);
        assertThat(r.body().length()).isEqualTo(50000);
        assertThat(r.body().truncated()).isTrue();
        assertThat(r.body().bytes()[999]).isEqualTo(TestHttpServer.patternByte(999));
    }

    @Test
    void clientAbortingMidBodyIsHandledAndRecorded() throws Exception {
        fx = ProxyFixture.builder(journal()).start();
        try (Socket s = new Socket()) {
            s.connect(fx.address(), 5000);
            OutputStream out = s.getOutputStream();
            out.write("POST /echo HTTP/1.1\r\nHost: svc\r\nContent-Length: 100000\r\n\r\n0123456789"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300);
        }
        await("the client's abort to be counted").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> fx.proxy.metrics().clientAborts.sum() > 0);
        byte[] ok = RawHttp.exchange(fx.address(), "GET /hello HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.text(ok)).startsWith("HTTP/1.1 200");
        List<JournalEvent> events = fx.stopAndReadJournal();
        RequestEvent req = only(events, RequestEvent.class).get(0);
        assertThat(new String(req.body().bytes(), StandardCharsets.US_ASCII)).isEqualTo("0123456789");
        ResponseEvent resp = only(events, ResponseEvent.class).get(0);
        assertThat(resp.outcome()).isEqualTo(Outcome.CLIENT_ABORT);
        assertThat(fx.proxy.metrics().clientAborts.sum()).isEqualTo(1);
        assertInvariant(fx.proxy.counters());
    }

    @Test
    void upstreamDownGets502AndIsJournaledAsRefused() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        fx = ProxyFixture.builder(journal()).upstreamPort(closedPort).start();
        byte[] got = RawHttp.exchange(fx.address(), "GET /hello HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.text(got)).startsWith("HTTP/1.1 502 Bad Gateway\r\n").contains("refused");
        ResponseEvent r = only(fx.stopAndReadJournal(), ResponseEvent.class).get(0);
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.outcome()).isEqualTo(Outcome.UPSTREAM_CONNECT_REFUSED);
        assertThat(fx.proxy.metrics().upstreamErrors(Outcome.UPSTREAM_CONNECT_REFUSED)).isEqualTo(1);
    }

    @Test
    void slowUpstreamGets504AfterTheReadTimeout() throws Exception {
        fx = ProxyFixture.builder(journal()).readTimeout(Duration.ofMillis(300)).start();
        byte[] got = RawHttp.exchange(fx.address(), "GET /slow?ms=5000 HTTP/1.1\r\nHost: svc\r\n\r\n"
                + "GET /hello HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        String text = RawHttp.text(got);
        assertThat(text).startsWith("HTTP/1.1 504 Gateway Timeout\r\n");
        assertThat(text).contains("HTTP/1.1 200 OK").endsWith("hello, world\n");
        List<ResponseEvent> rs = only(fx.stopAndReadJournal(), ResponseEvent.class);
        assertThat(rs.get(0).outcome()).isEqualTo(Outcome.UPSTREAM_TIMEOUT);
        assertThat(rs.get(0).status()).isEqualTo(504);
        assertThat(rs.get(1).outcome()).isEqualTo(Outcome.COMPLETE);
    }

    @Test
    void upstreamResetGets502AndIsJournaledAsReset() throws Exception {
        fx = ProxyFixture.builder(journal()).start();
        byte[] got = RawHttp.exchange(fx.address(), "GET /reset HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.text(got)).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
        ResponseEvent r = only(fx.stopAndReadJournal(), ResponseEvent.class).get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.UPSTREAM_RESET);
    }

    @Test
    void forwardingGoesOnWhileTheJournalFailsAndRecordingResumesByItself() throws Exception {
        AtomicBoolean diskFull = new AtomicBoolean();
        fx = ProxyFixture.builder(journal()).sink(real -> new JournalSink() {
            @Override
            public void append(JournalEvent event) {
                if (diskFull.get()) {
                    throw new JournalException("journal x: write failed: No space left on device");
                }
                real.append(event);
            }

            @Override
            public long bytesWritten() {
                return real.bytesWritten();
            }

            @Override
            public String describe() {
                return real.describe();
            }

            @Override
            public boolean close(Duration wait) {
                return real.close(wait);
            }
        }).start();
        String get = "GET /hello HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n";
        RawHttp.exchange(fx.address(), get);
        fx.awaitRecorded();
        diskFull.set(true);
        for (int i = 0; i < 5; i++) {
            assertThat(RawHttp.text(RawHttp.exchange(fx.address(), get))).startsWith("HTTP/1.1 200 OK");
        }
        fx.awaitRecorded();
        diskFull.set(false);
        RawHttp.exchange(fx.address(), get);
        fx.awaitRecorded();
        RecordCounters c = fx.proxy.counters();
        assertThat(c.forwarded()).isEqualTo(7);
        assertThat(c.notRecorded(NotRecorded.FAILED)).isEqualTo(5);
        assertThat(c.journaled()).isEqualTo(2);
        assertThat(c.writeFailures()).isGreaterThanOrEqualTo(5);
        assertInvariant(c);
        assertThat(only(fx.stopAndReadJournal(), RequestEvent.class)).hasSize(2);
    }

    @Test
    void sampledOutAndFilteredRequestsAreCountedApart() throws Exception {
        fx = ProxyFixture.builder(journal()).policy(new RecordPolicy(1.0, List.of(), List.of("/health", "/static/**"),
                List.of(), List.of("DELETE"))).start();
        RawHttp.exchange(fx.address(), "GET /health HTTP/1.1\r\nHost: svc\r\n\r\n"
                + "GET /static/css/a.css HTTP/1.1\r\nHost: svc\r\n\r\n"
                + "DELETE /hello HTTP/1.1\r\nHost: svc\r\n\r\n"
                + "GET /hello HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        fx.awaitRecorded();
        RecordCounters c = fx.proxy.counters();
        assertThat(c.forwarded()).isEqualTo(4);
        assertThat(c.notRecorded(NotRecorded.FILTERED)).isEqualTo(3);
        assertThat(c.journaled()).isEqualTo(1);
        assertInvariant(c);
        List<RequestEvent> reqs = only(fx.stopAndReadJournal(), RequestEvent.class);
        assertThat(reqs).extracting(RequestEvent::target).containsExactly("/hello");
        fx.close();

        fx = ProxyFixture.builder(dir.resolve("sampled")).policy(new RecordPolicy(1e-9, List.of(), List.of(),
                List.of(), List.of())).start();
        for (int i = 0; i < 3; i++) {
            RawHttp.exchange(fx.address(), "GET /hello HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        }
        fx.awaitRecorded();
        assertThat(fx.proxy.counters().notRecorded(NotRecorded.SAMPLED_OUT)).isEqualTo(3);
        assertInvariant(fx.proxy.counters());
    }

    @Test
    void secretsNeverReachTheJournalFilesAndTheTenantIsFound() throws Exception {
        Redactor redactor = Redactor.create(RedactionPolicy.of(List.of("X-Api-Key"), List.of("password")),
                RedactionKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        fx = ProxyFixture.builder(journal()).shaper(new TenantAndRedaction(
                TenantRules.parse(List.of("header:X-Tenant-Id", "path:/t/{tenant}/")), redactor)).start();
        String body = "{\"user\":\"ann\",\"password\":\"hunter2-SECRET\"}";
        RawHttp.exchange(fx.address(), "POST /hello HTTP/1.1\r\nHost: svc\r\nAuthorization: Bearer tok-SECRET-1\r\n"
                + "Cookie: sid=cookie-SECRET-2\r\nX-Api-Key: key-SECRET-3\r\nX-Tenant-Id: acme\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                + "GET /t/globex/hello HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        List<RequestEvent> reqs = only(fx.stopAndReadJournal(), RequestEvent.class);
        assertThat(reqs).extracting(RequestEvent::tenant).containsExactly("acme", "globex");
        assertThat(reqs.get(0).header("Authorization")).startsWith("Bearer redacted:");
        try (Stream<Path> files = Files.list(journal())) {
            for (Path f : files.toList()) {
                int at = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).indexOf("SECRET");
                assertThat(at).as("offset of a secret in " + f).isEqualTo(-1);
            }
        }
        assertThat(fx.upstream.requests().get(0).header("Authorization")).isEqualTo("Bearer tok-SECRET-1");
    }

    @Test
    void withRecordingOffEveryRequestIsCountedAsDisabled() throws Exception {
        fx = ProxyFixture.builder(journal()).noRecord().start();
        RawHttp.exchange(fx.address(), "GET /hello HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n");
        assertThat(fx.proxy.counters().notRecorded(NotRecorded.DISABLED)).isEqualTo(1);
        assertThat(Files.exists(journal())).isFalse();
    }
}
