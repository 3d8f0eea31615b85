package dev.reprise.replay.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class ConsoleSummaryTest {
    private final ReplayReport report = SampleRuns.twoMinutes(null, Thresholds.parse("p99>15ms,errors>5%")).report();
    private final String text = ConsoleSummary.render(report);
    private final List<String> lines = Arrays.asList(text.split("\n"));

    @Test
    void opensWithWhatWasReplayedAgainstWhat() {
        assertThat(lines.get(0)).isEqualTo("Replay: 1,000 requests in 2m00s (8.3/s) against http://staging:8080, speed 1x");
        assertThat(text).contains("  journals: /data/week.journal\n")
                .contains("  window: 2026-11-30T00:00:00Z to 2026-11-30T01:00:00Z\n")
                .contains("  controls:\n    copies 2.5\n    seed 42\n    spike at=+10m,for=30s,x=5\n");
    }

    @Test
    void headlinesLatencyFromIntendedSendInAnAlignedTable() {
        List<String> table = block("Latency").subList(0, 5);
        assertThat(table.get(0)).matches("Latency +count +p50 +p90 +p99 +p99\\.9 +max");
        assertThat(table.get(1)).startsWith("from intended send").contains("21.0ms");
        assertThat(table.get(2)).startsWith("from actual send");
        assertThat(table.get(3)).startsWith("send lag").contains("1.00ms");
        assertThat(table.get(4)).startsWith("production (captured)");
        assertThat(table).allSatisfy(l -> assertThat(l.length()).isEqualTo(table.get(0).length()));
        assertThat(block("Latency").get(5)).isEqualTo("The replayer kept up: send lag p99 1.00ms (threshold 10.0ms).");
    }

    @Test
    void listsErrorsByKindAndEndpointsAndTenantsBesideProduction() {
        assertThat(text).contains("Errors: 10 of 1,000 (1.00%): RESET 10\n");
        List<String> endpoints = block("Endpoints");
        assertThat(endpoints.get(1)).matches("  endpoint +requests +errors +prod p50 +p50 +ratio +prod p99 +p99 +ratio +prod max +max +ratio");
        assertThat(endpoints.get(2)).startsWith("  GET /items/{id}").contains("10.0ms").contains("20.0ms").contains("2.00x");
        assertThat(endpoints.get(3)).startsWith("  POST /orders").contains("1.00x");
        assertThat(block("Tenants").get(2)).startsWith("  acme ");
    }

    @Test
    void showsDivergenceDriftSharesAndThresholds() {
        assertThat(text).contains("Status divergence: 30 of 1,000 compared (3.00%)");
        assertThat(block("Status divergence").get(2)).matches("  200→500 +20 +2\\.00% +/items/0 /items/50 .*");
        assertThat(text).contains("  drift: not enough minutes to judge a trend in p99 (2 of 10 needed)");
        List<String> shares = block("Tenant shares");
        assertThat(shares.get(2)).matches("  acme +60\\.0% +80\\.0% +50\\.0% +500");
        assertThat(text).contains("Thresholds: 1 of 2 crossed");
        assertThat(text).containsPattern("  p99>15ms +CROSSED +21\\.0ms");
        assertThat(text).containsPattern("  errors>5% +ok +1\\.00%");
    }

    @Test
    void setsWhatWasSentBesideTheCaptureInTheFidelityBlock() {
        ReplayReport.Percentiles captured = new ReplayReport.Percentiles(99, 10_000, 0, 0, 0, 40_000, 0, 50_000, 0);
        ReplayReport.Percentiles sent = new ReplayReport.Percentiles(99, 9_800, 0, 0, 0, 41_000, 0, 52_000, 0);
        ReplayReport.Fidelity f = new ReplayReport.Fidelity(new ReplayReport.InterArrival(captured, sent, 0.0312, null),
                new ReplayReport.Concurrency(new ReplayReport.Level(3, 8, 9, 3.5), new ReplayReport.Level(3, 7, 9, 3.4), 0.875),
                new ReplayReport.Concurrency(new ReplayReport.Level(1, 4, 6, 1.2), new ReplayReport.Level(1, 4, 5, 1.1), 1.0),
                new ReplayReport.ConnectionOrder(12, 100, 2), null, null);

        List<String> block = Arrays.asList(ConsoleSummary.render(report.withFidelity(f)).split("\n\n")).stream()
                .filter(b -> b.startsWith("Fidelity")).findFirst().orElseThrow().lines().toList();

        assertThat(block.get(0)).isEqualTo("Fidelity: what was sent beside the capture");
        assertThat(block.get(2)).matches("  inter-arrival p50 +10\\.0ms +9\\.80ms +KS 0\\.031");
        assertThat(block.get(3)).matches("  inter-arrival p99 +40\\.0ms +41\\.0ms *");
        assertThat(block.get(5)).matches("  in flight p99 +4 +4 +x1\\.00");
        assertThat(block.get(8)).matches("  connections open p99 +8 +7 +x0\\.88");
        assertThat(block.get(10)).isEqualTo("  order within connections: WARNING: 2 requests out of order"
                + " (100 requests on 12 connections checked)");
    }

    @Test
    void warnsWhenTheReplayerFellBehind() {
        ReplayReport.KeepingUp behind = new ReplayReport.KeepingUp(true, false, 80_000, 10_000, false, "The replayer could not keep up: x.");
        ReplayReport r = new ReplayReport(report.format(), report.run(), report.totals(), report.latency(), behind,
                report.statusClasses(), report.tracking(), report.endpoints(), report.tenants(), report.statusDivergence(),
                report.timeline(), report.tenantShares(), report.thresholds(), report.hlog(), List.of("the log is short"));

        String rendered = ConsoleSummary.render(r);
        assertThat(rendered).contains("\nWARNING: The replayer could not keep up: x.\n");
        assertThat(rendered.split("\n")[7]).isEqualTo("WARNING: the log is short");
    }

    @Test
    void rendersARunWhereNothingWasAnswered() {
        dev.reprise.replay.results.ResultCollector c = new dev.reprise.replay.results.ResultCollector(
                dev.reprise.replay.results.CollectorOptions.defaults());
        c.begin(dev.reprise.replay.results.Exchanges.T0, SampleRuns.EPOCH);
        c.onResult(dev.reprise.replay.results.Exchanges.exchange()
                .failed(dev.reprise.replay.report.ErrorKind.CONNECTION_REFUSED).build());
        c.finish(dev.reprise.replay.results.Exchanges.T0 + SampleRuns.SECOND, SampleRuns.EPOCH + 1000);
        String rendered = ConsoleSummary.render(c.report(RunInfo.of(List.of("http://down:1"), List.of(), null),
                Thresholds.parse("p99>1s")));

        assertThat(rendered).startsWith("Replay: 1 requests in 1.0s (1.0/s) against http://down:1, max rate\n");
        assertThat(rendered).containsPattern("from intended send +0 +- +- +- +- +-");
        assertThat(rendered).contains("Errors: 1 of 1 (100.0%): CONNECTION_REFUSED 1");
        assertThat(rendered).containsPattern("p99>1s +CROSSED +no responses to measure");
        assertThat(rendered).contains("\nNothing was sent, so there is no send lag to judge the replayer by.\n");
    }

    @Test
    void rendersARunWithNoResultsAtAll() {
        dev.reprise.replay.results.ResultCollector c = new dev.reprise.replay.results.ResultCollector(
                dev.reprise.replay.results.CollectorOptions.defaults());
        c.begin(0, 0);
        c.finish(0, 0);

        assertThat(ConsoleSummary.render(c.report(RunInfo.of(List.of(), List.of(), 1.0))))
                .startsWith("Replay: 0 requests in 0.0s (0.0/s), speed 1x\n")
                .contains("Status divergence: no recorded statuses to compare with")
                .contains("Timeline: 0 minutes");
    }

    @Test
    void summarisesTheTimelineOfALongRunInsteadOfListingEveryMinute() {
        List<ReplayReport.MinuteRow> minutes = new java.util.ArrayList<>();
        for (int m = 0; m < 45; m++) {
            minutes.add(new ReplayReport.MinuteRow(m, m * 60.0, 60, 600, m == 30 ? 60 : 0, 10, m == 30 ? 0.1 : 0,
                    5_000, 10_000 + m * 100, m == 7 ? 9_000 : 300));
        }
        ReplayReport.Timeline t = report.timeline();
        ReplayReport r = new ReplayReport(report.format(), report.run(), report.totals(), report.latency(), report.keepingUp(),
                report.statusClasses(), report.tracking(), report.endpoints(), report.tenants(), report.statusDivergence(),
                new ReplayReport.Timeline(minutes, t.p99(), t.errorRate(), t.sendLagP99(), false),
                report.tenantShares(), report.thresholds(), report.hlog(), report.warnings());
        String rendered = ConsoleSummary.render(r);

        assertThat(rendered).contains("Timeline: 45 minutes\n"
                + "  p99 per minute: min 10.0ms, median 12.2ms, max 14.4ms (minute 44)\n"
                + "  lag p99 per minute: min 300us, median 300us, max 9.00ms (minute 7)\n"
                + "  error rate per minute: worst 10.0% (minute 30)\n");
        assertThat(rendered).doesNotContain("  minute  requests");
    }

    @Test
    void keepsTextFromTheTrafficFromGarblingTheTerminal() {
        dev.reprise.replay.results.ResultCollector c = new dev.reprise.replay.results.ResultCollector(
                dev.reprise.replay.results.CollectorOptions.defaults());
        c.begin(dev.reprise.replay.results.Exchanges.T0, SampleRuns.EPOCH);
        c.onResult(dev.reprise.replay.results.Exchanges.exchange().tenant("evil\u001b[2Jtenant")
                .endpoint("GET /" + "x".repeat(100)).target("/a\r\nb").recorded(200, 1).status(500).build());
        c.finish(dev.reprise.replay.results.Exchanges.T0 + SampleRuns.SECOND, SampleRuns.EPOCH + 1000);
        String rendered = ConsoleSummary.render(c.report(RunInfo.of(List.of(), List.of(), 1.0)));

        assertThat(rendered).doesNotContain("\u001b").doesNotContain("\r");
        assertThat(rendered).contains("evil?[2Jtenant").contains("/a??b");
        assertThat(rendered).contains("GET /" + "x".repeat(54) + "…");
    }

    /** The lines from the one starting with {@code title} to the next blank line. */
    private List<String> block(String title) {
        int from = 0;
        while (!lines.get(from).startsWith(title)) {
            from++;
        }
        int to = from;
        while (to < lines.size() && !lines.get(to).isEmpty()) {
            to++;
        }
        return lines.subList(from, to);
    }
}
