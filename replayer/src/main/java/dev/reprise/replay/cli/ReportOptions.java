package dev.reprise.replay.cli;

import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReportJson;
import dev.reprise.replay.report.html.ReplayPage;
import dev.reprise.replay.report.Threshold;
import dev.reprise.replay.report.Thresholds;
import dev.reprise.replay.report.html.HtmlOutput;
import dev.reprise.replay.report.html.ReplayPage;
import dev.reprise.cli.Units;
import dev.reprise.replay.results.CollectorOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The results options of {@code replay}, as a picocli mixin: where the report and interval log go,
 * the {@code --fail-if} gates, and the limits that bound the collector's memory.
 */
public final class ReportOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the full report as JSON to FILE.")
    Path report;

    Path html;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Write the report as one self-contained HTML page with charts to FILE (opens offline).")
    void html(Path file) {
        html = HtmlOutput.check(spec, "--html", file);
    }

    @Option(names = "--hlog", paramLabel = "FILE",
            description = "Write per-second latency histograms to FILE in HdrHistogram's log format, tagged by tenant.")
    Path hlog;

    @Option(names = "--fail-if", paramLabel = "EXPR", split = ",", converter = Thresholds.Converter.class,
            description = "Exit with code 3 when the run crosses EXPR, e.g. p99>250ms, errors>1%%, status-divergence>0.5%%,"
                    + " lag-p99>50ms, fidelity-ks>0.05, concurrency-p99-ratio<0.9, connections-max-ratio<0.9,"
                    + " order-violations>0. Comma-separated or repeated.")
    List<Threshold> failIf = new ArrayList<>();

    private Duration lagThreshold = CollectorOptions.defaults().lagThreshold();
    private int maxEndpoints = CollectorOptions.DEFAULT_MAX_ENDPOINTS;
    private int maxTenants = CollectorOptions.DEFAULT_MAX_TENANTS;

    @Option(names = "--lag-threshold", paramLabel = "DURATION", defaultValue = "10ms",
            description = "Say the replayer could not keep up when its send-lag p99 is above DURATION (default: ${DEFAULT-VALUE}).")
    void lagThreshold(String value) {
        OptionalDouble micros = Units.parseMicros(value);
        if (micros.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "--lag-threshold '" + value + "' is not a duration; give a number and a unit, such as 10ms");
        }
        lagThreshold = Duration.ofNanos(Math.round(micros.getAsDouble() * 1000));
    }

    @Option(names = "--max-endpoints", paramLabel = "N", defaultValue = "" + CollectorOptions.DEFAULT_MAX_ENDPOINTS,
            description = "Track at most N endpoints; later ones are merged into (other) (default: ${DEFAULT-VALUE}).")
    void maxEndpoints(int n) {
        maxEndpoints = atLeastOne("--max-endpoints", n);
    }

    @Option(names = "--max-tenants", paramLabel = "N", defaultValue = "" + CollectorOptions.DEFAULT_MAX_TENANTS,
            description = "Track at most N tenants; later ones are merged into (other) (default: ${DEFAULT-VALUE}).")
    void maxTenants(int n) {
        maxTenants = atLeastOne("--max-tenants", n);
    }

    private int atLeastOne(String option, int n) {
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be at least 1, not " + n);
        }
        return n;
    }

    /** The collector's settings these options ask for. */
    public CollectorOptions collectorOptions() {
        return CollectorOptions.defaults().withHlog(hlog).withMaxKeys(maxEndpoints, maxTenants).withLagThreshold(lagThreshold);
    }

    public Thresholds thresholds() {
        return Thresholds.of(failIf);
    }

    /** Where to write the JSON report, or null for none. */
    public Path reportPath() {
        return report;
    }

    /** Where to write the HTML page, or null for none. */
    public Path htmlPath() {
        return html;
    }

    /** Writes the HTML page if {@code --html} was given. */
    public void writeHtml(ReplayReport replayReport) {
        if (html != null) {
            ReplayPage.of(replayReport).write(html);
        }
    }

    /** Writes the JSON report if {@code --report} was given. */
    public void writeReport(ReplayReport replayReport) {
        if (report != null) {
            ReportJson.write(replayReport, report);
        }
    }
}
