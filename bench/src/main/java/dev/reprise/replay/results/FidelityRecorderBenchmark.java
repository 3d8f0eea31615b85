package dev.reprise.replay.results;

import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.report.ErrorKind;
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

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What the fidelity section costs an event loop per exchange: {@link FidelityRecorder#onExchange}
 * against {@link ResultCollector#onResult}, which every exchange already pays, both in one JMH run,
 * in bursts of {@value #BURST} per thread ({@code -t} threads) with untimed pauses between, as an
 * event loop would pay it. Exchanges come from 1,000 connections, sent 50 µs apart (20,000
 * requests/s), so the reorder heap holds the horizon's worth (1 s here) as in a replay. Run by
 * {@code scripts/bench/fidelity}.
 *
 * <p>Throughput is in exchanges per microsecond, that is millions of exchanges per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 5, jvmArgsAppend = "-Xmx1g")
public class FidelityRecorderBenchmark {
    private static final int N = 1 << 16;
    private static final int CONNECTIONS = 1000;
    static final int BURST = 8_192;

    /** The exchanges, and a fresh collector and fidelity recorder each iteration. */
    @State(Scope.Benchmark)
    public static class Sinks {
        final ExchangeResult[] results = new ExchangeResult[N];
        final PlanConnection[] keys = new PlanConnection[CONNECTIONS];
        ResultCollector collector;
        FidelityRecorder fidelity;

        @Setup(Level.Trial)
        public void exchanges() {
            Random random = new Random(1);
            for (int c = 0; c < CONNECTIONS; c++) {
                keys[c] = new PlanConnection(new ConnectionKey(0, c, 0));
            }
            for (int i = 0; i < N; i++) {
                long intended = 1_000_000_000L + i * 50_000L;
                long sent = intended + (long) (random.nextDouble() * 200_000);
                long latency = (long) (5e6 * Math.exp(random.nextGaussian() * 0.8));
                results[i] = new ExchangeResult("tenant-" + (i % 50), "GET /api/v1/resource" + (i % 200) + "/{id}",
                        "/api/v1/x/" + i, intended, sent, sent + latency, 200, ErrorKind.NONE, 512, 200, latency);
            }
        }

        @Setup(Level.Iteration)
        public void open() {
            collector = new ResultCollector(CollectorOptions.defaults());
            collector.start();
            fidelity = new FidelityRecorder(1.0, 1_000_000_000L);
        }

        @TearDown(Level.Iteration)
        public void finish() {
            collector.finish();
            fidelity.measure(null);
        }
    }



    @Benchmark
    @OperationsPerInvocation(BURST)
    public void collector(Sinks s, BurstStates.Cursor c, BurstStates.Pause p) {
        for (int k = 0; k < BURST; k++) {
            s.collector.onResult(s.results[c.next++ & (N - 1)]);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void fidelity(Sinks s, BurstStates.Cursor c, BurstStates.Pause p) {
        for (int k = 0; k < BURST; k++) {
            int i = c.next++ & (N - 1);
            s.fidelity.onExchange(s.keys[i % CONNECTIONS], i / CONNECTIONS, s.results[i]);
        }
    }
}
