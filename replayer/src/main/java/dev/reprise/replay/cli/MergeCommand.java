package dev.reprise.replay.cli;

import dev.reprise.replay.report.html.HtmlOutput;
import dev.reprise.replay.report.html.ReplayPage;
import dev.reprise.cli.ExitCode;
import dev.reprise.cli.VerboseOption;
import dev.reprise.cli.VersionProvider;
import dev.reprise.format.RepriseException;
import dev.reprise.replay.report.ConsoleSummary;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReportJson;
import dev.reprise.replay.report.Threshold;
import dev.reprise.replay.report.Thresholds;
import dev.reprise.replay.results.internal.IntervalLog;
import dev.reprise.replay.shard.ShardMerge;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code reprise merge}: the report of a sharded replay, from its shards' reports. */
@Command(name = "merge", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Merge the reports of the shards of one replay (replay --shard i/N --report FILE) into the report"
                + " of the whole: counts summed, histograms added, percentiles read from the sum."})
public final class MergeCommand implements Callable<Integer> {
    private static final long MINUTE_SECONDS = 60;

    @Parameters(arity = "1..*", paramLabel = "SHARD_REPORT", description = "The shards' JSON reports, every shard once.")
    List<Path> shardReports;

    @Option(names = "--report", paramLabel = "FILE", required = true, description = "Write the merged report as JSON to FILE.")
    Path report;

    @Option(names = "--hlog", paramLabel = "FILE",
            description = "Write the merged latency (from intended send) per minute, and per tenant over the run, to FILE in HdrHistogram's log format.")
    Path hlog;

    Path html;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the merged report as one self-contained HTML page with charts to FILE.")
    void html(Path file) {
        html = HtmlOutput.check(spec, "--html", file);
    }

    @Option(names = "--fail-if", paramLabel = "EXPR", split = ",", converter = Thresholds.Converter.class,
            description = "Exit with code 3 when the merged result crosses EXPR, as replay --fail-if. Comma-separated or repeated.")
    List<Threshold> failIf = new ArrayList<>();

    @Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ShardMerge.Input> inputs = new ArrayList<>();
        for (Path p : shardReports) {
            if (!Files.isRegularFile(p)) {
                throw new RepriseException("shard report " + p + ": no such file");
            }
            inputs.add(new ShardMerge.Input(p.toString(), ReportJson.read(p)));
        }
        ShardMerge.Merged merged = ShardMerge.merge(inputs);
        ReplayReport r = merged.report();
        if (hlog != null) {
            writeHlog(merged);
            r = withHlog(r, hlog.toString());
        }
        r = r.withThresholds(Thresholds.of(failIf).evaluate(r));
        ConsoleSummary.print(r, out);
        ReportJson.write(r, report);
        if (html != null) {
            ReplayPage.of(r).write(html);
        }
        return r.anyThresholdCrossed() ? ExitCode.THRESHOLD.code() : 0;
    }

    private void writeHlog(ShardMerge.Merged merged) {
        IntervalLog log = IntervalLog.create(hlog, merged.startEpochMillis());
        for (Map.Entry<Integer, Histogram> m : merged.minutes().entrySet()) {
            long from = m.getKey() * MINUTE_SECONDS;
            log.write(from, from + MINUTE_SECONDS, m.getValue(), null);
        }
        double seconds = merged.report().run().durationSeconds();
        for (Map.Entry<String, Histogram> t : merged.tenants().entrySet()) {
            log.write(0, seconds, t.getValue(), t.getKey());
        }
        if (!log.close()) {
            throw new RepriseException("cannot write the interval log " + hlog + " (is the disk full?)");
        }
    }

    private static ReplayReport withHlog(ReplayReport r, String path) {
        return new ReplayReport(r.format(), r.run(), r.totals(), r.latency(), r.keepingUp(), r.statusClasses(), r.tracking(),
                r.endpoints(), r.tenants(), r.statusDivergence(), r.timeline(), r.tenantShares(), r.thresholds(), path,
                r.warnings(), r.fidelity(), r.resources(), r.series(), r.sharding(), r.histograms());
    }
}
