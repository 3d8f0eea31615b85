package dev.reprise.capture;

import dev.reprise.format.JournalEvent;
import dev.reprise.format.Outcome;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a client sees when the upstream closes a pooled keep-alive connection as a request goes out on it. */
@Timeout(60)
class UpstreamRetryTest {
    @TempDir
    Path dir;
    ProxyFixture fx;
    ForgetfulUpstream upstream;

    @AfterEach
    void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private void start() throws Exception {
        upstream = new ForgetfulUpstream();
        fx = ProxyFixture.builder(dir.resolve("journal")).upstreamPort(upstream.port()).start();
    }

    /** Sends the requests one after another on one client connection, returning each response's text. */
    private String[] sendInTurn(String... requests) throws Exception {
        String[] answers = new String[requests.length];
        try (Socket s = new Socket()) {
            s.connect(fx.address(), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < requests.length; i++) {
                out.write(requests[i].getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String head = RawHttp.readUntil(in, "\r\n\r\n");
                int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
                answers[i] = head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
            }
        }
        return answers;
    }

    private static <T> List<T> only(List<JournalEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void retriesARequestThatFailedOnAReusedConnectionOnAFreshOne() throws Exception {
        start();
        String[] answers = sendInTurn("GET /first HTTP/1.1\r\nHost: a\r\n\r\n", "GET /second HTTP/1.1\r\nHost: a\r\n\r\n");

        assertThat(answers[0]).startsWith("HTTP/1.1 200").endsWith("ok 1");
        assertThat(answers[1]).startsWith("HTTP/1.1 200").endsWith("ok 2");
        assertThat(upstream.seen).extracting(ForgetfulUpstream.Seen::connection, ForgetfulUpstream.Seen::requestLine)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "GET /first HTTP/1.1"),
                        org.assertj.core.groups.Tuple.tuple(1, "GET /second HTTP/1.1"),
                        org.assertj.core.groups.Tuple.tuple(2, "GET /second HTTP/1.1"));
        assertThat(fx.proxy.metrics().upstreamRetries.sum()).isEqualTo(1);
        assertThat(fx.proxy.metrics().upstreamErrors(Outcome.UPSTREAM_RESET)).isZero();
    }

    @Test
    void theJournalRecordsARetriedExchangeOnceWithItsRetry() throws Exception {
        start();
        sendInTurn("GET /first HTTP/1.1\r\nHost: a\r\n\r\n",
                "PUT /second HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
        fx.awaitRecorded();
        List<JournalEvent> events = fx.stopAndReadJournal();

        assertThat(only(events, RequestEvent.class)).extracting(RequestEvent::target).containsExactly("/first", "/second");
        assertThat(only(events, ResponseEvent.class))
                .extracting(ResponseEvent::status, ResponseEvent::outcome, ResponseEvent::upstreamRetries)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(200, Outcome.COMPLETE, 0),
                        org.assertj.core.groups.Tuple.tuple(200, Outcome.COMPLETE, 1));
        // The body went out again, whole, on the fresh connection.
        assertThat(upstream.seen.get(2).body()).isEqualTo("hello");
        assertThat(fx.proxy.counters().forwarded()).isEqualTo(2);
    }

    @Test
    void aPostThatFailedOnAReusedConnectionIsNotSentTwice() throws Exception {
        start();
        String[] answers = sendInTurn("GET /first HTTP/1.1\r\nHost: a\r\n\r\n",
                "POST /order HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc");

        assertThat(answers[1]).startsWith("HTTP/1.1 502");
        assertThat(upstream.seen).extracting(ForgetfulUpstream.Seen::requestLine)
                .containsExactly("GET /first HTTP/1.1", "POST /order HTTP/1.1");
        assertThat(fx.proxy.metrics().upstreamRetries.sum()).isZero();
        assertThat(fx.proxy.metrics().upstreamErrors(Outcome.UPSTREAM_RESET)).isEqualTo(1);
    }

    @Test
    void aRequestIsRetriedOnlyOnce() throws Exception {
        start();
        // Every connection answers once; the retry goes out on a fresh connection, which answers.
        // A request is never sent a third time: the fresh connection's failure would be the client's.
        String[] answers = sendInTurn("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n", "GET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /3 HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(answers).allSatisfy(a -> assertThat(a).startsWith("HTTP/1.1 200"));
        assertThat(upstream.seen).filteredOn(s -> s.requestLine().startsWith("GET /3")).hasSize(2);
        assertThat(fx.proxy.metrics().upstreamRetries.sum()).isEqualTo(2);
    }
}
