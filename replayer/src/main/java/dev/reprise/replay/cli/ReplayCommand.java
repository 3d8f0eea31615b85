package dev.reprise.replay.cli;

import dev.reprise.cli.TimeWindowOptions;
import dev.reprise.cli.VerboseOption;
import dev.reprise.cli.VersionProvider;
import dev.reprise.cli.ExitCode;
import dev.reprise.format.RepriseException;
import dev.reprise.replay.DryRun;
import dev.reprise.replay.DryRunReport;
import dev.reprise.replay.ReplayEngine;
import dev.reprise.replay.ReplayRun;
import dev.reprise.replay.amplify.AmplifyPipeline;
import dev.reprise.replay.amplify.AmplifySettings;
import dev.reprise.replay.amplify.TenantTally;
import dev.reprise.replay.internal.TruncatedBodies;
import dev.reprise.replay.internal.WarmUp;
import dev.reprise.replay.amplify.TenantPlan;
import dev.reprise.replay.connection.ConnectionMode;
import dev.reprise.replay.connection.ConnectionSettings;
import dev.reprise.replay.connection.RequestRewriter;
import dev.reprise.replay.connection.StagingCredential;
import dev.reprise.replay.connection.Target;
import dev.reprise.replay.connection.TargetProbe;
import dev.reprise.replay.connection.TlsProbe;
import dev.reprise.replay.connection.TlsSettings;
import dev.reprise.replay.report.ConsoleSummary;
import dev.reprise.replay.report.ProgressLine;
import dev.reprise.replay.report.ReplayProgress;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.cli.ReportOptions;
import dev.reprise.replay.report.RunInfo;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.results.FidelityRecorder;
import dev.reprise.replay.results.ResultCollector;
import dev.reprise.replay.schedule.Pace;
import dev.reprise.replay.schedule.StartMissedException;
import dev.reprise.replay.schedule.SynchronisedStart;
import dev.reprise.replay.shard.ClockProbe;
import dev.reprise.replay.shard.Shard;
import dev.reprise.replay.shard.ShardHost;
import dev.reprise.replay.shard.ShardOptions;
import dev.reprise.replay.report.ReplayReport.ClockStatus;
import dev.reprise.replay.report.ReplayReport.ShardStart;
import dev.reprise.replay.report.ReplayReport.Sharding;
import dev.reprise.format.DurationText;
import dev.reprise.replay.source.JournalWindow;
import dev.reprise.replay.watch.ResourceWatch;
import dev.reprise.replay.watch.WatchOptions;
import dev.reprise.replay.watch.WatchSettings;
import dev.reprise.format.TimeSpec;
import io.netty.handler.ssl.SslContext;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** {@code reprise replay}: re-drives journals against a target with their timing and connections. */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Replay journals against a target, with the captured timing and connection structure,"
                + " and compare its latency and statuses with production's.")
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "JOURNAL", arity = "1..*", description = "Journal directories, merged in time order.")
    List<Path> journals;

    @Option(names = "--target", required = true, paramLabel = "URL",
            description = "Where to send: http(s)://host:port. Scheme, host and port replace the captured ones.")
    String target;

    @Option(names = "--strict", description = "Stop at the first damaged journal record instead of skipping it (skipped records are counted and reported).")
    boolean strict;

    @Mixin
    TimeWindowOptions timeWindow;

    @Option(names = "--duration", paramLabel = "D", description = "Window length from its start (30s, 1h30m); not with --to.")
    String duration;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    PaceOptions pacing;

    @Option(names = "--connections", paramLabel = "captured|pool:N", defaultValue = "captured",
            description = "captured: one target connection per captured one (default); pool:N: any free connection of at most N.")
    String connections;

    @Option(names = "--methods", paramLabel = "METHOD", split = ",", description = "Replay only these methods, e.g. GET,HEAD.")
    List<String> methods = new ArrayList<>();

    @Option(names = "--connect-timeout", paramLabel = "D", defaultValue = "5s", description = "Connect timeout (default: ${DEFAULT-VALUE}).")
    String connectTimeout;

    @Option(names = "--request-timeout", paramLabel = "D", defaultValue = "30s", description = "Time a response may take (default: ${DEFAULT-VALUE}).")
    String requestTimeout;

    @Option(names = "--host-header", paramLabel = "HOST", description = "Host header to send instead of the captured one.")
    String hostHeader;

    @Option(names = "--set-header", paramLabel = "'Name: value'", description = "Set a header on every request (repeatable).")
    List<String> setHeaders = new ArrayList<>();

    @Option(names = "--remove-header", paramLabel = "NAME", description = "Remove a header from every request (repeatable).")
    List<String> removeHeaders = new ArrayList<>();

    @Option(names = "--rewrite-path", paramLabel = "REGEX=REPLACEMENT", description = "Rewrite request targets (repeatable, in order).")
    List<String> rewritePaths = new ArrayList<>();

    @Option(names = "--credential", paramLabel = "NAME=env:VAR|file:PATH",
            description = {"Replace redacted values of header NAME with a staging secret (repeatable). Never printed.",
                    "A secret with a scheme ('Bearer xyz') replaces the whole value; a bare one replaces the redacted token."})
    List<String> credentials = new ArrayList<>();

    @Option(names = "--max-queued", paramLabel = "N", defaultValue = "10000",
            description = "Most plan events waiting to be carried out; beyond it the replay falls behind, measurably (default: ${DEFAULT-VALUE}).")
    int maxQueued;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Trust trust;

    /** How an HTTPS target's certificate is checked, when not against the JDK's trust store: one way at most. */
    static final class Trust {
        @Option(names = "--ca-file", paramLabel = "PEM",
                description = "Trust an HTTPS target whose certificate is signed by the CA certificates in this PEM file.")
        Path caFile;

        @Option(names = "--insecure",
                description = "Do not check an HTTPS target's certificate or host name. Named in the report and on the console.")
        boolean insecure;
    }

    @Option(names = "--sni", paramLabel = "HOST",
            description = "Server name for an HTTPS target's handshake and certificate check, when --target names an address or another name.")
    String sni;

    @Option(names = "--truncated-bodies", paramLabel = "skip|pad", defaultValue = "skip",
            description = {"A request whose body the capture truncated is never sent truncated. skip: leave it out (default);",
                    "pad: send its true length, the stored prefix then spaces. Counted in the report either way."})
    String truncatedBodies;

    @Option(names = "--lag-hlog", paramLabel = "FILE",
            description = "Write the send lag (how late each request went out) per second to FILE, in HdrHistogram log format.")
    Path lagHlog;

    @Option(names = "--dry-run", description = "Read and schedule without sending; report what would be sent and the rate reached.")
    boolean dryRun;

    @Mixin
    ReportOptions reporting = new ReportOptions();

    @Mixin
    AmplifyOptions amplify = new AmplifyOptions();

    @Mixin
    WatchOptions watching = new WatchOptions();

    @Mixin
    ShardOptions sharding = new ShardOptions();

    @Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where the summary goes, and the progress line: the command line's writers. */
    private PrintWriter out;
    private PrintWriter err;

    /** The amplification of this run, and what it learns of the window's tenants while the plan is read. */
    private AmplifySettings amplification;
    private TenantTally tenants;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        PaceOptions pacing = pacing();
        if (timeWindow.to() != null && duration != null) {
            throw usage("give --to or --duration, not both");
        }
        if (dryRun && (reporting.htmlPath() != null || reporting.collectorOptions().hlog() != null || lagHlog != null
                || !reporting.thresholds().isEmpty() || !watching.describe().isEmpty())) {
            throw usage("--dry-run sends nothing: it writes no --html, --hlog or --lag-hlog, checks no --fail-if and watches nothing");
        }
        if (maxQueued < 1) {
            throw usage("--max-queued must be at least 1");
        }
        TruncatedBodies truncated = new TruncatedBodies(TruncatedBodies.Mode.parse(truncatedBodies));
        Pace pace = pacing.pace();
        RequestRewriter rewriter = rewriter();
        TlsSettings tls = trust == null ? new TlsSettings(null, false, sni) : new TlsSettings(trust.caFile, trust.insecure, sni);
        if (!rewriter.target().tls() && !tls.isDefault()) {
            throw usage("--ca-file, --insecure and --sni are for an https:// target");
        }
        ConnectionSettings settings = new ConnectionSettings(ConnectionMode.parse(connections), rewriter,
                DurationText.parseNanos(connectTimeout), DurationText.parseNanos(requestTimeout), pacing.maxRate(), tls);
        SslContext ssl = rewriter.target().tls() && !dryRun ? tls.context() : null;
        for (String m : methods) {
            if (!m.trim().matches("[A-Za-z]+")) {
                throw usage("--methods: '" + m + "' is not an HTTP method");
            }
        }
        amplification = amplify.settings(pacing.rate());
        if (dryRun && sharding.startAt() != null) {
            throw usage("--dry-run does not wait for --start-at: it reads and schedules at once");
        }
        SynchronisedStart start = null;
        if (!dryRun) {
            start = sharding.validate(amplification, settings.connectTimeoutNanos() + PRE_OPEN_SLACK_NANOS);
            amplification = sharding.seedOf(amplification);
        }
        WatchSettings watchSettings = watching.settings();
        JournalWindow window = JournalWindow.open(journals, timeWindow.from(),
                timeWindow.to(), duration == null ? null : DurationText.parseNanos(duration),
                Set.copyOf(methods), strict);
        tenants = new TenantTally(window);
        List<String> warnings = amplification.checkAgainst(tenants);
        warnings.forEach(w -> err.println("warning: " + w));
        if (dryRun) {
            return dryRun(window, pace, truncated);
        }
        String why = TargetProbe.unreachable(settings.target(), settings.connectTimeoutNanos());
        if (why != null) {
            throw new RepriseException("target " + settings.target() + " is unreachable: " + why);
        }
        if (ssl != null) {
            String failed = TlsProbe.handshakeFails(settings.target(), tls, ssl, settings.connectTimeoutNanos());
            if (failed != null) {
                throw new RepriseException("TLS handshake with " + settings.target() + " failed: " + failed);
            }
        }
        return replay(window, pace, settings, truncated, warnings, watchSettings, start);
    }

    /** With --start-at, the first connections open this long plus a connect timeout before the start. */
    private static final long PRE_OPEN_SLACK_NANOS = 1_000_000_000L;

    /** Events read ahead of the replay to warm its hot paths; a fraction of a second of reading. */
    private static final int WARM_UP_EVENTS = 20_000;

    /** Events of the window replayed against a local server before t0; a second or so at most. */
    private static final int REHEARSAL_EVENTS = 60_000;
    private static final long REHEARSAL_MAX_NANOS = 3_000_000_000L;

    /**
     * The window's first events replayed before t0 against a throwaway local server, with results
     * of the same kinds as the run's, thrown away: see {@link ReplayEngine#rehearse}. Not with
     * {@code --start-at}, whose set-up time before the shared start is already budgeted.
     */
    private void rehearse(ReplayEngine engine, Pace pace, ConnectionSettings settings, TruncatedBodies truncated)
            throws InterruptedException {
        FidelityRecorder fidelity = fidelityRecorder(pace, settings);
        // The run's own plan stages, so each call site sees the types it will see in the run; the
        // truncated-body counts are the rehearsal's own, not the report's.
        TruncatedBodies counted = new TruncatedBodies(truncated.mode());
        try (ResultCollector collector = new ResultCollector(reporting.collectorOptions().withHlog(null))) {
            collector.start();
            engine.rehearse(plan(fidelity, counted), REHEARSAL_EVENTS, REHEARSAL_MAX_NANOS, fidelity.before(collector));
        }
    }

    /** The replay's plan: the window through amplification, this shard's part, the truncated-body policy and the fidelity recorder. */
    private Supplier<PlanSource> plan(FidelityRecorder fidelity, TruncatedBodies truncated) {
        return () -> fidelity.observe(truncated.apply(sharding.apply(AmplifyPipeline.compose(amplification, tenants))));
    }

    /** Results sent out of order can come back as late as the connect and request timeouts allow, and a second more. */
    private static FidelityRecorder fidelityRecorder(Pace pace, ConnectionSettings settings) {
        return new FidelityRecorder(pace instanceof Pace.Timed t ? t.speed() : null,
                settings.connectTimeoutNanos() + settings.requestTimeoutNanos() + 1_000_000_000L);
    }

    @SuppressWarnings("try") // the progress line is open for the run and closed after it; the body never names it
    private int replay(JournalWindow window, Pace pace, ConnectionSettings settings, TruncatedBodies truncated,
                       List<String> warnings, WatchSettings watchSettings, SynchronisedStart start)
            throws InterruptedException {
        boolean shardReport = sharding.given() || start != null;
        ClockStatus clock = shardReport ? ClockProbe.probe() : null;
        if (start != null) {
            // A shared start is not rehearsed (its set-up before the start is budgeted): the read and
            // encode paths are warmed off the wire instead. A rehearsal does more than this, with
            // the run's own types at every call site, which this warm-up's would otherwise mix into
            // the profiles C2 compiles from.
            WarmUp.run(window, settings.rewriter(), WARM_UP_EVENTS);
        }
        // The journal is read on a thread of its own, a ring of batches ahead of the scheduler. A
        // record's first read from the mapped files can fault to disk (a journal of days is not all
        // in the page cache, and hosts reclaim file pages left idle), and on the scheduler thread
        // that wait would hold back every send due meanwhile; the ring ahead absorbs it. Under
        // --max-rate nothing is due at a time, so the read stays on the scheduler's thread there.
        window.readingAhead(pace instanceof Pace.Timed && DryRun.readsAhead());
        if (start != null) {
            start.checkReady("its journals were open and warmed up");
        }
        ResultCollector collector = new ResultCollector(reporting.collectorOptions());
        if (shardReport) {
            collector.keepHistograms();
        }
        FidelityRecorder fidelity = fidelityRecorder(pace, settings);
        if (lagHlog != null) {
            collector.logSendLag(lagHlog);
        }
        ReplayEngine engine = new ReplayEngine(plan(fidelity, truncated), window.startNanos(), pace, settings, maxQueued,
                fidelity.before(collector), start);
        CountDownLatch reported = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            engine.stop();
            try {
                reported.await(30, TimeUnit.SECONDS); // let the main thread write what was done
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "reprise-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        ReplayRun run;
        try (collector) {
            if (start == null) {
                rehearse(engine, pace, settings, truncated);
            }
            engine.prepare(); // the transport's warm-up is set-up, not run time
            if (start != null) {
                collector.start(start.startNanoTime(), Math.floorDiv(start.epochNanos(), 1_000_000L));
            } else {
                collector.start();
            }
            fidelity.startSampling(() -> engine.stats().openConnections(), () -> engine.stats().inFlight(),
                    start != null ? start.startNanoTime() : System.nanoTime());
            ResourceWatch watch = watchSettings == null ? null
                    : ResourceWatch.start(watchSettings, () -> collector.completed() - collector.errors());
            try (ProgressLine progress = ProgressLine.start(progressOf(engine, window, pace), collector, err)) {
                run = engine.run();
            }
            if (run.failure() instanceof StartMissedException missed) {
                throw missed; // it sent nothing: a report of nothing would only mislead a merge
            }
            collector.finish();
            fidelity.openConnectionsPeaked(engine.stats().maxOpenConnections());
            ReplayReport r = collector.report(runInfo(window, settings, run, truncated))
                    .withFidelity(fidelity.measure(truncated.toReport()));
            r = watch == null ? r : r.withResources(watch.stop());
            for (String w : warnings) {
                r = r.withWarning(w);
            }
            if (settings.tls().insecure()) {
                r = r.withWarning("--insecure: the target's certificate and host name were not checked");
            }
            if (truncated.requests() > 0) {
                r = r.withWarning(count(truncated.requests()) + " requests had a body truncated at capture: "
                        + (truncated.mode() == TruncatedBodies.Mode.SKIP ? "they were not sent (--truncated-bodies skip)"
                        : "they were sent at their true length, padded with " + TruncatedBodies.FILLER_NAME
                        + " (--truncated-bodies pad)"));
            }
            if (shardReport) {
                Shard shard = sharding.shard();
                ShardStart started = new ShardStart(shard.index(), start == null ? null : engine.planReadyMarginNanos() / 1000,
                        start == null ? null : engine.readyMarginNanos() / 1000, clock, ShardHost.name());
                r = r.withSharding(new Sharding(shard.count(), List.of(shard.index()),
                        start == null ? null : start.instant().toString(), List.of(started)),
                        collector.histograms(fidelity.histograms()));
            }
            r = r.withThresholds(reporting.thresholds().evaluate(r));
            ConsoleSummary.print(r, out);
            window.skipped().warnings().forEach(err::println);
            if (!run.drained()) {
                out.println("note: " + (run.stats().inFlight()) + " requests were still outstanding at the end and are not counted");
            }
            reporting.writeReport(r);
            reporting.writeHtml(r);
            if (run.failure() != null) {
                throw run.failure();
            }
            if (r.totals().requests() > 0 && r.totals().responses() == 0 && !run.stoppedEarly()) {
                throw new RepriseException("every request failed (" + errorKinds(r) + "); the target answered none of "
                        + count(r.totals().requests()) + " requests");
            }
            return r.anyThresholdCrossed() ? ExitCode.THRESHOLD.code() : 0;
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running
            }
        }
    }

    private static ReplayProgress progressOf(ReplayEngine engine, JournalWindow window, Pace pace) {
        return new ReplayProgress() {
            @Override
            public long planned() {
                return -1;
            }

            @Override
            public long sent() {
                return engine.stats().sent();
            }

            @Override
            public int inFlight() {
                return engine.stats().inFlight();
            }

            @Override
            public long remainingNanos() {
                long due = engine.dueNanos(window.endNanos());
                return due < 0 || !(pace instanceof Pace.Timed) ? -1 : Math.max(0, due - System.nanoTime());
            }
        };
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String errorKinds(ReplayReport r) {
        StringBuilder b = new StringBuilder();
        r.totals().errorsByKind().forEach((kind, n) -> {
            if (n > 0) {
                b.append(b.length() == 0 ? "" : ", ").append(kind.name()).append(' ').append(count(n));
            }
        });
        return b.toString();
    }

    private RunInfo runInfo(JournalWindow window, ConnectionSettings settings, ReplayRun run, TruncatedBodies truncated) {
        Map<String, Object> controls = new LinkedHashMap<>(amplification.describe());
        controls.put("--connections", settings.mode().toString());
        controls.put("--methods", List.copyOf(methods));
        controls.put("--connect-timeout", connectTimeout);
        controls.put("--request-timeout", requestTimeout);
        controls.put("--max-queued", maxQueued);
        controls.put("--truncated-bodies", truncated.mode().toString());
        if (sharding.given()) {
            controls.put("--shard", sharding.shard().toString());
        }
        if (sharding.startAt() != null) {
            controls.put("--start-at", sharding.startAt().toString());
        }
        if (settings.target().tls()) {
            controls.put("tls", settings.tls().describe());
        }
        controls.put("rewrites", settings.rewriter().describe());
        controls.putAll(watching.describe());
        RunInfo info = new RunInfo(List.of(settings.target().toString()), journals.stream().map(Path::toString).toList(),
                null, null, pacing().speedOrNull(), controls, null, null, run.stoppedEarly())
                .withWindow(instant(window.startNanos()), instant(window.endNanos()))
                .withControlsSet(controlsSet());
        if (!run.stoppedEarly()) {
            TenantPlan shares = tenants.tenantPlan(amplification);
            info = info.withShares(shares.captured(), shares.intended());
        }
        return info;
    }

    /** The controls given on the command line, by their long name, as the report's controls name them. */
    private List<String> controlsSet() {
        List<String> names = new ArrayList<>();
        for (CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            names.add(o.longestName());
        }
        if (settingsHaveRewrites()) {
            names.add("rewrites");
        }
        if (names.contains("--ca-file") || names.contains("--insecure") || names.contains("--sni")) {
            names.add("tls");
        }
        return names;
    }

    private boolean settingsHaveRewrites() {
        return hostHeader != null || !setHeaders.isEmpty() || !removeHeaders.isEmpty() || !rewritePaths.isEmpty()
                || !credentials.isEmpty();
    }

    private int dryRun(JournalWindow window, Pace pace, TruncatedBodies truncated) throws InterruptedException {
        window.readingAhead(DryRun.readsAhead());
        DryRun.Tally t = DryRun.run(() -> truncated.apply(sharding.apply(AmplifyPipeline.composeUncounted(amplification, tenants))), window.startNanos(), pace);
        StringBuilder methodsLine = new StringBuilder();
        t.byMethod().forEach((m, n) -> methodsLine.append(methodsLine.length() == 0 ? "" : ", ").append(m).append(' ').append(n));
        out.printf(Locale.ROOT, "dry run: would send %d requests on %d connections (at most %d open at once)%n",
                t.requests(), t.connections(), t.maxConcurrent());
        if (t.requests() > 0) {
            out.println("  by method: " + methodsLine);
        }
        out.printf(Locale.ROOT, "  window %s to %s; the replay would take %s%s%n", instant(window.startNanos()),
                instant(window.endNanos()), DurationText.human(t.scheduleNanos()),
                pace instanceof Pace.Timed timed ? " at speed " + timed.speed() : " at speed 1 (--max-rate goes as fast as the target allows)");
        out.printf(Locale.ROOT, "  read and scheduled in %s: %.0f requests/s%n", DurationText.human(t.elapsedNanos()), t.rate());
        if (amplification.rate() != null) {
            out.printf(Locale.ROOT, "  paced at --rate %s%n", amplification.rate());
        }
        if (truncated.requests() > 0) {
            out.printf(Locale.ROOT, "  %s requests had a body truncated at capture: %s%n", count(truncated.requests()),
                    truncated.mode() == TruncatedBodies.Mode.SKIP ? "they would not be sent (--truncated-bodies skip)"
                            : "they would be padded to their true length (--truncated-bodies pad)");
        }
        window.skipped().warnings().forEach(err::println);
        if (reporting.reportPath() != null) {
            Map<String, Object> controls = new LinkedHashMap<>(amplification.describe());
            controls.put("--methods", List.copyOf(methods));
            DryRunReport.of(t, journals.stream().map(Path::toString).toList(), instant(window.startNanos()).toString(),
                    instant(window.endNanos()).toString(), pace instanceof Pace.Timed timed ? "speed " + timed.speed() : "max-rate",
                    controls).write(reporting.reportPath());
        }
        return 0;
    }

    private RequestRewriter rewriter() {
        RequestRewriter.Builder b = RequestRewriter.to(Target.parse(target)).hostHeader(hostHeader);
        setHeaders.forEach(b::setHeader);
        removeHeaders.forEach(b::removeHeader);
        rewritePaths.forEach(p -> b.rewritePath(RequestRewriter.PathRewrite.parse(p)));
        credentials.forEach(c -> b.credential(StagingCredential.parse(c)));
        return b.build();
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    /** The pace flags given; picocli leaves the group null when none is. */
    private PaceOptions pacing() {
        return pacing != null ? pacing : new PaceOptions();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
