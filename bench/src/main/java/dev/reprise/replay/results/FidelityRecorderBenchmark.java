package dev.reprise.replay.results;

import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.plan.ConnectionKey;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * What the fidelity section costs an event loop per exchange: {@link FidelityRecorder#onExchange}
 * against {@link ResultCollector#onResult}, which every exchange already pays, measured in the
 * same rounds, in bursts from several threads at once (each thread timing only its own recording,
 * as an event loop would pay it). Exchanges come from 1,000 connections, sent 50 µs apart (20,000
 * requests/s), so the reorder heap holds the horizon's worth (1 s here) as in a replay.
 *
 * <pre>
 * javac -d /tmp/fb -cp replayer/target/reprise-replayer.jar \
 *     replayer/src/test/java/dev/reprise/replay/results/FidelityRecorderBenchmark.java
 * java -cp /tmp/fb:replayer/target/reprise-replayer.jar dev.reprise.replay.results.FidelityRecorderBenchmark 2 2 5
 * </pre>
 *
 * <p>Arguments: threads, seconds per round, rounds.
 */
public final class FidelityRecorderBenchmark {
    private static final int N = 1 << 16;
    private static final int CONNECTIONS = 1000;
    private static final int BURST = 8_192;
    private static final long PAUSE_MILLIS = 60;

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Random random = new Random(1);
        ExchangeResult[] results = new ExchangeResult[N];
        ConnectionKey[] keys = new ConnectionKey[CONNECTIONS];
        for (int c = 0; c < CONNECTIONS; c++) {
            keys[c] = new ConnectionKey(0, c, 0);
        }
        for (int i = 0; i < N; i++) {
            long intended = 1_000_000_000L + i * 50_000L;
            long sent = intended + (long) (random.nextDouble() * 200_000);
            long latency = (long) (5e6 * Math.exp(random.nextGaussian() * 0.8));
            results[i] = new ExchangeResult("tenant-" + (i % 50), "GET /api/v1/resource" + (i % 200) + "/{id}",
                    "/api/v1/x/" + i, intended, sent, sent + latency, 200, ErrorKind.NONE, 512, 200, latency);
        }
        double[] collector = new double[rounds];
        double[] fidelity = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ResultCollector c = new ResultCollector(CollectorOptions.defaults());
            c.start();
            collector[r] = bursts(threads, seconds, i -> c.onResult(results[i]));
            c.finish();
            FidelityRecorder f = new FidelityRecorder(1.0, 1_000_000_000L);
            fidelity[r] = bursts(threads, seconds, i -> f.onExchange(keys[i % CONNECTIONS], i / CONNECTIONS, results[i]));
            f.measure(null);
        }
        System.out.printf(Locale.ROOT, "threads=%d seconds/round=%.1f rounds=%d, in bursts of %d per thread%n",
                threads, seconds, rounds, BURST);
        print("collector onResult", collector, threads);
        print("fidelity onExchange", fidelity, threads);
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratios[r] = fidelity[r] / collector[r];
        }
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "ratio fidelity/collector (per round): median %.2f min %.2f max %.2f%n",
                median(ratios), ratios[0], ratios[rounds - 1]);
    }

    private static void print(String name, double[] perSecond, int threads) {
        double[] s = perSecond.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-20s median %6.2f M/s  min %6.2f  max %6.2f  (%.0f ns per exchange per thread)%n",
                name, median(s) / 1e6, s[0] / 1e6, s[s.length - 1] / 1e6, 1e9 / (median(s) / threads));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Exchanges per second, all threads together, counting only the time spent recording. */
    private static double bursts(int threads, double seconds, IntConsumer sink) throws InterruptedException {
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
                        sink.accept(i++ & (N - 1));
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
        return done.sum() / (busyNanos.sum() / 1e9) * threads;
    }
}
