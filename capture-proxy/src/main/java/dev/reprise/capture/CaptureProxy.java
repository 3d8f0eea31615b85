package dev.reprise.capture;

import dev.reprise.capture.admin.AdminServer;
import dev.reprise.capture.admin.MetricsPage;
import dev.reprise.capture.admin.ProxyMetrics;
import dev.reprise.capture.priority.CompilerNice;
import dev.reprise.capture.proxy.ProxyServer;
import dev.reprise.capture.record.JournalSink;
import dev.reprise.capture.record.NotRecorded;
import dev.reprise.capture.record.RecordCounters;
import dev.reprise.capture.record.Recorder;
import dev.reprise.format.JournalWriter;
import dev.reprise.format.internal.JournalDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A running capture: the proxy, its recorder and journal, and the admin endpoint, started and
 * stopped together. Stopping drains exchanges in flight, then flushes and closes the journal.
 */
public final class CaptureProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CaptureProxy.class);
    /** The least time the journal gets to take what is queued at stop, even after a drain that used all of its deadline. */
    private static final Duration MIN_JOURNAL_FLUSH = Duration.ofMillis(500);

    private final CaptureConfig config;
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final RecordCounters counters = new RecordCounters();
    private final Recorder recorder;
    private final ProxyServer proxy;
    private final AdminServer admin;
    private final CompilerNice compilerNice;
    private volatile boolean draining;
    private boolean stopped;

    private CaptureProxy(CaptureConfig config, UnaryOperator<JournalSink> sinkWrapper) {
        this.config = config;
        boolean createdJournal = config.recording() && !Files.exists(config.journal());
        if (config.recording()) {
            JournalWriter writer = JournalWriter.create(config.journal())
                    .settings(config.settings())
                    .rollPeriod(config.rollPeriod())
                    .retention(config.retention())
                    .minFreeBytes(config.minFreeDisk())
                    .onRetentionDelete((file, diskBytes, reason) ->
                            log.info("retention deleted {} ({} bytes on disk): {}", file, diskBytes, reason))
                    .open();
            recorder = Recorder.start(sinkWrapper.apply(JournalSink.of(writer)), config.shaper(), config.policy(),
                    counters, config.recordQueue(), config.recordBuffer(), config.recorderNice());
        } else {
            recorder = Recorder.disabled(counters);
        }
        ProxyServer p = null;
        AdminServer a = null;
        try {
            if (config.admin() != null) {
                a = AdminServer.start(config.admin(), new MetricsPage(metrics, recorder), this::notReadyBecause,
                        recorder::problem);
            }
            p = ProxyServer.start(config.proxy(), recorder, metrics, config.maxBodyBytes());
        } catch (RuntimeException e) {
            if (a != null) {
                a.close();
            }
            recorder.close(Duration.ofSeconds(1));
            if (createdJournal) {
                // A failed start leaves nothing behind: the journal directory was this start's own.
                JournalDirectory.deleteCreated(config.journal());
            }
            throw e;
        }
        this.proxy = p;
        this.admin = a;
        this.compilerNice = CompilerNice.start(config.compilerNice());
    }

    /** Why the proxy should not get traffic, or null when it may: it drains, or recording cannot go on. */
    private String notReadyBecause() {
        if (draining) {
            return "draining";
        }
        return recorder.problem();
    }

    public static CaptureProxy start(CaptureConfig config) {
        return new CaptureProxy(config, UnaryOperator.identity());
    }

    /** Starts with the journal seen through a wrapper, to simulate a failing disk. */
    static CaptureProxy start(CaptureConfig config, UnaryOperator<JournalSink> sinkWrapper) {
        return new CaptureProxy(config, sinkWrapper);
    }

    public InetSocketAddress listenAddress() {
        return proxy.listenAddress();
    }

    /** The admin address, or null when there is none. */
    public InetSocketAddress adminAddress() {
        return admin == null ? null : admin.address();
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    public RecordCounters counters() {
        return counters;
    }

    public Recorder recorder() {
        return recorder;
    }

    public String transport() {
        return proxy.transport().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Stops accepting, drains up to the configured deadline, then flushes and closes the journal. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        draining = true;
        int active = proxy.activeConnections();
        if (active > 0) {
            log.info("draining {} connections for up to {}", active, config.drainTimeout());
        }
        long start = System.nanoTime();
        int cut = proxy.shutdown(config.drainTimeout());
        if (cut > 0) {
            log.warn("drain deadline passed: closed {} connections with exchanges still in flight", cut);
        }
        // The journal gets what is left of the drain deadline (at least a moment), whatever the disk does.
        Duration left = config.drainTimeout().minusNanos(System.nanoTime() - start);
        recorder.close(left.compareTo(MIN_JOURNAL_FLUSH) < 0 ? MIN_JOURNAL_FLUSH : left);
        if (admin != null) {
            admin.close();
        }
        compilerNice.close();
        var c = counters;
        StringBuilder reasons = new StringBuilder();
        for (NotRecorded r : NotRecorded.values()) {
            if (c.notRecorded(r) > 0) {
                reasons.append(reasons.length() == 0 ? " (" : ", ").append(r.label()).append(' ').append(c.notRecorded(r));
            }
        }
        log.info("stopped: {} requests forwarded, {} journaled, {} not recorded{}", c.forwarded(), c.journaled(),
                c.forwarded() - c.journaled() - c.queued(), reasons.length() == 0 ? "" : reasons + ")");
    }

    @Override
    public void close() {
        stop();
    }
}
