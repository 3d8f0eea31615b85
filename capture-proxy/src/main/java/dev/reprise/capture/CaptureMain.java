package dev.reprise.capture;

import dev.reprise.capture.internal.Addresses;
import dev.reprise.format.DurationText;
import dev.reprise.capture.internal.Sizes;
import dev.reprise.capture.proxy.ClientLimits;
import dev.reprise.capture.proxy.ProxySettings;
import dev.reprise.capture.record.RecordPolicy;
import dev.reprise.capture.record.TenantAndRedaction;
import dev.reprise.format.CaptureSettings;
import dev.reprise.format.Retention;
import dev.reprise.format.redact.RedactionKey;
import dev.reprise.format.redact.RedactionPolicy;
import dev.reprise.format.redact.Redactor;
import dev.reprise.format.tenant.TenantRules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
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
@Command(name = "capture", mixinStandardHelpOptions = true, versionProvider = CaptureVersion.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Forward HTTP traffic to an upstream and record every exchange in a journal.",
                "Every option can be set in --config FILE (YAML or JSON) under its name without the dashes."},
        footer = {"", "Exit codes: 0 stopped cleanly, 1 failure (cannot listen, journal unusable), 2 bad usage or config."})
public final class CaptureMain implements Callable<Integer> {
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

    @Option(names = "--record-path", paramLabel = "GLOB", description = "Record only paths matching; repeatable. '*' matches within a segment, '**' across.")
    List<String> recordPaths = new ArrayList<>();

    @Option(names = "--skip-path", paramLabel = "GLOB", description = "Do not record paths matching; repeatable; wins over --record-path.")
    List<String> skipPaths = new ArrayList<>();

    @Option(names = "--record-method", paramLabel = "METHOD", description = "Record only these methods; repeatable.")
    List<String> recordMethods = new ArrayList<>();

    @Option(names = "--skip-method", paramLabel = "METHOD", description = "Do not record these methods; repeatable.")
    List<String> skipMethods = new ArrayList<>();

    @Option(names = "--max-body-bytes", paramLabel = "SIZE", description = "Store at most this much of each body; the true length is kept (default: ${DEFAULT-VALUE}).")
    String maxBodyBytes = "64KiB";

    @Option(names = "--retain", paramLabel = "DURATION", description = "Delete journal files older than this, e.g. 14d.")
    String retain;

    @Option(names = "--max-journal-size", paramLabel = "SIZE", description = "Delete the oldest journal files while the journal is larger, e.g. 50GiB.")
    String maxJournalSize;

    @Option(names = "--tenant-from", paramLabel = "RULE", description = "Where the tenant is, tried in order: header:NAME, host:{tenant}.example.com, path:/t/{tenant}/, query:NAME, jwt-claim:HEADER:CLAIM.")
    List<String> tenantFrom = new ArrayList<>();

    @Option(names = "--redact-header", paramLabel = "NAME", description = "Also hash this header's values (Authorization, Proxy-Authorization, Cookie and Set-Cookie always are).")
    List<String> redactHeaders = new ArrayList<>();

    @Option(names = "--redact-json-field", paramLabel = "NAME", description = "Mask this field in JSON bodies; repeatable.")
    List<String> redactJsonFields = new ArrayList<>();

    @Option(names = "--redact-key-file", paramLabel = "FILE", description = "The redaction key; created (owner-only) if missing. Default: DIR.redact-key beside the journal.")
    Path redactKeyFile;

    @Option(names = "--no-redact", description = "Journal secret headers in clear.")
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

    @Option(names = "--max-connections", paramLabel = "N", description = "Client connections open at once; at the cap idle ones make room, else new ones are refused (default: ${DEFAULT-VALUE}: half the open-files limit less 128).")
    String maxConnections = "auto";

    @Option(names = "--max-header-bytes", paramLabel = "SIZE", description = "Largest request header block; larger gets 431 (default: ${DEFAULT-VALUE}).")
    String maxHeaderBytes = "16KiB";

    @Option(names = "--drain-timeout", paramLabel = "DURATION", description = "On SIGTERM, how long exchanges in flight may take to finish (default: ${DEFAULT-VALUE}).")
    String drainTimeout = "30s";

    @Option(names = "--record-queue", paramLabel = "N", description = "Records waiting for the journal before new ones are dropped and counted (default: ${DEFAULT-VALUE}).")
    int recordQueue = 65536;

    @Option(names = "--record-buffer", paramLabel = "SIZE", description = "Bytes waiting for the journal before new records are dropped and counted (default: ${DEFAULT-VALUE}).")
    String recordBuffer = "64MiB";

    @Option(names = "--io-threads", paramLabel = "N", description = "Event loop threads; 0 for one per core (default: ${DEFAULT-VALUE}).")
    int ioThreads = 0;

    @Option(names = "--config", paramLabel = "FILE", description = "Read options from a YAML or JSON file; command-line options win.")
    Path config;

    @Option(names = "--verbose", description = "Show the stack trace when the command fails.")
    boolean verbose;

    /** Names given in the config file rather than on the command line, for error messages. */
    Set<String> fromFile = Set.of();

    private final PrintStream out;
    private final CountDownLatch stopSignal;

    public CaptureMain() {
        this(System.out, null);
    }

