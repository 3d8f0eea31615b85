package dev.reprise.capture;

import dev.reprise.capture.record.JournalSink;
import dev.reprise.capture.record.NotRecorded;
import dev.reprise.capture.record.RecordCounters;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.RequestEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The recorder is never dead and never stuck unseen, and every request handed to it is accounted for. */
@Timeout(60)
class RecorderResilienceTest {
    private static final String GET = "GET /hello HTTP/1.1\r\nHost: svc\r\nConnection: close\r\n\r\n";

    @TempDir
    Path dir;
    ProxyFixture fx;
    final CountDownLatch release = new CountDownLatch(1);
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        release.countDown();
        if (fx != null) {
            fx.close();
        }
    }

    /** A journal whose appends go through {@code before} first. */
    private static UnaryOperator<JournalSink> sink(Runnable before) {
        return real -> new JournalSink() {
            @Override
            public void append(JournalEvent event) {
                if (event instanceof RequestEvent) {
                    before.run();
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
        };
    }

    private static void assertEveryRequestAccountedFor(RecordCounters c) {
        long notRecorded = Stream.of(NotRecorded.values()).mapToLong(c::notRecorded).sum();
        assertThat(c.queued()).isZero();
        assertThat(c.forwarded()).isEqualTo(c.journaled() + notRecorded);
    }

    @Test
    void anErrorThrownOutOfAJournalWriteDoesNotStopRecording() throws Exception {
        AtomicInteger errors = new AtomicInteger(3);
        fx = ProxyFixture.builder(dir.resolve("journal")).sink(sink(() -> {
            if (errors.getAndDecrement() > 0) {
                throw new StackOverflowError("deep in a broken codec");
            }
        })).start();
        for (int i = 0; i < 8; i++) {
            assertThat(RawHttp.text(RawHttp.exchange(fx.address(), GET))).startsWith("HTTP/1.1 200 OK");
        }
        fx.awaitRecorded();
        RecordCounters c = fx.proxy.counters();
        assertThat(fx.proxy.recorder().restarts()).isEqualTo(3);
        assertThat(fx.proxy.recorder().problem()).isNull();
        assertThat(c.journaled()).isEqualTo(5);
        assertThat(c.notRecorded(NotRecorded.FAILED)).isEqualTo(3);
        assertThat(admin("/health")).isEqualTo("ok\n");
        assertThat(admin("/metrics")).contains("reprise_recorder_restarts_total 3").contains("reprise_recorder_up 1");
        assertEveryRequestAccountedFor(c);
        assertThat(fx.stopAndReadJournal().stream().filter(e -> e instanceof RequestEvent)).hasSize(5);
    }

    @Test
    void aStuckJournalWriteHoldsUpNeitherMonitoringNorShutdown() throws Exception {
        AtomicInteger passes = new AtomicInteger(1);
        fx = ProxyFixture.builder(dir.resolve("journal")).drain(Duration.ofSeconds(1)).sink(sink(() -> {
            if (passes.getAndDecrement() <= 0) {
                // a disk that never answers, interrupted or not
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        // a hung write does not return on interrupt
                    }
                }
            }
        })).start();
        for (int i = 0; i < 6; i++) {
            assertThat(RawHttp.text(RawHttp.exchange(fx.address(), GET))).startsWith("HTTP/1.1 200 OK");
        }
        long t0 = System.nanoTime();
        assertThat(admin("/metrics")).contains("reprise_requests_forwarded_total 6");
        assertThat(admin("/health")).isEqualTo("ok\n");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));

        t0 = System.nanoTime();
        fx.proxy.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("stop with a stuck write").isLessThan(Duration.ofSeconds(4));
        RecordCounters c = fx.proxy.counters();
        assertThat(c.journaled()).isEqualTo(1);
        // the stuck one in the recorder's hands and the four queued behind it
        assertThat(c.notRecorded(NotRecorded.STOPPED)).isEqualTo(5);
        assertEveryRequestAccountedFor(c);
    }

    private String admin(String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.proxy.adminAddress().getPort() + path))
                .timeout(Duration.ofSeconds(2)).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }
}
