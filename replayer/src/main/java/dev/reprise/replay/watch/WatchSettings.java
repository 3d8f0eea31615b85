package dev.reprise.replay.watch;

import dev.reprise.format.InvalidSettingsException;

import java.time.Duration;
import java.util.List;

/**
 * What to watch during a replay and how often.
 *
 * @param targets  at least one
 * @param metrics  extra Prometheus series to record ({@code --watch-metric}), as selectors
 * @param interval time between two samples of each target
 */
public record WatchSettings(List<WatchTarget> targets, List<String> metrics, Duration interval) {
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    public static final Duration MAX_INTERVAL = Duration.ofMinutes(10);
    /** The report's own interval: the collector gathers latency every second. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    public WatchSettings {
        targets = List.copyOf(targets);
        metrics = List.copyOf(metrics);
        if (targets.isEmpty()) {
            throw new InvalidSettingsException("a watch needs at least one --watch target");
        }
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new InvalidSettingsException("--watch-interval must be between 100ms and 10m, not " + interval.toMillis() + "ms");
        }
        if (!metrics.isEmpty() && targets.stream().noneMatch(t -> t instanceof WatchTarget.Prometheus)) {
            throw new InvalidSettingsException("--watch-metric reads a Prometheus endpoint: give --watch prometheus=URL too");
        }
    }
}
