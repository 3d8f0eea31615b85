package dev.reprise.capture;

import static org.awaitility.Awaitility.await;
import dev.reprise.capture.record.NotRecorded;
import dev.reprise.capture.record.RecordCounters;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalReader;
import dev.reprise.format.RequestEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The journal on a real 8 MiB tmpfs, filled by a capture under load and then freed: recording
 * pauses above the floor without a single faulting write, monitoring and shutdown never wait on
 * the journal, recording resumes by itself in a fresh file, and every forwarded request is
 * accounted for. Needs root to mount; it fails, never skips, without it.
 */
@Timeout(120)
class FullDiskTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;
    Path mount;
    ProxyFixture fx;
    final ExecutorService clients = Executors.newFixedThreadPool(6);
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void cleanUp() throws Exception {
        clients.shutdownNow();
        if (fx != null) {
            fx.close();
        }
        if (mount != null) {
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path mountSmallTmpfs() throws Exception {
        mount = Files.createDirectories(dir.resolve("disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            Path m = mount;
            mount = null;
            fail("this test needs a real small file system: 'mount -t tmpfs -o size=8m tmpfs " + m
                    + "' failed (run the tests as root): " + out.trim());
        }
        return mount;
    }

    @Test
    void aFullDiskPausesRecordingWithoutFaultsAndRecordingResumesInAFreshFileWhenSpaceReturns() throws Exception {
        Path disk = mountSmallTmpfs();
        Path filler = disk.resolve("filler");
        byte[] junk = new byte[(int) (3 * MIB)];
        new Random(7).nextBytes(junk);
        Files.write(filler, junk);
        Path journal = disk.resolve("journal");
        fx = ProxyFixture.builder(journal).minFreeDisk(MIB).drain(Duration.ofSeconds(2)).start();
        RecordCounters c = fx.proxy.counters();

        AtomicBoolean go = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        List<Future<?>> load = startLoad(go, ok, bad);

        awaitTrue("recording paused for lack of disk", 60, () -> c.notRecorded(NotRecorded.DISK_LOW) > 200);
        // While paused: monitoring answers at once and says why; forwarding goes on.
        String metrics = get("/metrics");
        assertThat(metrics).contains("reprise_journal_disk_low 1").contains("reprise_recorder_up 1");
        assertThat(get("/health")).isEqualTo("ok\n");
        long okBefore = ok.get();
        awaitTrue("forwarding goes on while recording is paused", 20, () -> ok.get() > okBefore + 100);
        long usable = Files.getFileStore(disk).getUsableSpace();
        assertThat(usable).as("the floor is kept").isGreaterThanOrEqualTo(MIB - 64 * 1024);

        Files.delete(filler);
        long journaledAtFree = c.journaled();
        awaitTrue("recording resumes by itself", 30, () -> c.journaled() > journaledAtFree + 50);
        go.set(false);
        for (Future<?> f : load) {
            f.get(30, TimeUnit.SECONDS);
        }

        long t0 = System.nanoTime();
        fx.proxy.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));

        assertThat(bad.get()).as("client errors").isZero();
        assertThat(c.writeFailures()).as("journal writes that failed (faulted)").isZero();
        assertThat(fx.proxy.recorder().restarts()).isZero();
        assertThat(c.queued()).isZero();
        long notRecorded = Stream.of(NotRecorded.values()).mapToLong(c::notRecorded).sum();
        assertThat(c.forwarded()).isEqualTo(ok.get()).isEqualTo(c.journaled() + notRecorded);
        assertThat(c.notRecorded(NotRecorded.DISK_LOW)).isEqualTo(notRecorded - c.notRecorded(NotRecorded.FAILED));

        try (Stream<Path> files = Files.list(journal)) {
            assertThat(files.filter(p -> p.toString().endsWith(".cq4")).count())
                    .as("a fresh roll file after the pause").isEqualTo(2);
        }
        long requests = 0;
        try (JournalReader r = JournalReader.open(journal)) {
            for (JournalEvent e; (e = r.next()) != null; ) {
                if (e instanceof RequestEvent) {
                    requests++;
                }
            }
            assertThat(r.skippedRecords()).as("damaged records").isZero();
        }
        assertThat(requests).isEqualTo(c.journaled());
    }

    @Test
    void withoutAFloorAFaultingWriteIsSurvivedAndTheJournalStaysReadable() throws Exception {
        Path disk = mountSmallTmpfs();
        Path filler = disk.resolve("filler");
        byte[] junk = new byte[(int) (3 * MIB)];
        new Random(7).nextBytes(junk);
        Files.write(filler, junk);
        Path journal = disk.resolve("journal");
        fx = ProxyFixture.builder(journal).minFreeDisk(0).drain(Duration.ofSeconds(2)).start();
        RecordCounters c = fx.proxy.counters();
        AtomicBoolean go = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        List<Future<?>> load = startLoad(go, ok, bad);

        awaitTrue("journal writes fail on the full disk", 60, () -> c.writeFailures() > 0);
        go.set(false);
        for (Future<?> f : load) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(get("/health")).isEqualTo("ok\n");
        Files.delete(filler);
        long journaledAtFree = c.journaled();
        HttpRequest hello = HttpRequest.newBuilder(URI.create(fx.url() + "/hello")).timeout(Duration.ofSeconds(5)).build();
        // The first requests after the space is freed may still meet the recorder's last look at
        // the full disk, and be counted as failed; requests keep coming until 20 more are journaled.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (c.journaled() < journaledAtFree + 20) {
            if (System.nanoTime() > end) {
                fail("timed out waiting until recording resumes by itself");
            }
            assertThat(http.send(hello, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            ok.incrementAndGet();
            Thread.sleep(10);
        }
        assertThat(fx.proxy.recorder().problem()).isNull();
        long t0 = System.nanoTime();
        fx.proxy.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));

        assertThat(bad.get()).as("client errors").isZero();
        assertThat(c.queued()).isZero();
        long notRecorded = Stream.of(NotRecorded.values()).mapToLong(c::notRecorded).sum();
        assertThat(c.forwarded()).isEqualTo(ok.get()).isEqualTo(c.journaled() + notRecorded);
        long requests = 0;
        try (JournalReader r = JournalReader.open(journal)) {
            for (JournalEvent e; (e = r.next()) != null; ) {
                if (e instanceof RequestEvent) {
                    requests++;
                }
            }
        }
        assertThat(requests).as("every journaled request reads back").isEqualTo(c.journaled());
    }

    private List<Future<?>> startLoad(AtomicBoolean go, AtomicLong ok, AtomicLong bad) {
        byte[] body = new byte[16 * 1024];
        new Random(1).nextBytes(body);
        List<Future<?>> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            out.add(clients.submit(() -> {
                HttpRequest req = HttpRequest.newBuilder(URI.create(fx.url() + "/echo"))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                while (go.get()) {
                    try {
                        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() == 200 && r.body().length == body.length) {
                            ok.incrementAndGet();
                        } else {
                            bad.incrementAndGet();
                        }
                    } catch (IOException e) {
                        bad.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        return out;
    }

    private String get(String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.proxy.adminAddress().getPort() + path))
                .timeout(Duration.ofSeconds(2)).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void awaitTrue(String what, int seconds, BooleanSupplier condition) {
        await(what).atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
    }
}
