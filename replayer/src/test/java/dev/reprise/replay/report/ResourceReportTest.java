package dev.reprise.replay.report;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.replay.cli.CompareCommand;
import dev.reprise.replay.report.ReplayReport.ThresholdResult;
import dev.reprise.replay.watch.Series;
import dev.reprise.replay.watch.internal.ResourceAnalysis;
import dev.reprise.replay.watch.internal.Sample;
import dev.reprise.testing.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The resource section of a report: its gates, console section, JSON and comparison. */
class ResourceReportTest {
    private static final double MIB = 1 << 20;
    private static final double INTERVAL = 30;

    @TempDir
    Path dir;

    /**
     * A two-hour soak sampled every 30 s at a steady 50 requests/s: memory from 200 MiB rising
     * {@code mibPerHour} under a ±2 MiB garbage-collection sawtooth, CPU per request from
     * {@code cpuMsFrom} to {@code cpuMsTo}, open descriptors 30 plus {@code fdsPerHour}.
     */
    private static ResourceReport.Watched soak(double mibPerHour, double cpuMsFrom, double cpuMsTo, double fdsPerHour) {
        List<Sample> samples = new ArrayList<>();
        double cpu = 0;
        int n = 240;
        for (int i = 0; i <= n; i++) {
            double seconds = i * INTERVAL;
            long requests = (long) (seconds * 50);
            double perRequestMs = cpuMsFrom + (cpuMsTo - cpuMsFrom) * i / n;
            if (i > 0) {
                cpu += INTERVAL * 50 * perRequestMs / 1000;
            }
            double memory = 200 * MIB + mibPerHour * MIB * seconds / 3600 + ((i % 8) - 3.5) / 3.5 * 2 * MIB;
            double fds = 30 + Math.floor(fdsPerHour * seconds / 3600) + (i % 3 == 0 ? 1 : 0);
            samples.add(new Sample((long) (seconds * 1e9), requests, Map.of(Series.MEMORY, memory, Series.CPU, cpu,
                    Series.FDS, fds, Series.THREADS, 40.0)));
        }
        return ResourceAnalysis.analyse("pid=4242", samples, 0, null, INTERVAL, List.of());
    }

    private static ReplayReport reportWith(ResourceReport.Watched... watched) {
        return SampleRuns.twoMinutes(null, Thresholds.NONE).report()
                .withResources(new ResourceReport(INTERVAL, List.of(watched)));
    }

    private static List<ThresholdResult> gates(ReplayReport r, String... expressions) {
        return Thresholds.parse(expressions).evaluate(r);
    }

    @Test
    void memoryGrowingWithUptimeIsFoundAtItsRateAndCrossesOnlyTheGatesBelowIt() {
        ResourceReport.Watched w = soak(40, 0.5, 0.5, 0);
        List<ThresholdResult> r = gates(reportWith(w), "memory-growth>50MiB/h", "memory-growth>30MiB/h",
                "memory-growth>500MiB/d", "cpu-per-request-drift>10%", "fd-growth>0");

        assertThat(w.memory().bytesPerHour() / MIB).isCloseTo(40, within(1.0));
        assertThat(w.memory().verdict()).startsWith("memory grows with uptime at 40.");
        assertThat(r).extracting(ThresholdResult::crossed).containsExactly(false, true, true, false, false);
        assertThat(r.get(0).actual() / MIB).isCloseTo(40, within(1.0));
        assertThat(r.get(0).unit()).isEqualTo("bytes-per-hour");
        assertThat(r.get(3).actual()).isZero();
        assertThat(r.get(4).actual()).isZero();
    }

    @Test
    void costPerRequestRisingAcrossTheRunCrossesTheCpuDriftGateAndSteadyMemoryDoesNotTheGrowthGate() {
        ResourceReport.Watched w = soak(0, 0.5, 0.6, 0);
        List<ThresholdResult> r = gates(reportWith(w), "cpu-per-request-drift>10%", "cpu-per-request-drift>30%",
                "memory-growth>1MiB/h");

        assertThat(w.cost().cpuMillisPerRequest()).isCloseTo(0.55, within(0.01));
        assertThat(w.cost().cpuPerRequestDrift().flagged()).isTrue();
        assertThat(r.get(0).actual()).isCloseTo(0.18, within(0.03)); // a rise of 0.1 ms on a median of 0.55 ms
        assertThat(r).extracting(ThresholdResult::crossed).containsExactly(true, false, false);
        assertThat(w.memory().drivenBy()).isEqualTo("steady");
    }

