package dev.reprise.capture;

import dev.reprise.cli.CommandRunner;
import dev.reprise.cli.VersionProvider;
import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.RepriseException;
import dev.reprise.capture.internal.Addresses;
import dev.reprise.format.DurationText;
import dev.reprise.format.SizeText;
import dev.reprise.capture.proxy.ClientLimits;
import dev.reprise.capture.proxy.ProxySettings;
import dev.reprise.capture.record.RecordPolicy;
import dev.reprise.capture.record.TenantAndRedaction;
import dev.reprise.format.CaptureSettings;
import dev.reprise.format.Retention;
import dev.reprise.format.RollPeriod;
import dev.reprise.format.redact.AmbiguousBodies;
import dev.reprise.format.redact.RedactionKey;
import dev.reprise.format.redact.RedactionPolicy;
import dev.reprise.format.redact.Redactor;
import dev.reprise.format.redact.SensitiveNames;
import dev.reprise.format.tenant.TenantRules;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code capture}: a transparent HTTP reverse proxy in front of one upstream that journals every
 * exchange. Every option can also come from {@code --config FILE} (YAML or JSON) under the same
 * name without the dashes; options on the command line win over the file.
 */
@Command(name = "capture", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Forward HTTP traffic to an upstream and record every exchange in a journal.",
                "Every option can be set in --config FILE (YAML or JSON) under its name without the dashes."})
public final class CaptureMain implements Callable<Integer>, CommandRunner.BeforeParse {
    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Where clients connect (default: ${DEFAULT-VALUE}); port 0 picks one.")
    String listen = "0.0.0.0:8080";

    @Option(names = "--upstream", paramLabel = "URL", description = "The service to forward to, e.g. http://127.0.0.1:9000 (required).")
    String upstream;

    @Option(names = "--journal", paramLabel = "DIR", description = "The journal directory (required unless --no-record).")
    Path journal;

    @Option(names = "--no-record", description = "Forward only; write no journal.")
    boolean noRecord;

    @Option(names = "--admin", paramLabel = "HOST:PORT", description = "Serve /metrics, /health and /ready here (default: ${DEFAULT-VALUE}); 'off' for none.")
    String admin = "127.0.0.1:9901";

    @Option(names = "--sample", paramLabel = "RATE", description = "Share of connections recorded, whole connections, 0 < RATE <= 1 (default: ${DEFAULT-VALUE}).")
    double sample = 1.0;

    @Option(names = "--record-path", split = ",", paramLabel = "GLOB", description = "Record only paths matching; repeatable. '*' matches within a segment, '**' across.")
    List<String> recordPaths = new ArrayList<>();

    @Option(names = "--skip-path", split = ",", paramLabel = "GLOB", description = "Do not record paths matching; repeatable; wins over --record-path.")
    List<String> skipPaths = new ArrayList<>();

    @Option(names = "--record-method", split = ",", paramLabel = "METHOD", description = "Record only these methods; repeatable.")
    List<String> recordMethods = new ArrayList<>();

    @Option(names = "--skip-method", split = ",", paramLabel = "METHOD", description = "Do not record these methods; repeatable.")
    List<String> skipMethods = new ArrayList<>();

    @Option(names = "--max-body-bytes", paramLabel = "SIZE", description = "Store at most this much of each body; the true length is kept (default: ${DEFAULT-VALUE}).")
    String maxBodyBytes = "64KiB";

    @Option(names = "--retain", paramLabel = "DURATION", description = "Delete journal files older than this, e.g. 14d.")
    String retain;

    @Option(names = "--max-journal-size", paramLabel = "SIZE", description = "Delete the oldest journal files while the journal is larger, e.g. 50GiB.")
    String maxJournalSize;

    @Option(names = "--min-free-disk", paramLabel = "SIZE", description = "Stop appending while the journal's disk has less free (a mapped write to a full disk faults); resumes by itself in a fresh file when space returns; 0 never checks (default: ${DEFAULT-VALUE}).")
    String minFreeDisk = "256MiB";

    @Option(names = "--tenant-from", split = ",", paramLabel = "RULE", description = "Where the tenant is, tried in order: header:NAME, host:{tenant}.example.com, path:/t/{tenant}/, query:NAME, jwt-claim:HEADER:CLAIM.")
    List<String> tenantFrom = new ArrayList<>();

