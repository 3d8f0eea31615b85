package dev.reprise.replay.results;

import dev.reprise.replay.report.ErrorKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * The heap a collector holds with every default limit filled (500 endpoints, 500 tenants,
 * {@code .hlog} on, latencies 10 µs–10 s, the worst case for packed histograms). Run by
 * {@code scripts/bench/collector} beside {@link CollectorBenchmark}.
 */
public final class CollectorHeap {
    private CollectorHeap() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("reprise-collector-heap-");
        CollectorOptions limits = CollectorOptions.defaults();
        long before = usedAfterGc();
        ResultCollector c = new ResultCollector(limits.withHlog(dir.resolve("limits.hlog")));
        c.begin(0, System.currentTimeMillis());
        Random r = new Random(2);
        long t0 = 1_000_000_000L;
        int keys = Math.max(limits.maxEndpoints(), limits.maxTenants());
        for (int e = 0; e < keys; e++) {
            for (int k = 0; k < 40; k++) {
                long latency = (long) (1e4 * Math.pow(10, r.nextDouble() * 6));
                c.onResult(new ExchangeResult("tenant-" + (e * 7 + k) % limits.maxTenants(),
                        "GET /e" + e % limits.maxEndpoints(), "/e", t0, t0, t0 + latency,
                        200 + 100 * (k % 4), ErrorKind.NONE, 1, 200, latency));
            }
        }
        c.tick(1_000_000_000L);
        long held = usedAfterGc() - before;
        c.finish(2_000_000_000L, System.currentTimeMillis());
        System.out.printf(Locale.ROOT, "heap held at the default limits (%d endpoints, %d tenants, hlog on, latencies 10us-10s): %.1f MB%n",
                limits.maxEndpoints(), limits.maxTenants(), held / 1e6);
        try (var files = Files.list(dir)) {
            files.forEach(p -> p.toFile().delete());
        }
        Files.delete(dir);
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
