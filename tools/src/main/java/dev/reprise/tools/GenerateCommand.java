package dev.reprise.tools;

import dev.reprise.format.DurationText;
import dev.reprise.format.RepriseException;
import dev.reprise.tools.generate.GeneratorSettings;
import dev.reprise.tools.generate.JournalGenerator;
import dev.reprise.cli.VerboseOption;
import dev.reprise.cli.VersionProvider;
import dev.reprise.cli.convert.DurationConverter;
import dev.reprise.cli.convert.InstantConverter;
import dev.reprise.format.TimeSpec;
import dev.reprise.tools.internal.OutputJournal;
import dev.reprise.cli.Units;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code generate}: writes a synthetic journal with the shape of real shop traffic. */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Write a synthetic journal: keep-alive connections carrying several requests each, "
                + "Poisson arrivals under a daily curve (UTC), Zipf-skewed tenants (X-Tenant-Id) and the sample "
                + "shop's endpoints with their own sizes, statuses and log-normal latencies.",
                "The same flags always give the same journal."})
public final class GenerateCommand implements Callable<Integer> {
    @Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--journal", required = true, paramLabel = "DIR",
            description = "The journal directory to create; it must be absent or empty (see --force).")
    Path journal;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration", required = true, converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Span of the journal, e.g. 30s, 10m, 2h, 7d, 1h30m.")
    Duration duration;

    @Option(names = "--rate", defaultValue = "100", paramLabel = "PER_SECOND",
            description = "Mean requests per second over the span (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--start", converter = InstantConverter.class, paramLabel = "TIME",
            description = "Time of the first event, ISO-8601 (default: 2026-01-01T00:00:00Z, fixed so runs are reproducible).")
    Instant start;

    @Option(names = "--tenants", defaultValue = "200", paramLabel = "N",
            description = "Number of tenants (default: ${DEFAULT-VALUE}).")
    int tenants;

    @Option(names = "--tenant-skew", defaultValue = "1.1", paramLabel = "S",
            description = "Zipf exponent of tenant shares; 0 is uniform (default: ${DEFAULT-VALUE}).")
    double tenantSkew;

    @Option(names = "--requests-per-connection", defaultValue = "8", paramLabel = "MEAN",
            description = "Mean requests per keep-alive connection, geometric (default: ${DEFAULT-VALUE}).")
    double requestsPerConnection;

    @Option(names = "--think-time", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Mean pause between a response and the next request on a connection (default: ${DEFAULT-VALUE}).")
    Duration thinkTime;

    @Option(names = "--daily-swing", defaultValue = "0.8", paramLabel = "F",
            description = "Depth of the daily curve, 0 (flat) to 1 (default: ${DEFAULT-VALUE}).")
    double dailySwing;

    @Option(names = "--requests", paramLabel = "N", description = "Stop after this many requests.")
    Long maxRequests;

    @Option(names = "--body-cap", defaultValue = "256", paramLabel = "BYTES",
            description = "Bodies are stored up to this many bytes, with their true length (default: ${DEFAULT-VALUE}).")
    int bodyCap;

    @Option(names = "--host", defaultValue = "shop.example.com", paramLabel = "NAME",
            description = "Host header (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--force", description = "Replace the journal already in --journal (only journal files are removed).")
    boolean force;

    @Override
    public Integer call() {
        GeneratorSettings settings;
        try {
            settings = new GeneratorSettings(seed,
                    TimeSpec.nanos(start == null ? GeneratorSettings.DEFAULT_START : start),
                    duration.toNanos(), rate, tenants, tenantSkew, requestsPerConnection, thinkTime.toNanos(),
                    dailySwing, maxRequests == null ? Long.MAX_VALUE : maxRequests, bodyCap, host);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        boolean existed = Files.isDirectory(journal);
        OutputJournal.prepare(journal, force);
        long began = System.nanoTime();
        JournalGenerator.Summary s;
        try {
            s = JournalGenerator.write(settings, journal);
        } catch (RuntimeException e) {
            OutputJournal.discard(journal, existed);
            throw e;
        }
        if (s.events() == 0) {
            OutputJournal.discard(journal, existed);
            throw new RepriseException("no request falls in " + DurationText.human(
                    settings.durationNanos()) + " at " + rate + " requests/s; raise --duration or --rate");
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long spanNanos = s.requests() >= settings.maxRequests() ? s.lastNanos() - settings.startNanos()
                : settings.durationNanos();
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %s requests on %s connections, %s events, %s%n"
                        + "  span %s to %s UTC (%s), mean %s requests/s%n"
                        + "  took %.1f s (%s events/s)%n",
                journal, Units.count(s.requests()), Units.count(s.connections()), Units.count(s.events()),
                Units.bytes(s.bytes()), Units.time(s.firstNanos()), Units.time(s.lastNanos()),
                DurationText.human(spanNanos), Units.decimal(s.requests() / (spanNanos / 1e9)), seconds,
                Units.count((long) (s.events() / Math.max(seconds, 1e-9))));
        return 0;
    }
}