    @Option(names = "--redact-header", split = ",", paramLabel = "NAME", description = "Also hash this header's values (Authorization, Proxy-Authorization, Cookie and Set-Cookie always are).")
    List<String> redactHeaders = new ArrayList<>();

    @Option(names = "--redact-json-field", split = ",", paramLabel = "NAME", description = "Mask this field in JSON bodies, in place (every other byte and the length kept); repeatable.")
    List<String> redactJsonFields = new ArrayList<>();

    @Option(names = "--redact-field", split = ",", paramLabel = "NAME", description = "Also treat this name as a secret wherever it appears (query parameter, form field, JSON field, header); repeatable. "
            + "By default these are: " + SensitiveNames.DEFAULT_LIST + " (ignoring case, '-', '_' and '.'; headers also after an 'X-' prefix).")
    List<String> redactFields = new ArrayList<>();

    @Option(names = "--no-default-redaction", description = "Do not apply the default list of secret names; only --redact-field, --redact-header, --redact-json-field and the always-hashed headers.")
    boolean noDefaultRedaction;

    @Option(names = "--ambiguous-body", paramLabel = "mask|drop", description = "A body with no Content-Type, or several: 'mask' it as JSON and as a form, as the strictest reading would, or 'drop' it and keep only its length (default: ${DEFAULT-VALUE}).")
    String ambiguousBody = "mask";

    @Option(names = "--redact-key-file", paramLabel = "FILE", description = "The redaction key; created (owner-only) if missing. Default: DIR.redact-key beside the journal.")
    Path redactKeyFile;

    @Option(names = "--no-redact", description = "Journal everything in clear: no header, query or body is hashed or masked.")
    boolean noRedact;

    @Option(names = "--add-forwarded", description = "Append X-Forwarded-For and Forwarded to requests sent upstream.")
    boolean addForwarded;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", description = "Upstream connect timeout (default: ${DEFAULT-VALUE}); then 504.")
    String connectTimeout = "5s";

    @Option(names = "--read-timeout", paramLabel = "DURATION", description = "Upstream silence allowed while a response is awaited (default: ${DEFAULT-VALUE}); then 504.")
    String readTimeout = "60s";

    @Option(names = "--upstream-idle-timeout", paramLabel = "DURATION", description = "Close pooled upstream connections idle this long (default: ${DEFAULT-VALUE}); keep it below the upstream's keep-alive timeout.")
    String upstreamIdleTimeout = "4s";

    @Option(names = "--client-header-timeout", paramLabel = "DURATION", description = "Time a client has to send a whole request head; then the connection is closed (default: ${DEFAULT-VALUE}, like nginx).")
    String clientHeaderTimeout = "60s";

    @Option(names = "--client-body-timeout", paramLabel = "DURATION", description = "Silence allowed between two reads of a request body; then the exchange is aborted (default: ${DEFAULT-VALUE}, like nginx).")
    String clientBodyTimeout = "60s";

    @Option(names = "--keepalive-timeout", paramLabel = "DURATION", description = "Idle time allowed between a client's requests (default: ${DEFAULT-VALUE}, like nginx).")
    String keepAliveTimeout = "75s";

    @Option(names = "--max-connections", paramLabel = "N", description = "Client connections open at once; at the cap idle ones make room, else new ones are refused (default: ${DEFAULT-VALUE}: half the open-files limit less 128, and no more than the heap holds at 8 KiB each beside the record buffer and 16 MiB).")
    String maxConnections = "auto";

    @Option(names = "--max-header-bytes", paramLabel = "SIZE", description = "Largest request header block; larger gets 431 (default: ${DEFAULT-VALUE}).")
    String maxHeaderBytes = "16KiB";

    @Option(names = "--drain-timeout", paramLabel = "DURATION", description = "On SIGTERM, how long exchanges in flight may take to finish (default: ${DEFAULT-VALUE}).")
    String drainTimeout = "30s";

    @Option(names = "--record-queue", paramLabel = "N", description = "Records waiting for the journal before new ones are dropped and counted (default: ${DEFAULT-VALUE}).")
    int recordQueue = 65536;

