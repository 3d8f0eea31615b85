package dev.reprise.capture.proxy;

import dev.reprise.capture.admin.ProxyMetrics;
import dev.reprise.capture.record.Recorder;
import dev.reprise.format.EpochNanoClock;

/** What every connection's handlers share: settings, the upstream pool, the recorder and the counters. */
final class ProxyContext {
    final ProxySettings settings;
    final UpstreamPool pool;
    final Recorder recorder;
    final ProxyMetrics metrics;
    final EpochNanoClock clock = EpochNanoClock.system();
    final int maxBodyBytes;
    final UpstreamErrorLog upstreamErrors;
    /** Set once when the proxy stops: exchanges in flight finish, and their connections close. */
    private volatile boolean draining;

    ProxyContext(ProxySettings settings, UpstreamPool pool, Recorder recorder, ProxyMetrics metrics, int maxBodyBytes) {
        this.settings = settings;
        this.pool = pool;
        this.recorder = recorder;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.upstreamErrors = new UpstreamErrorLog(settings.upstreamAuthority());
    }

    boolean draining() {
        return draining;
    }

    void startDraining() {
        draining = true;
    }
}
