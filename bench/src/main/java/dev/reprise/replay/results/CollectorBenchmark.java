package dev.reprise.replay.results;

import dev.reprise.replay.report.ErrorKind;
import org.HdrHistogram.Recorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Cost of {@link ResultCollector#onResult} from one or more threads ({@code -t}), against the floor
 * of any HdrHistogram-based collector: one shared {@link Recorder#recordValue} per result, both in
 * one JMH run. Saturated, every thread records flat out, and the collector's own thread must add up
 * per-key figures too. In bursts, each thread records {@value #BURST} results, then pauses
 * {@value BurstStates#PAUSE_MILLIS} ms (untimed) so queued per-key figures are drained: an event loop's cost.
 * Run by {@code scripts/bench/collector}, which also prints {@link CollectorHeap}'s figure.
 *
 * <p>Throughput is in results per microsecond, that is millions of results per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 5, jvmArgsAppend = "-Xmx1g")
public class CollectorBenchmark {
    static final int RESULTS = 1 << 16;
    static final int BURST = 8_192;

    /** The results recorded, and a fresh collector (writing an {@code .hlog}) and Recorder each iteration. */
    @State(Scope.Benchmark)
    public static class Sinks {
        final ExchangeResult[] results = results(new Random(1));
        Path dir;
        int iteration;
        ResultCollector collector;
        Recorder recorder;

        @Setup(Level.Trial)
        public void directory() throws IOException {
            dir = Files.createTempDirectory("reprise-collector-bench-");
        }

        @Setup(Level.Iteration)
        public void open() {
            recorder = new Recorder(3);
            collector = new ResultCollector(CollectorOptions.defaults().withHlog(dir.resolve("iteration-" + iteration++ + ".hlog")));
            collector.start();
        }

        @TearDown(Level.Iteration)
        public void finish() {
            collector.finish();
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }



    @Benchmark
    public void collector(Sinks s, BurstStates.Cursor c) {
        s.collector.onResult(s.results[c.next++ & (RESULTS - 1)]);
    }

    @Benchmark
    public void recorder(Sinks s, BurstStates.Cursor c) {
        s.recorder.recordValue(s.results[c.next++ & (RESULTS - 1)].latencyFromIntendedNanos() / 1000);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void collectorBursts(Sinks s, BurstStates.Cursor c, BurstStates.Pause p) {
        for (int k = 0; k < BURST; k++) {
            s.collector.onResult(s.results[c.next++ & (RESULTS - 1)]);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void recorderBursts(Sinks s, BurstStates.Cursor c, BurstStates.Pause p) {
        for (int k = 0; k < BURST; k++) {
            s.recorder.recordValue(s.results[c.next++ & (RESULTS - 1)].latencyFromIntendedNanos() / 1000);
        }
    }

    /** 200 endpoints, 50 tenants, log-normal latencies around 5ms, 1% divergent, 0.5% errors. */
    static ExchangeResult[] results(Random r) {
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
}