    @Option(names = "--record-buffer", paramLabel = "SIZE", description = "Bytes waiting for the journal before new records are dropped and counted; 'auto' is a quarter of the heap's maximum (default: ${DEFAULT-VALUE}).")
    String recordBuffer = "auto";

    @Option(names = "--recorder-nice", paramLabel = "N", description = "How many steps of nice (0-19) the recorder's thread sits below forwarding's, so that journaling yields a core to requests in flight; 0 for none (default: ${DEFAULT-VALUE}).")
    int recorderNice = CaptureConfig.DEFAULT_RECORDER_NICE;

    @Option(names = "--compiler-nice", paramLabel = "N", description = "How many steps of nice (0-19) the JVM's JIT compiler threads sit below forwarding's, so that compiling after a start or a deoptimisation yields the cores to requests in flight; 0 for none (default: ${DEFAULT-VALUE}).")
    int compilerNice = CaptureConfig.DEFAULT_COMPILER_NICE;

    @Option(names = "--roll-period", paramLabel = "DURATION", description = "How often the journal starts a new file: 5m, 10m, 30m, 1h, 2h, 6h or 1d (default: ${DEFAULT-VALUE}). A closed file's pages leave the proxy's memory.")
    String rollPeriod = "1h";

    @Option(names = "--io-threads", paramLabel = "N", description = "Event loop threads; 0 for one per core (default: ${DEFAULT-VALUE}).")
    int ioThreads = 0;

    @Option(names = "--config", paramLabel = "FILE", description = "Read options from a YAML or JSON file; command-line options win.")
    Path config;

