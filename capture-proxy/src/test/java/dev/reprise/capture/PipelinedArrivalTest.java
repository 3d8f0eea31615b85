package dev.reprise.capture;

import dev.reprise.format.JournalEvent;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests pipelined in one write are journaled with the time they arrived, not the time their turn came. */
@Timeout(60)
class PipelinedArrivalTest {
    @TempDir
    Path dir;

    @Test
    void fourRequestsSentInOneWriteAreJournaledAsArrivingTogether() throws Exception {
        try (ProxyFixture fx = ProxyFixture.builder(dir.resolve("journal")).start()) {
            StringBuilder four = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                four.append("GET /slow?ms=150&n=").append(i).append(" HTTP/1.1\r\nHost: a\r\n\r\n");
            }
            try (Socket s = new Socket()) {
                s.connect(fx.address(), 5000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write(four.toString().getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                for (int i = 0; i < 4; i++) {
                    assertThat(RawHttp.readUntil(in, "hello, world\n")).startsWith("HTTP/1.1 200");
                }
            }
            fx.awaitRecorded();
            List<JournalEvent> events = fx.stopAndReadJournal();
            List<RequestEvent> requests = events.stream().filter(RequestEvent.class::isInstance)
                    .map(RequestEvent.class::cast).toList();
            List<ResponseEvent> responses = events.stream().filter(ResponseEvent.class::isInstance)
                    .map(ResponseEvent.class::cast).toList();
            assertThat(requests).extracting(RequestEvent::sequence).containsExactly(0L, 1L, 2L, 3L);
            assertThat(responses).hasSize(4);
            // Every request, first byte to last, had arrived before the first response began:
            // upstream took 150 ms over each, so a time taken when its turn came would be later.
            long firstResponse = responses.get(0).firstByteNanos();
            for (RequestEvent r : requests) {
                assertThat(r.firstByteNanos()).as("request %d first byte", r.sequence())
                        .isEqualTo(requests.get(0).firstByteNanos());
                assertThat(r.lastByteNanos()).as("request %d last byte", r.sequence()).isLessThan(firstResponse);
            }
            // And each response still came after the one before it.
            for (int i = 1; i < 4; i++) {
                assertThat(responses.get(i).firstByteNanos()).isGreaterThan(responses.get(i - 1).lastByteNanos());
            }
        }
    }

    @Test
    void aRequestArrivingInPiecesIsTimedFromItsFirstPieceToItsLast() throws Exception {
        try (ProxyFixture fx = ProxyFixture.builder(dir.resolve("journal")).start()) {
            for (int i = 0; i < 20; i++) { // a warm proxy reads the first part as soon as it arrives
                RawHttp.exchange(fx.address(), "GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            }
            long before = System.currentTimeMillis() * 1_000_000L;
            try (Socket s = new Socket()) {
                s.setTcpNoDelay(true);
                s.connect(fx.address(), 5000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\nabc"
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                Thread.sleep(800);
                s.getOutputStream().write("def".getBytes(StandardCharsets.US_ASCII));
                assertThat(RawHttp.readUntil(s.getInputStream(), "0\r\n\r\n")).startsWith("HTTP/1.1 200");
            }
            fx.awaitRecorded();
            RequestEvent r = fx.stopAndReadJournal().stream().filter(RequestEvent.class::isInstance)
                    .map(RequestEvent.class::cast).filter(e -> e.method().equals("POST")).findFirst().orElseThrow();
            assertThat(r.firstByteNanos()).isGreaterThanOrEqualTo(before - 50_000_000L);
            // 800 ms lie between the first piece and the last; allow for a loaded machine.
            assertThat(r.lastByteNanos() - r.firstByteNanos()).as(r.toString()).isGreaterThanOrEqualTo(400_000_000L);
        }
    }
}
