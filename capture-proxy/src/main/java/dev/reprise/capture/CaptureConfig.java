package dev.reprise.capture;

import dev.reprise.capture.proxy.ProxySettings;
import dev.reprise.capture.record.EventShaper;
import dev.reprise.capture.record.RecordPolicy;
import dev.reprise.format.CaptureSettings;
import dev.reprise.format.Retention;
import dev.reprise.format.RollPeriod;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A checked, complete capture configuration, as the command line and config file produce it.
 *
 * @param journal        the journal directory, or null with {@code --no-record}
 * @param admin          where to serve /metrics, /health and /ready, or null for none
 * @param recordQueue    entries the record queue holds before it drops
 * @param recordBuffer   bytes the record queue holds before it drops
 * @param shaper         tenant rules and redaction applied before anything reaches disk
 * @param settings       what the journal header records about this capture
 * @param minFreeDisk    bytes the journal's disk keeps free: below it nothing is appended
 * @param rollPeriod     how often the journal starts a new file
 * @param recorderNice   how many steps of nice the recorder's thread sits below forwarding's (0-19)
 * @param compilerNice   how many steps of nice the JIT compiler threads sit below forwarding's (0-19)
 */
public record CaptureConfig(ProxySettings proxy, Path journal, RecordPolicy policy, int maxBodyBytes,
                            Retention retention, InetSocketAddress admin, Duration drainTimeout,
                            int recordQueue, long recordBuffer, EventShaper shaper, CaptureSettings settings,
                            long minFreeDisk, RollPeriod rollPeriod, int recorderNice, int compilerNice) {
    /** The recorder's nice increment by default: see {@code --recorder-nice}. */
    public static final int DEFAULT_RECORDER_NICE = 0;
    /** The JIT compiler threads' nice increment by default: see {@code --compiler-nice}. */
    public static final int DEFAULT_COMPILER_NICE = 10;

    public CaptureConfig {
        if (recorderNice < 0 || recorderNice > 19) {
            throw new IllegalArgumentException("recorderNice must be 0 to 19");
        }
        if (compilerNice < 0 || compilerNice > 19) {
            throw new IllegalArgumentException("compilerNice must be 0 to 19");
        }
        Objects.requireNonNull(rollPeriod, "rollPeriod");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(shaper, "shaper");
        Objects.requireNonNull(settings, "settings");
        if (minFreeDisk < 0) {
            throw new IllegalArgumentException("minFreeDisk must not be negative");
        }
    }

    /**
     * The recorder at its default priority, and the JIT compilers left as they are: a process
     * that embeds the proxy (a test, another program) keeps its compilers' priority its own.
     */
    public CaptureConfig(ProxySettings proxy, Path journal, RecordPolicy policy, int maxBodyBytes,
                         Retention retention, InetSocketAddress admin, Duration drainTimeout,
                         int recordQueue, long recordBuffer, EventShaper shaper, CaptureSettings settings,
                         long minFreeDisk, RollPeriod rollPeriod) {
        this(proxy, journal, policy, maxBodyBytes, retention, admin, drainTimeout, recordQueue, recordBuffer,
                shaper, settings, minFreeDisk, rollPeriod, DEFAULT_RECORDER_NICE, 0);
    }

    /** Hourly files, the default. */
    public CaptureConfig(ProxySettings proxy, Path journal, RecordPolicy policy, int maxBodyBytes,
                         Retention retention, InetSocketAddress admin, Duration drainTimeout,
                         int recordQueue, long recordBuffer, EventShaper shaper, CaptureSettings settings,
                         long minFreeDisk) {
        this(proxy, journal, policy, maxBodyBytes, retention, admin, drainTimeout, recordQueue, recordBuffer,
                shaper, settings, minFreeDisk, RollPeriod.HOUR);
    }

    public boolean recording() {
        return journal != null;
    }
}
