package dev.reprise.replay.results;

import dev.reprise.replay.report.ErrorKind;
import org.HdrHistogram.Recorder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cost of {@link ResultCollector#onResult} from several threads at once, against the floor of any
 * HdrHistogram-based collector: one shared {@link Recorder#recordValue} per result. Then the heap a
 * collector holds at its key limits. Run by {@code scripts/bench/collector}.
 *
 * <p>Arguments: threads, seconds per round, rounds.
 */
public final class CollectorBenchmark {
    private static final int RESULTS = 1 << 16;

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        ExchangeResult[] results = results(new Random(1));
        Path dir = Files.createTempDirectory("reprise-bench");

        double[] collector = new double[rounds];
        double[] floor = new double[rounds];
        double[] burstCollector = new double[rounds];
        double[] burstFloor = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            Recorder recorder = new Recorder(3);
            floor[r] = run(threads, seconds, results, x -> recorder.recordValue(x.latencyFromIntendedNanos() / 1000), false);
            ResultCollector c = new ResultCollector(CollectorOptions.defaults().withHlog(dir.resolve("round" + r + ".hlog")));
            c.start();
            collector[r] = run(threads, seconds, results, c::onResult, false);
            c.finish();
            Recorder burstRecorder = new Recorder(3);
            burstFloor[r] = run(threads, seconds, results, x -> burstRecorder.recordValue(x.latencyFromIntendedNanos() / 1000), true);
            ResultCollector b = new ResultCollector(CollectorOptions.defaults().withHlog(dir.resolve("burst" + r + ".hlog")));
            b.start();
            burstCollector[r] = run(threads, seconds, results, b::onResult, true);
            b.finish();
        }
        System.out.printf(Locale.ROOT, "threads=%d seconds/round=%.1f rounds=%d%n", threads, seconds, rounds);
        System.out.println("saturated (every thread records flat out; the collector's own thread must add up per-key figures too):");
        print("  collector onResult", collector, threads);
        print("  floor: one Recorder", floor, threads);
        System.out.printf(Locale.ROOT, "  ratio collector/floor (medians): %.2f%n", median(collector) / median(floor));
        System.out.println("in bursts of " + BURST + " per thread with pauses, timing only the recording thread (an event loop's cost):");
        print("  collector onResult", burstCollector, threads);
        print("  floor: one Recorder", burstFloor, threads);
        System.out.printf(Locale.ROOT, "  ratio collector/floor (medians): %.2f%n", median(burstCollector) / median(burstFloor));
        CollectorOptions limits = CollectorOptions.defaults();
        System.out.printf(Locale.ROOT, "heap held at the default limits (%d endpoints, %d tenants, hlog on, latencies 10us-10s): %.1f MB%n",
                limits.maxEndpoints(), limits.maxTenants(), heapAtLimits(dir, limits) / 1e6);
        try (var files = Files.list(dir)) {
            files.forEach(p -> p.toFile().delete());
        }
        Files.delete(dir);
    }

    private static void print(String name, double[] perSecond, int threads) {
        double[] s = perSecond.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-20s median %6.2f M/s  min %6.2f  max %6.2f  (%.0f ns per result per thread)%n",
                name, median(s) / 1e6, s[0] / 1e6, s[s.length - 1] / 1e6, 1e9 / (median(s) / threads));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * Results per second per thread. Saturated, each thread records flat out. In bursts, each records
     * {@link #BURST} results, then pauses {@link #PAUSE_MILLIS} so queued per-key figures are drained,
     * and only the recording time counts.
     */
    private static double run(int threads, double seconds, ExchangeResult[] results,
                              java.util.function.Consumer<ExchangeResult> sink, boolean bursts) throws InterruptedException {
        if (bursts) {
            return bursts(threads, seconds, results, sink);
        }
        LongAdder done = new LongAdder();
        CountDownLatch go = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        long budget = (long) (seconds * 1e9);
        for (int t = 0; t < threads; t++) {
            int offset = t * 997;
            workers[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long start = System.nanoTime();
                long n = 0;
                int i = offset;
                while ((n & 1023) != 0 || System.nanoTime() - start < budget) {
                    sink.accept(results[i++ & (RESULTS - 1)]);
                    n++;
                }
                done.add(n);
            });
            workers[t].start();
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }

    private static final int BURST = 8_192;
    private static final long PAUSE_MILLIS = 60;

    private static double bursts(int threads, double seconds, ExchangeResult[] results,
                                 java.util.function.Consumer<ExchangeResult> sink) throws InterruptedException {
        LongAdder done = new LongAdder();
        LongAdder busyNanos = new LongAdder();
        Thread[] workers = new Thread[threads];
        long budget = (long) (seconds * 1e9);
        for (int t = 0; t < threads; t++) {
            int offset = t * 997;
            workers[t] = new Thread(() -> {
                long start = System.nanoTime();
                int i = offset;
                while (System.nanoTime() - start < budget) {
                    long t0 = System.nanoTime();
                    for (int k = 0; k < BURST; k++) {
                        sink.accept(results[i++ & (RESULTS - 1)]);
                    }
                    busyNanos.add(System.nanoTime() - t0);
                    done.add(BURST);
                    try {
                        Thread.sleep(PAUSE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        // Per thread busy time, so this is a rate for all threads together as if each ran alone.
        return done.sum() / (busyNanos.sum() / 1e9) * threads;
    }

    /** 200 endpoints, 50 tenants, log-normal latencies around 5ms, 1% divergent, 0.5% errors. */
    private static ExchangeResult[] results(Random r) {
        ExchangeResult[] out = new ExchangeResult[RESULTS];
        String[] endpoints = new String[200];
        for (int i = 0; i < endpoints.length; i++) {
            endpoints[i] = "GET /api/v1/resource" + i + "/{id}";
        }
        String[] tenants = new String[50];
        for (int i = 0; i < tenants.length; i++) {
            tenants[i] = "tenant-" + i;
        }
        long t0 = 1_000_000_000L;
        for (int i = 0; i < RESULTS; i++) {
            long latency = (long) (5e6 * Math.exp(r.nextGaussian() * 0.8));
            long lag = (long) (r.nextDouble() * 200_000);
            boolean error = r.nextDouble() < 0.005;
            int status = r.nextDouble() < 0.01 ? 500 : 200;
            out[i] = new ExchangeResult(tenants[r.nextInt(tenants.length)], endpoints[r.nextInt(endpoints.length)],
                    "/api/v1/x/" + i, t0, t0 + lag, t0 + lag + latency, error ? 0 : status,
                    error ? ErrorKind.RESPONSE_TIMEOUT : ErrorKind.NONE, 512, 200, latency * 9 / 10);
        }
        return out;
    }

    private static long heapAtLimits(Path dir, CollectorOptions limits) throws InterruptedException {
        long before = usedAfterGc();
        ResultCollector c = new ResultCollector(limits.withHlog(dir.resolve("limits.hlog")));
        c.begin(0, System.currentTimeMillis());
        Random r = new Random(2);
        long t0 = 1_000_000_000L;
        // Every key gets a wide latency spread (10us to ~10s), the worst case for packed histograms.
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
        return held;
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
