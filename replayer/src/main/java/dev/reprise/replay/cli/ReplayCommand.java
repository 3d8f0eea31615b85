package dev.reprise.replay.cli;

import dev.reprise.cli.TimeWindowOptions;
import dev.reprise.cli.VerboseOption;
import dev.reprise.cli.VersionProvider;
import dev.reprise.cli.ExitCode;
import dev.reprise.format.RepriseException;
import dev.reprise.replay.DryRun;
import dev.reprise.replay.ReplayEngine;
import dev.reprise.replay.ReplayRun;
import dev.reprise.replay.amplify.AmplifyOptions;
import dev.reprise.replay.internal.WarmUp;
import dev.reprise.replay.amplify.TenantPlan;
import dev.reprise.replay.connection.ConnectionMode;
import dev.reprise.replay.connection.ConnectionSettings;
import dev.reprise.replay.connection.RequestRewriter;
import dev.reprise.replay.connection.StagingCredential;
import dev.reprise.replay.connection.Target;
import dev.reprise.replay.connection.TargetProbe;
import dev.reprise.replay.report.ConsoleSummary;
import dev.reprise.replay.report.ProgressLine;
import dev.reprise.replay.report.ReplayProgress;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReportOptions;
import dev.reprise.replay.report.RunInfo;
import dev.reprise.replay.results.ResultCollector;
import dev.reprise.replay.schedule.Pace;
import dev.reprise.format.DurationText;
import dev.reprise.replay.source.JournalWindow;
import dev.reprise.replay.watch.ResourceWatch;
import dev.reprise.replay.watch.WatchOptions;
import dev.reprise.replay.watch.WatchSettings;
import dev.reprise.format.TimeSpec;
import picocli.CommandLine;
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

    @Mixin
    TimeWindowOptions timeWindow;

    @Option(names = "--duration", paramLabel = "D", description = "Window length from its start (30s, 1h30m); not with --to.")
    String duration;

    @Option(names = "--speed", paramLabel = "X", description = "Speed factor of the captured timing, 0.1 to 1000 (default: 1).")
    Double speed;

    @Option(names = "--max-rate", description = "Send as fast as possible, closed loop: each connection's next request as soon as the previous response ends.")
    boolean maxRate;

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

    @Option(names = "--dry-run", description = "Read and schedule without sending; report what would be sent and the rate reached.")
    boolean dryRun;

    @Mixin
    ReportOptions reporting = new ReportOptions();

    @Mixin
    AmplifyOptions amplify = new AmplifyOptions();

    @Mixin
    WatchOptions watching = new WatchOptions();

    @Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where the summary goes, and the progress line: the command line's writers. */
    private PrintWriter out;
    private PrintWriter err;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        if (maxRate && speed != null) {
            throw usage("give --speed or --max-rate, not both");
        }
        if (timeWindow.to() != null && duration != null) {
            throw usage("give --to or --duration, not both");
        }
        if (dryRun && (reporting.reportPath() != null || reporting.collectorOptions().hlog() != null
                || !reporting.thresholds().isEmpty() || !watching.describe().isEmpty())) {
            throw usage("--dry-run sends nothing: it writes no --report or --hlog, checks no --fail-if and watches nothing");
        }
        if (maxQueued < 1) {
            throw usage("--max-queued must be at least 1");
        }
        Pace pace = maxRate ? Pace.maxRate() : Pace.speed(speed == null ? 1.0 : speed);
        ConnectionSettings settings = new ConnectionSettings(ConnectionMode.parse(connections), rewriter(),
                DurationText.parseNanos(connectTimeout), DurationText.parseNanos(requestTimeout), maxRate);
        for (String m : methods) {
            if (!m.trim().matches("[A-Za-z]+")) {
                throw usage("--methods: '" + m + "' is not an HTTP method");
            }
        }
        amplify.validate();
        WatchSettings watchSettings = watching.settings();
        JournalWindow window = JournalWindow.open(journals, timeWindow.from(),
                timeWindow.to(), duration == null ? null : DurationText.parseNanos(duration),
                Set.copyOf(methods));
        if (dryRun) {
            return dryRun(window, pace);
        }
        String why = TargetProbe.unreachable(settings.target(), settings.connectTimeoutNanos());
        if (why != null) {
            throw new RepriseException("target " + settings.target() + " is unreachable: " + why);
        }
        return replay(window, pace, settings, watchSettings);
    }

    /** Events read ahead of the replay to warm its hot paths; a fraction of a second of reading. */
    private static final int WARM_UP_EVENTS = 100_000;

    @SuppressWarnings("try") // the progress line is open for the run and closed after it; the body never names it
    private int replay(JournalWindow window, Pace pace, ConnectionSettings settings, WatchSettings watchSettings)
            throws InterruptedException {
        WarmUp.run(window, settings.rewriter(), WARM_UP_EVENTS);
        ResultCollector collector = new ResultCollector(reporting.collectorOptions());
        ReplayEngine engine = new ReplayEngine(() -> amplify.apply(window), window.startNanos(), pace, settings, maxQueued, collector);
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
            collector.start();
            ResourceWatch watch = watchSettings == null ? null
                    : ResourceWatch.start(watchSettings, () -> collector.completed() - collector.errors());
            try (ProgressLine progress = ProgressLine.start(progressOf(engine, window, pace), collector, err)) {
                run = engine.run();
            }
            collector.finish();
            ReplayReport r = collector.report(runInfo(window, settings, run));
            r = watch == null ? r : r.withResources(watch.stop());
            r = r.withThresholds(reporting.thresholds().evaluate(r));
            ConsoleSummary.print(r, out);
            if (!run.drained()) {
                out.println("note: " + (run.stats().inFlight()) + " requests were still outstanding at the end and are not counted");
            }
            reporting.writeReport(r);
            if (run.failure() != null) {
                throw run.failure();
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

    private RunInfo runInfo(JournalWindow window, ConnectionSettings settings, ReplayRun run) {
        Map<String, Object> controls = new LinkedHashMap<>(amplify.describe());
        controls.put("--connections", settings.mode().toString());
        controls.put("--methods", List.copyOf(methods));
        controls.put("--connect-timeout", connectTimeout);
        controls.put("--request-timeout", requestTimeout);
        controls.put("--max-queued", maxQueued);
        controls.put("rewrites", settings.rewriter().describe());
        controls.putAll(watching.describe());
        RunInfo info = new RunInfo(List.of(settings.target().toString()), journals.stream().map(Path::toString).toList(),
                null, null, maxRate ? null : (speed == null ? 1.0 : speed), controls, null, null, run.stoppedEarly())
                .withWindow(instant(window.startNanos()), instant(window.endNanos()));
        if (!run.stoppedEarly()) {
            TenantPlan tenants = amplify.tenantPlan();
            info = info.withShares(tenants.captured(), tenants.intended());
        }
        return info;
    }

    private int dryRun(JournalWindow window, Pace pace) throws InterruptedException {
        DryRun.Tally t = DryRun.run(() -> amplify.apply(window), window.startNanos(), pace);
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

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
