package dev.reprise.replay.report;

import dev.reprise.testing.CommandRun;
import dev.reprise.cli.CommandRunner;
import dev.reprise.cli.ExitCode;
import dev.reprise.replay.report.ReplayReport.ThresholdResult;
import dev.reprise.replay.results.CollectorOptions;
import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.results.ResultCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.reprise.replay.results.Exchanges.T0;
import static dev.reprise.replay.results.Exchanges.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

@Timeout(30)
class ThresholdsTest {
    private final ReplayReport report = SampleRuns.twoMinutes(null, null).report();

    @Test
    void parsesCommaSeparatedAndRepeatedExpressions() {
        Thresholds t = Thresholds.parse(List.of("p99>250ms,p50>20ms", "max>2s", "errors>1%",
                "status-divergence>0.5%", "lag-p99>=50ms", "p99.9 > 800us", "errors>10", "mean<1m"));

        assertThat(t.all()).extracting(Threshold::metric, Threshold::comparison, Threshold::limit, Threshold::unit)
                .containsExactly(
                        tuple("p99", ">", 250_000.0, "micros"),
                        tuple("p50", ">", 20_000.0, "micros"),
                        tuple("max", ">", 2_000_000.0, "micros"),
                        tuple("errors", ">", 0.01, "share"),
                        tuple("status-divergence", ">", 0.005, "share"),
                        tuple("lag-p99", ">=", 50_000.0, "micros"),
                        tuple("p99.9", ">", 800.0, "micros"),
                        tuple("errors", ">", 10.0, "count"),
                        tuple("mean", "<", 60_000_000.0, "micros"));
        assertThat(t.all().get(0).expression()).isEqualTo("p99>250ms");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "p99>250 | bad --fail-if 'p99>250': '250' is not a duration",
            "p99=250ms | bad --fail-if 'p99=250ms': expected METRIC>LIMIT",
            "p42>1ms | bad --fail-if 'p42>1ms': unknown metric 'p42'",
            "latency>1ms | bad --fail-if 'latency>1ms': unknown metric 'latency'",
            "errors>lots | bad --fail-if 'errors>lots': 'lots' is neither a percentage",
            "errors>150% | bad --fail-if 'errors>150%': a share cannot exceed 100%",
            "p99>-1ms | bad --fail-if 'p99>-1ms': '-1ms' is not a duration",
            "'' | bad --fail-if '': expected METRIC>LIMIT",
            "fidelity-ks>5% | bad --fail-if 'fidelity-ks>5%': '5%' is not a number",
            "fidelity-ks>2 | bad --fail-if 'fidelity-ks>2': a KS distance is between 0 and 1",
            "concurrency-p95-ratio<0.9 | bad --fail-if 'concurrency-p95-ratio<0.9': unknown metric",
            "order-violations>some | bad --fail-if 'order-violations>some': 'some' is neither a percentage",
    })
    void rejectsBadExpressionsWithOneLineNamingThem(String expression, String message) {
        assertThatThrownBy(() -> Thresholds.parse(expression)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message).hasMessageNotContaining("\n");
    }

    @Test
    void fidelityThresholdsReadTheFidelitySection() {
        ReplayReport.Level captured = new ReplayReport.Level(10, 40, 50, 12);
        ReplayReport.Level sent = new ReplayReport.Level(9, 30, 60, 11);
        ReplayReport.Percentiles gaps = ReplayReport.Percentiles.EMPTY;
        ReplayReport.Fidelity f = new ReplayReport.Fidelity(new ReplayReport.InterArrival(gaps, gaps, 0.08, null),
                new ReplayReport.Concurrency(new ReplayReport.Level(2, 4, 4, 2), new ReplayReport.Level(2, 4, 4, 2), 1.0),
                new ReplayReport.Concurrency(captured, sent, 0.75), new ReplayReport.ConnectionOrder(5, 200, 3),
                null, null);
        ReplayReport withFidelity = report.withFidelity(f);

        List<ThresholdResult> results = Thresholds.parse("fidelity-ks>0.05,fidelity-ks>0.1,concurrency-p99-ratio<0.9",
                "concurrency-max-ratio>1.1,connections-p50-ratio<1,order-violations>0,order-violations>=2%").evaluate(withFidelity);

        assertThat(results).extracting(ThresholdResult::expression, ThresholdResult::crossed, ThresholdResult::actual,
                ThresholdResult::unit).containsExactly(
                tuple("fidelity-ks>0.05", true, 0.08, "ratio"),
                tuple("fidelity-ks>0.1", false, 0.08, "ratio"),
                tuple("concurrency-p99-ratio<0.9", true, 0.75, "ratio"),
                tuple("concurrency-max-ratio>1.1", true, 1.2, "ratio"),
                tuple("connections-p50-ratio<1", false, 1.0, "ratio"),
                tuple("order-violations>0", true, 3.0, "count"),
                tuple("order-violations>=2%", false, 0.015, "share"));
    }

    @Test
    void aFidelityThresholdWithoutAFidelitySectionCountsAsCrossed() {
        ThresholdResult r = Thresholds.parse("fidelity-ks>0.05").evaluate(report).get(0);

        assertThat(r.crossed()).isTrue();
        assertThat(r.note()).isEqualTo("fidelity was not measured");
    }

    @Test
    void rejectsAnEmptyItemInACommaSeparatedList() {
        assertThatThrownBy(() -> Thresholds.parse("p99>1s,,errors>1%")).hasMessageStartingWith("bad --fail-if ''");
    }

    @Test
    void reportsWhichThresholdsTheRunCrossed() {
        // The sample: p99 from intended ≈ 21ms, 1% errors, 3% status divergence, send lag 1ms.
        List<ThresholdResult> results = Thresholds.parse("p99>15ms,p99>250ms,errors>=1%,errors>1%,errors>9",
                "status-divergence>1.5%,lag-p99>50ms,max<1ms,p50<=5ms").evaluate(report);

        assertThat(results).extracting(ThresholdResult::expression, ThresholdResult::crossed).containsExactly(
                tuple("p99>15ms", true), tuple("p99>250ms", false), tuple("errors>=1%", true),
                tuple("errors>1%", false), tuple("errors>9", true), tuple("status-divergence>1.5%", true),
                tuple("lag-p99>50ms", false), tuple("max<1ms", false), tuple("p50<=5ms", false));
        assertThat(results.get(0).actual()).isCloseTo(21_000.0, within(25.0));
        assertThat(results.get(2).actual()).isEqualTo(0.01);
        assertThat(results.get(4).actual()).isEqualTo(10.0);
        assertThat(results.get(5).actual()).isCloseTo(0.03, within(1e-12));
        assertThat(report.withThresholds(results).anyThresholdCrossed()).isTrue();
        assertThat(report.withThresholds(results.subList(1, 2)).anyThresholdCrossed()).isFalse();
    }

    @Test
    void countsAThresholdAsCrossedWhenThereIsNothingToMeasure() {
        ResultCollector c = new ResultCollector(CollectorOptions.defaults());
        c.begin(T0, 0);
        c.onResult(exchange().failed(ErrorKind.CONNECTION_REFUSED).build());
        c.finish(T0 + 1_000_000_000L, 1000);
        ReplayReport allRefused = c.report(SampleRuns.runInfo(), Thresholds.parse("p99>250ms,status-divergence>1%,lag-p99>1s"));

        assertThat(allRefused.thresholds()).extracting(ThresholdResult::crossed, ThresholdResult::note).containsExactly(
                tuple(true, "no responses to measure"),
                tuple(true, "no recorded statuses to compare with"),
                tuple(true, "no send lag measured"));
        assertThat(allRefused.anyThresholdCrossed()).isTrue();
    }

    @Command(name = "gate")
    static final class Gate implements Runnable {
        @Option(names = "--fail-if", split = ",", converter = Thresholds.Converter.class)
        List<Threshold> failIf = new ArrayList<>();

        @Override
        public void run() {
        }
    }

    @Test
    void plugsIntoPicocliAsAUsageErrorForBadExpressions() {
        Gate gate = new Gate();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(gate);
        cl.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
        int ok = cl.execute("--fail-if", "p99>250ms,errors>1%", "--fail-if", "lag-p99>5ms");

        assertThat(ok).isZero();
        assertThat(Thresholds.of(gate.failIf).all()).extracting(Threshold::expression)
                .containsExactly("p99>250ms", "errors>1%", "lag-p99>5ms");

        CommandRun run = CommandRun.of(new Gate(), "--fail-if", "p99>fast");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("bad --fail-if 'p99>fast'")
                .doesNotContain("Exception");
    }

    @Test
    void latencyLimitsTakeEveryDurationTheOtherFlagsTake() {
        assertThat(Threshold.parse("p75>1h").limit()).isEqualTo(3_600_000_000.0);
        assertThat(Threshold.parse("p99>1m30s").limit()).isEqualTo(90_000_000.0);
        assertThat(Threshold.parse("lag-p99>500us").limit()).isEqualTo(500.0);
    }
}