    /** For tests: prints the start line to {@code out}, and stops when {@code stop} counts down. */
    CaptureMain(PrintStream out, CountDownLatch stop) {
        this.out = out;
        this.stopSignal = stop;
    }

    @Override
    public Integer call() throws Exception {
        CaptureConfig c = toConfig();
        CountDownLatch stop = stopSignal != null ? stopSignal : StopSignals.install();
        CaptureProxy proxy;
        try {
            proxy = CaptureProxy.start(c);
        } catch (IllegalStateException e) {
            throw new CaptureCli.UserError(e.getMessage(), CaptureCli.EXIT_FAILURE);
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
            throw new IllegalArgumentException("--upstream is required (e.g. --upstream http://127.0.0.1:9000)");
        }
        Addresses.Upstream up = check("upstream", () -> Addresses.upstream(upstream));
        if (journal == null && !noRecord) {
            throw new IllegalArgumentException("--journal DIR is required (or --no-record to forward only)");
        }
        if (journal != null && noRecord) {
            throw new IllegalArgumentException("--journal and --no-record contradict each other");
        }
        InetSocketAddress listenAt = check("listen", () -> Addresses.hostPort(listen));
        InetSocketAddress adminAt = admin.equalsIgnoreCase("off") ? null : check("admin", () -> Addresses.hostPort(admin));
        int maxBody = (int) (long) check("max-body-bytes", () -> within(Sizes.parse(maxBodyBytes), 0, Integer.MAX_VALUE - 8));
        int maxHeader = (int) (long) check("max-header-bytes", () -> within(Sizes.parse(maxHeaderBytes), 1024, 1 << 24));
        long buffer = check("record-buffer", () -> within(Sizes.parse(recordBuffer), 1 << 16, Long.MAX_VALUE));
        check("record-queue", () -> within(recordQueue, 16, 1 << 24));
        check("io-threads", () -> within(ioThreads, 0, 1024));
        Duration connect = check("connect-timeout", () -> positive(DurationText.parse(connectTimeout)));
        Duration read = check("read-timeout", () -> positive(DurationText.parse(readTimeout)));
        Duration idle = check("upstream-idle-timeout", () -> positive(DurationText.parse(upstreamIdleTimeout)));
        Duration drain = check("drain-timeout", () -> DurationText.parse(drainTimeout));
        Duration headerWait = check("client-header-timeout", () -> positive(DurationText.parse(clientHeaderTimeout)));
        Duration bodyWait = check("client-body-timeout", () -> positive(DurationText.parse(clientBodyTimeout)));
        Duration keepAliveWait = check("keepalive-timeout", () -> positive(DurationText.parse(keepAliveTimeout)));
        int maxConns = check("max-connections", () -> maxConnections.equalsIgnoreCase("auto")
                ? ClientLimits.connectionsForDescriptors(ClientLimits.openFileLimit())
                : (int) within(wholeNumber(maxConnections), 1, 1 << 24));
        Duration retainAge = retain == null ? null : check("retain", () -> positive(DurationText.parse(retain)));
        Long retainBytes = maxJournalSize == null ? null
                : check("max-journal-size", () -> within(Sizes.parse(maxJournalSize), 1 << 20, Long.MAX_VALUE));
        check("sample", () -> new RecordPolicy(sample, List.of(), List.of(), List.of(), List.of()));
        check("record-path", () -> new RecordPolicy(1, recordPaths, List.of(), List.of(), List.of()));
        check("skip-path", () -> new RecordPolicy(1, List.of(), skipPaths, List.of(), List.of()));
        check("record-method", () -> new RecordPolicy(1, List.of(), List.of(), recordMethods, List.of()));
        check("skip-method", () -> new RecordPolicy(1, List.of(), List.of(), List.of(), skipMethods));
        RecordPolicy policy = new RecordPolicy(sample, recordPaths, skipPaths, recordMethods, skipMethods);
        TenantRules tenants = check("tenant-from", () -> TenantRules.parse(tenantFrom));
        RedactionPolicy redaction = check("redact-header", () -> RedactionPolicy.of(redactHeaders, redactJsonFields));
        Redactor redactor = null;
        if (!noRedact && journal != null) {
            Path keyFile = redactKeyFile != null ? redactKeyFile
                    : journal.toAbsolutePath().resolveSibling(journal.toAbsolutePath().getFileName() + ".redact-key");
            RedactionKey key = check("redact-key-file", () -> RedactionKey.loadOrCreate(keyFile));
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
                recordQueue, buffer, new TenantAndRedaction(tenants, redactor), settings);
    }

    private static long within(long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(v + " is out of range (" + min + " to " + max + ")");
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
            throw new IllegalArgumentException(d + " must be more than zero");
        }
        return d;
    }

    public static void main(String[] args) {
        // Before any Chronicle class loads: Reprise never phones home.
        System.setProperty("chronicle.analytics.disable", "true");
        System.exit(CaptureCli.execute(new CaptureMain(), new java.io.PrintWriter(System.err, true), args));
    }

    private interface Check<T> {
        T get();
    }

    private <T> T check(String name, Check<T> c) {
        try {
            return c.get();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            String where = fromFile.contains(name) ? "config " + config + ": key '" + name + "'" : "--" + name;
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}
