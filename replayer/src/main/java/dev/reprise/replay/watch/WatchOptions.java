package dev.reprise.replay.watch;

import dev.reprise.format.DurationText;
import dev.reprise.format.InvalidSettingsException;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The watch options of {@code replay}, as a picocli mixin. */
public final class WatchOptions {
    @Option(names = "--watch", paramLabel = "KIND=VALUE",
            description = {"Watch the target's resources during the replay (repeatable): prometheus=URL scrapes its metrics,"
                    + " pid=N reads a process on this host from /proc, cgroup=PATH reads a container's cgroup.",
                    "The report gains a resource timeline, per-request cost, drift tests and whether memory grows with uptime or traffic."})
    List<String> watch = new ArrayList<>();

    @Option(names = "--watch-metric", paramLabel = "NAME",
            description = "Also record this Prometheus series, e.g. http_connections or jvm_memory_used_bytes{area=\"nonheap\"} (repeatable).")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--watch-interval", paramLabel = "DURATION",
            description = "Time between two samples of each watched target (default: 1s, the report's interval).")
    String interval;

    /** The options in force, by name, for the report's controls; empty when nothing is watched. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        if (!watch.isEmpty()) {
            d.put("--watch", List.copyOf(watch));
            d.put("--watch-metric", List.copyOf(metrics));
            d.put("--watch-interval", interval == null ? "1s" : interval);
        }
        return d;
    }

    /** The settings asked for, or null when nothing is watched. */
    public WatchSettings settings() {
        if (watch.isEmpty()) {
            if (!metrics.isEmpty() || interval != null) {
                throw new InvalidSettingsException((metrics.isEmpty() ? "--watch-interval" : "--watch-metric")
                        + " needs --watch");
            }
            return null;
        }
        List<WatchTarget> targets = new ArrayList<>();
        for (String w : watch) {
            WatchTarget t = WatchTarget.parse(w);
            if (targets.contains(t)) {
                throw new InvalidSettingsException("--watch " + t.describe() + " is given twice");
            }
            targets.add(t);
        }
        return new WatchSettings(targets, metrics,
                interval == null ? WatchSettings.DEFAULT_INTERVAL : DurationText.parse(interval));
    }
}
