package dev.reprise.replay.results;

import dev.reprise.format.InvalidSettingsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ResultCollector} bounds its memory and where it logs intervals.
 *
 * @param hlog             where to write the per-second interval histograms (HdrHistogram log format), or null for none
 * @param maxEndpoints     distinct endpoints tracked; further ones are merged into {@code (other)}
 * @param maxTenants       distinct tenants tracked; further ones are merged into {@code (other)}
 * @param maxDivergenceKinds distinct recorded→actual status pairs tracked; further ones are merged into one kind
 * @param examplesPerKind  example request targets kept per divergence kind
 * @param lagThreshold     send-lag p99 above which the report says the replayer could not keep up
 */
public record CollectorOptions(Path hlog, int maxEndpoints, int maxTenants, int maxDivergenceKinds,
                               int examplesPerKind, Duration lagThreshold) {

    /**
     * Each tracked key holds three or four histograms of up to ~60 KB (latencies spread from
     * microseconds to seconds): at these limits that is about 200 MB at worst, far less when
     * latencies cluster. {@code scripts/bench/collector} measures it.
     */
    public static final int DEFAULT_MAX_ENDPOINTS = 500;
    public static final int DEFAULT_MAX_TENANTS = 500;

    public CollectorOptions {
        if (maxEndpoints < 1 || maxTenants < 1 || maxDivergenceKinds < 1 || examplesPerKind < 0) {
            throw new InvalidSettingsException("collector limits must be positive");
        }
        Objects.requireNonNull(lagThreshold, "lagThreshold");
        if (lagThreshold.isNegative()) {
            throw new InvalidSettingsException("lag threshold must not be negative: " + lagThreshold);
        }
    }

    public static CollectorOptions defaults() {
        return new CollectorOptions(null, DEFAULT_MAX_ENDPOINTS, DEFAULT_MAX_TENANTS, 100, 5, Duration.ofMillis(10));
    }

    public CollectorOptions withHlog(Path path) {
        return new CollectorOptions(path, maxEndpoints, maxTenants, maxDivergenceKinds, examplesPerKind, lagThreshold);
    }

    public CollectorOptions withMaxKeys(int endpoints, int tenants) {
        return new CollectorOptions(hlog, endpoints, tenants, maxDivergenceKinds, examplesPerKind, lagThreshold);
    }

    public CollectorOptions withDivergenceLimits(int kinds, int examples) {
        return new CollectorOptions(hlog, maxEndpoints, maxTenants, kinds, examples, lagThreshold);
    }

    public CollectorOptions withLagThreshold(Duration threshold) {
        return new CollectorOptions(hlog, maxEndpoints, maxTenants, maxDivergenceKinds, examplesPerKind, threshold);
    }
}
