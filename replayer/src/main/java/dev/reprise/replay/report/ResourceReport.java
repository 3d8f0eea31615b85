package dev.reprise.replay.report;

import java.util.List;
import java.util.Map;

/**
 * What {@code --watch} saw of the target's resources during the run, one entry per watched target:
 * a per-minute timeline beside the latency timeline, the cost of a request, drift tests, and
 * whether memory grows with uptime or with traffic. Documented in {@code docs/report.md}.
 *
 * @param intervalSeconds time between two samples of a target
 * @param watched         one per {@code --watch}, in the order given
 */
public record ResourceReport(double intervalSeconds, List<Watched> watched) {
    public ResourceReport {
        watched = List.copyOf(watched);
    }

    /**
     * @param target      as given to {@code --watch}, e.g. {@code pid=4242}
     * @param samples     samples taken
     * @param failures    samples that could not be taken (unreachable, unreadable, malformed); the replay went on
     * @param lastFailure why the last failed one failed, or null
     * @param series      the series the target gave, in the order of {@code docs/report.md}
     * @param notes       what limits the analysis, such as a requested metric the target never exposed
     * @param timeline    one row per minute of the run
     * @param memory      how memory moved, and what drove it
     * @param cost        per-request cost over the run, and its drift
     * @param drifts      a drift test per series that holds a level (counters are tested as cost per request)
     */
    public record Watched(String target, long samples, long failures, String lastFailure, List<String> series,
                          List<String> notes, List<Minute> timeline, MemoryGrowth memory, RequestCost cost,
                          List<SeriesDrift> drifts) {
        public Watched {
            series = List.copyOf(series);
            notes = List.copyOf(notes);
            timeline = List.copyOf(timeline);
            drifts = List.copyOf(drifts);
        }

        /** The drift of one series, or null when it was not watched. */
        public SeriesDrift drift(String series) {
            return drifts.stream().filter(d -> d.series().equals(series)).findFirst().orElse(null);
        }
    }

    /**
     * One minute of the run, aligned with the latency timeline's minutes.
     *
     * @param requests              requests the target answered in the minute
     * @param memoryBytes           memory at the minute's last sample
     * @param cpuMillisPerRequest   CPU time used in the minute ÷ requests answered; null when none were
     * @param memoryBytesPerRequest memory change over the minute ÷ requests answered; null when none were
     * @param levels                every other series at the minute's last sample; counters as a rate per second
     */
    public record Minute(int minute, double startSeconds, double seconds, long requests, Double memoryBytes,
                         Double cpuMillisPerRequest, Double memoryBytesPerRequest, Map<String, Double> levels) {
        public Minute {
            levels = Map.copyOf(levels);
        }
    }

    /**
     * @param drivenBy         {@code uptime}, {@code traffic}, {@code steady} (no significant growth) or
     *                         {@code unknown} (too few samples, or no memory series)
     * @param verdict          one plain sentence, e.g. "memory grows with uptime at 41 MiB/h, not with traffic"
     * @param flagged          true when memory rose significantly and by enough to matter
     * @param bytesPerHour     least-squares slope of memory against elapsed time
     * @param rSquaredUptime   how much of memory's variance elapsed time explains (0..1)
     * @param bytesPerRequest  least-squares slope of memory against requests answered
     * @param rSquaredTraffic  how much of memory's variance requests answered explain (0..1)
     * @param trafficSteady    true when requests came at so even a rate that time and traffic cannot be told apart
     * @param startBytes       memory at the first sample
     * @param endBytes         memory at the last sample
     * @param drift            the Mann–Kendall test on memory
     */
    public record MemoryGrowth(String drivenBy, String verdict, boolean flagged, Double bytesPerHour,
                               Double rSquaredUptime, Double bytesPerRequest, Double rSquaredTraffic,
                               boolean trafficSteady, Double startBytes, Double endBytes, SeriesDrift drift) {
    }

    /**
     * @param cpuMillisPerRequest   CPU time used over the run ÷ requests answered
     * @param memoryBytesPerRequest memory growth per request answered (the slope against requests)
     * @param cpuPerRequestDrift    the Mann–Kendall test on CPU per request, per sample interval
     */
    public record RequestCost(Double cpuMillisPerRequest, Double memoryBytesPerRequest, SeriesDrift cpuPerRequestDrift) {
    }

    /**
     * A trend across the run's samples: Theil–Sen slope and a one-sided Mann–Kendall test, the
     * same as the latency timeline's drift, over samples rather than minutes.
     *
     * @param verdict      {@code rising}, {@code steady} or {@code not-enough-samples}
     * @param flagged      significant and large enough to matter
     * @param significant  Mann–Kendall z above 2.33 (a rise at 1% significance), however small
     * @param slopePerHour in the series' unit per hour
     * @param riseOverRun  slope × the run's span
     * @param relativeRise riseOverRun ÷ the median level; null when the level is 0
     */
    public record SeriesDrift(String series, String verdict, boolean flagged, boolean significant, int samples,
                              Double slopePerHour, Double riseOverRun, Double relativeRise, Double z, String summary) {
    }
}