    @Test
    void descriptorsThatOnlyGrowCrossTheDescriptorGateByTheirRise() {
        List<ThresholdResult> r = gates(reportWith(soak(0, 0.5, 0.5, 6)), "fd-growth>0", "fd-growth>20");

        assertThat(r.get(0).crossed()).isTrue();
        assertThat(r.get(0).actual()).isCloseTo(12, within(1.0));
        assertThat(r.get(1).crossed()).isFalse();
    }

    @Test
    void theWorstWatchedTargetCountsAndNothingWatchedCountsAsCrossed() {
        ReplayReport two = reportWith(soak(0, 0.5, 0.5, 0), soak(80, 0.5, 0.5, 0));
        assertThat(gates(two, "memory-growth>50MiB/h").get(0).crossed()).isTrue();

        ThresholdResult none = gates(SampleRuns.twoMinutes(null, Thresholds.NONE).report(), "memory-growth>50MiB/h").get(0);
        assertThat(none.crossed()).isTrue();
        assertThat(none.actual()).isNull();
        assertThat(none.note()).isEqualTo("nothing watched: give --watch to measure memory-growth");
    }

    @Test
    void gatesAreParsedWithTheirUnitsAndBadOnesNamed() {
        assertThat(Threshold.parse("memory-growth>50MiB/h").limit()).isEqualTo(50 * MIB);
        assertThat(Threshold.parse("memory-growth>=1GiB/d").limit()).isCloseTo(1024 * MIB / 24, within(1.0));
        assertThat(Threshold.parse("memory-growth>1MB/min").limit()).isEqualTo(60e6);
        assertThat(Threshold.parse("cpu-per-request-drift>10%").limit()).isEqualTo(0.10);
        assertThat(Threshold.parse("fd-growth>0").unit()).isEqualTo(Threshold.COUNT);
        assertThatThrownBy(() -> Threshold.parse("memory-growth>50MiB")).isInstanceOf(InvalidSettingsException.class)
                .hasMessage("bad --fail-if 'memory-growth>50MiB': '50MiB' is not a growth rate; give a size per time, such as 50MiB/h or 1GiB/d");
        assertThatThrownBy(() -> Threshold.parse("memory-growth>50XB/h")).hasMessageStartingWith("bad --fail-if 'memory-growth>50XB/h': '50XB' has an unknown unit");
        assertThatThrownBy(() -> Threshold.parse("cpu-per-request-drift>0.1")).hasMessageContaining("is not a percentage");
        assertThatThrownBy(() -> Threshold.parse("fd-growth>some")).hasMessageContaining("is not a count of descriptors");
    }

    @Test
    void theConsoleShowsTheResourceSectionBesideTheTimelineAndTheJsonKeepsItWhole() {
        ReplayReport r = reportWith(soak(40, 0.5, 0.5, 0));
        r = r.withThresholds(Thresholds.parse("memory-growth>30MiB/h").evaluate(r));
        String text = ConsoleSummary.render(r);

        assertThat(text).contains("Resources of pid=4242: 241 samples every 30.0s, none failed")
                .containsPattern("memory: RISING: memory grows with uptime at 40\\.\\d MiB/h under steady traffic")
                .containsPattern("cost per request: 0\\.500 ms CPU")
                .containsPattern("memory-growth>30MiB/h +CROSSED +40\\.\\d MiB/h");
        assertThat(text.indexOf("Timeline:")).isLessThan(text.indexOf("Resources of"));
        assertThat(ReportJson.fromJson(ReportJson.toJson(r))).isEqualTo(r);
        assertThat(ReportJson.toJson(SampleRuns.twoMinutes(null, Thresholds.NONE).report())).doesNotContain("\"resources\"");
    }

    @Test
    void compareShowsTheChangeInPerRequestCostBetweenTwoBuilds() throws Exception {
        Path a = dir.resolve("build-a.json");
        Path b = dir.resolve("build-b.json");
        ReportJson.write(reportWith(soak(0, 0.5, 0.5, 0)), a);
        ReportJson.write(reportWith(soak(40, 0.6, 0.6, 0)), b);

        CommandRun run = CommandRun.of(new CompareCommand(), a.toString(), b.toString(), "--names", "A,B");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Resources (the first watched target of each run; changes from A)")
                .containsPattern("CPU per request +0\\.500 ms +0\\.600 ms \\(\\+20\\.0%\\)")
                .containsPattern("memory grows with +steady +uptime");
    }
}