    @Option(names = "--verbose", description = "Show the stack trace when the command fails.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The config file's values, the options' defaults; null without --config. */
    private ConfigFileDefaults file;

    /** What {@link #toConfig()} found worth a warning; printed before the proxy starts. */
    private final List<String> warnings = new ArrayList<>();
    /** The key file {@link #toConfig()} created, removed again if the start fails. */
    private Path createdKeyFile;

    private final CountDownLatch stopSignal;

    public CaptureMain() {
        this(null);
    }

    /** For tests: stops when {@code stop} counts down rather than on SIGTERM or SIGINT. */
    CaptureMain(CountDownLatch stop) {
        this.stopSignal = stop;
    }

    /** Reads {@code --config FILE} before the arguments are parsed, so its values become the defaults. */
    @Override
    public void beforeParse(CommandLine commandLine, String[] args) {
        Path path = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = Path.of(args[i + 1]);
            } else if (args[i].startsWith("--config=")) {
                path = Path.of(args[i].substring("--config=".length()));
            }
        }
        if (path != null) {
            file = ConfigFileDefaults.read(path, commandLine.getCommandSpec());
            // Convert the file's values alone first, so a bad one is blamed on its key, not on a flag.
            try {
                new CommandLine(new CaptureMain()).setDefaultValueProvider(file).parseArgs();
            } catch (CommandLine.ParameterException e) {
                String key = e.getArgSpec() instanceof CommandLine.Model.OptionSpec o ? o.longestName().substring(2) : "?";
                throw new InvalidSettingsException("config " + path + ": key '" + key + "': " + e.getMessage());
            }
            commandLine.setDefaultValueProvider(file);
        }
    }

    @Override
    public Integer call() throws Exception {
        CaptureConfig c = toConfig();
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = stopSignal != null ? stopSignal : StopSignals.install();
        PrintWriter err = spec.commandLine().getErr();
        for (String w : warnings) {
            err.println("warning: " + w);
        }
        err.flush();
        CaptureProxy proxy;
        try {
            proxy = CaptureProxy.start(c);
        } catch (RuntimeException e) {
            // A failed start leaves nothing behind: no key file this run made (the journal is removed by the proxy).
            if (createdKeyFile != null) {
                Files.deleteIfExists(createdKeyFile);
            }
            if (e instanceof IllegalStateException) {
                throw new RepriseException(e.getMessage(), e);
            }
            throw e;
        }
        InetSocketAddress l = proxy.listenAddress();
        InetSocketAddress a = proxy.adminAddress();
        out.println("reprise capture listening on " + hostPort(l)
                + ", admin " + (a == null ? "off" : "on " + hostPort(a))
                + ", forwarding to " + c.proxy().upstreamAuthority()
                + ", journal " + (c.journal() == null ? "off" : c.journal().toString())
                + " (" + proxy.transport() + ")");
        out.flush();
        stop.await();
        proxy.stop();
        return 0;
    }

    private static String hostPort(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    /** Checks every option and builds the configuration; errors name the flag or config key. */
    CaptureConfig toConfig() {
        if (upstream == null) {
            throw new InvalidSettingsException("--upstream is required (e.g. --upstream http://127.0.0.1:9000)");
        }
        Addresses.Upstream up = check("upstream", () -> Addresses.upstream(upstream));
        if (journal == null && !noRecord) {
            throw new InvalidSettingsException("--journal DIR is required (or --no-record to forward only)");
        }
        if (journal != null && noRecord) {
            throw new InvalidSettingsException("--journal and --no-record contradict each other");
        }
        InetSocketAddress listenAt = check("listen", () -> Addresses.hostPort(listen));
        InetSocketAddress adminAt = admin.equalsIgnoreCase("off") ? null : check("admin", () -> Addresses.hostPort(admin));
        if (adminAt != null && (adminAt.getAddress() == null || !adminAt.getAddress().isLoopbackAddress())) {
            warnings.add("--admin " + admin + " is reachable beyond this host: /metrics shows traffic figures to anyone"
                    + " who can connect; bind it to 127.0.0.1 unless a firewall guards the port");
        }
        long minFree = check("min-free-disk", () -> within(SizeText.parse(minFreeDisk), 0, Long.MAX_VALUE));
        int maxBody = (int) (long) check("max-body-bytes", () -> within(SizeText.parse(maxBodyBytes), 0, Integer.MAX_VALUE - 8));
        int maxHeader = (int) (long) check("max-header-bytes", () -> within(SizeText.parse(maxHeaderBytes), 1024, 1 << 24));
        long buffer = check("record-buffer", () -> recordBuffer.trim().equalsIgnoreCase("auto")
                ? Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 4)
                : within(SizeText.parse(recordBuffer), 1 << 16, Long.MAX_VALUE));
        RollPeriod roll = check("roll-period", () -> rollPeriodOf(rollPeriod));
        check("record-queue", () -> within(recordQueue, 16, 1 << 24));
        check("io-threads", () -> within(ioThreads, 0, 1024));
        check("recorder-nice", () -> within(recorderNice, 0, 19));
        check("compiler-nice", () -> within(compilerNice, 0, 19));
        Duration connect = check("connect-timeout", () -> positive(DurationText.parse(connectTimeout)));
        Duration read = check("read-timeout", () -> positive(DurationText.parse(readTimeout)));
        Duration idle = check("upstream-idle-timeout", () -> positive(DurationText.parse(upstreamIdleTimeout)));
        Duration drain = check("drain-timeout", () -> DurationText.parse(drainTimeout));
        Duration headerWait = check("client-header-timeout", () -> positive(DurationText.parse(clientHeaderTimeout)));
        Duration bodyWait = check("client-body-timeout", () -> positive(DurationText.parse(clientBodyTimeout)));
        Duration keepAliveWait = check("keepalive-timeout", () -> positive(DurationText.parse(keepAliveTimeout)));
        int maxConns = check("max-connections", () -> maxConnections.equalsIgnoreCase("auto")
                ? Math.min(ClientLimits.connectionsForDescriptors(ClientLimits.openFileLimit()),
                        ClientLimits.connectionsForHeap(ClientLimits.longLivedHeap(), buffer))
                : (int) within(wholeNumber(maxConnections), 1, 1 << 24));
        Duration retainAge = retain == null ? null : check("retain", () -> positive(DurationText.parse(retain)));
        Long retainBytes = maxJournalSize == null ? null
                : check("max-journal-size", () -> within(SizeText.parse(maxJournalSize), 1 << 20, Long.MAX_VALUE));
        check("sample", () -> new RecordPolicy(sample, List.of(), List.of(), List.of(), List.of()));
        check("record-path", () -> new RecordPolicy(1, recordPaths, List.of(), List.of(), List.of()));
        check("skip-path", () -> new RecordPolicy(1, List.of(), skipPaths, List.of(), List.of()));
        check("record-method", () -> new RecordPolicy(1, List.of(), List.of(), recordMethods, List.of()));
        check("skip-method", () -> new RecordPolicy(1, List.of(), List.of(), List.of(), skipMethods));
        RecordPolicy policy = new RecordPolicy(sample, recordPaths, skipPaths, recordMethods, skipMethods);
        TenantRules tenants = check("tenant-from", () -> TenantRules.parse(tenantFrom));
        check("redact-header", () -> RedactionPolicy.of(redactHeaders, List.of()));
        check("redact-json-field", () -> RedactionPolicy.of(List.of(), redactJsonFields));
        SensitiveNames names = check("redact-field", () -> SensitiveNames.of(!noDefaultRedaction, redactFields));
        AmbiguousBodies ambiguous = check("ambiguous-body", () -> switch (ambiguousBody.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "mask" -> AmbiguousBodies.MASK;
            case "drop" -> AmbiguousBodies.DROP;
            default -> throw new IllegalArgumentException("'" + ambiguousBody + "' is not 'mask' or 'drop'");
        });
        RedactionPolicy redaction = RedactionPolicy.of(redactHeaders, redactJsonFields, names, ambiguous);
        Redactor redactor = null;
        if (!noRedact && journal != null) {
            Path keyFile = redactKeyFile != null ? redactKeyFile
                    : journal.toAbsolutePath().resolveSibling(journal.toAbsolutePath().getFileName() + ".redact-key");
            boolean existed = Files.exists(keyFile);
            // Named after the option that put the key file where it is: the user may never have given --redact-key-file
            RedactionKey key = check(redactKeyFile != null ? "redact-key-file" : "journal", () -> RedactionKey.loadOrCreate(keyFile));
            if (!existed) {
                createdKeyFile = keyFile;
            } else if (readableByOthers(keyFile)) {
                warnings.add("redaction key file " + keyFile + " is readable by other users: whoever reads it can"
                        + " test guesses against the hashed secrets; chmod 600 it");
            }
            redactor = Redactor.create(redaction, key);
        }
        CaptureSettings settings = new CaptureSettings(maxBody, redactor != null,
                redactor != null ? redaction.headerNames() : List.of(),
                redactor != null ? redaction.jsonFieldNames() : List.of(),
                sample, policy.describeFilters(), tenants.specs());
        int threads = ioThreads == 0 ? Runtime.getRuntime().availableProcessors() : ioThreads;
        ProxySettings ps = new ProxySettings(listenAt, up.host(), up.port(), connect, read, idle, maxHeader, 64,
                addForwarded, threads, new ClientLimits(headerWait, bodyWait, keepAliveWait, maxConns));
        return new CaptureConfig(ps, journal, policy, maxBody, Retention.of(retainAge, retainBytes), adminAt, drain,
                recordQueue, buffer, new TenantAndRedaction(tenants, redactor), settings, minFree, roll, recorderNice,
                compilerNice);
    }

    private static RollPeriod rollPeriodOf(String text) {
        Duration d = DurationText.parse(text);
        for (RollPeriod p : RollPeriod.values()) {
            if (p.length().equals(d)) {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not one of 5m, 10m, 30m, 1h, 2h, 6h, 1d");
    }

    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static long within(long v, long min, long max) {
        if (v < min || v > max) {
            throw new InvalidSettingsException(v + " is out of range (" + min + " to " + max + ")");
        }
        return v;
    }

    private static long wholeNumber(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a whole number or 'auto'");
        }
    }

    private static Duration positive(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new InvalidSettingsException(d + " must be more than zero");
        }
        return d;
    }

    public static void main(String[] args) {
        SidecarDefaults.apply();
        System.exit(CommandRunner.run(new CaptureMain(), args));
    }

    /** The flag, or the config file's key when the value came from the file. */
    private String where(String name) {
        boolean onCommandLine = spec != null && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--" + name);
        return file != null && file.keys().contains(name) && !onCommandLine
                ? "config " + file.file() + ": key '" + name + "'" : "--" + name;
    }

    private interface Check<T> {
        T get();
    }

    private <T> T check(String name, Check<T> c) {
        try {
            return c.get();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new InvalidSettingsException(where(name) + ": " + e.getMessage());
        }
    }
}
