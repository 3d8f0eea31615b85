package dev.reprise.replay.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reprise.replay.report.ErrorKind;
import org.HdrHistogram.AbstractHistogram;

import java.util.List;
import java.util.Map;

/**
 * Everything a replay measured, as written by {@code --report out.json}. Immutable. Field names are
 * part of the tool's interface (documented in {@code docs/report.md}); new fields may be added,
 * existing ones keep their names and units. Latencies are in microseconds, shares are fractions
 * (0.01 is 1%), times are ISO-8601 instants.
 *
 * @param format          {@value #FORMAT}; the suffix changes only when a field changes meaning
 * @param run             what was replayed, against what, with which controls
 * @param totals          counts for the whole run
 * @param latency         the headline histograms: from intended send, from actual send, and send lag
 * @param keepingUp       whether the replayer itself kept to the schedule
 * @param statusClasses   one row per status class seen (2xx, 5xx, error …)
 * @param tracking        how many endpoints and tenants were tracked and how many requests were merged into {@code (other)}
 * @param endpoints       per endpoint, most requests first: staging beside production
 * @param tenants         per tenant, most requests first: staging beside production
 * @param statusDivergence requests whose status differs from the recorded one
 * @param timeline        per-minute figures and the drift across the run
 * @param tenantShares    captured, intended and sent share per tenant (empty unless amplification supplied shares)
 * @param thresholds      the {@code --fail-if} thresholds and whether each was crossed
 * @param hlog            the interval histogram log written, or null
 * @param warnings        problems that did not stop the run but limit what the report can say,
 *                        such as an interval log that could not be written
 * @param fidelity        how closely what was sent followed the capture's timing, concurrency and order;
 *                        null when it was not measured
 * @param resources       what {@code --watch} saw of the target's resources; absent when nothing was watched
 * @param series          per-interval figures and latency curves for the HTML report; null in older reports
 * @param sharding        for a shard of a sharded replay ({@code --shard}) or a merge of shards: which shards,
 *                        their common start and how ready each was; null otherwise
 * @param histograms      the histograms behind the percentiles, so that shards merge exactly; present in a
 *                        shard's report and a merged one, null otherwise
 */
public record ReplayReport(String format, Run run, Totals totals, Latency latency, KeepingUp keepingUp,
                           List<StatusClassRow> statusClasses, Tracking tracking,
                           List<KeyedRow> endpoints, List<KeyedRow> tenants,
                           Divergence statusDivergence, Timeline timeline,
                           List<TenantShare> tenantShares, List<ThresholdResult> thresholds, String hlog,
                           List<String> warnings, Fidelity fidelity,
                           @JsonInclude(JsonInclude.Include.NON_NULL) ResourceReport resources, ReplaySeries series,
                           Sharding sharding, Histograms histograms) {

    public static final String FORMAT = "reprise-replay-report/1";

    public ReplayReport {
        statusClasses = List.copyOf(statusClasses);
        endpoints = List.copyOf(endpoints);
        tenants = List.copyOf(tenants);
        tenantShares = List.copyOf(tenantShares);
        thresholds = List.copyOf(thresholds);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A report without resources, series or sharding. */
    public ReplayReport(String format, Run run, Totals totals, Latency latency, KeepingUp keepingUp,
                        List<StatusClassRow> statusClasses, Tracking tracking, List<KeyedRow> endpoints,
                        List<KeyedRow> tenants, Divergence statusDivergence, Timeline timeline,
                        List<TenantShare> tenantShares, List<ThresholdResult> thresholds, String hlog,
                        List<String> warnings, Fidelity fidelity) {
        this(format, run, totals, latency, keepingUp, statusClasses, tracking, endpoints, tenants, statusDivergence,
                timeline, tenantShares, thresholds, hlog, warnings, fidelity, null, null, null, null);
    }

    /** A report without a fidelity section or series, of a run that watched nothing (as written before those existed). */
    public ReplayReport(String format, Run run, Totals totals, Latency latency, KeepingUp keepingUp,
                        List<StatusClassRow> statusClasses, Tracking tracking, List<KeyedRow> endpoints,
                        List<KeyedRow> tenants, Divergence statusDivergence, Timeline timeline,
                        List<TenantShare> tenantShares, List<ThresholdResult> thresholds, String hlog,
                        List<String> warnings) {
        this(format, run, totals, latency, keepingUp, statusClasses, tracking, endpoints, tenants, statusDivergence,
                timeline, tenantShares, thresholds, hlog, warnings, null, null, null, null, null);
    }

    /** This report with the outcome of the given thresholds recorded in it. */
    public ReplayReport withThresholds(List<ThresholdResult> results) {
        return new ReplayReport(format, run, totals, latency, keepingUp, statusClasses, tracking, endpoints,
                tenants, statusDivergence, timeline, tenantShares, results, hlog, warnings, fidelity, resources, series,
                sharding, histograms);
    }

    /**
     * This report with a fidelity section, and the keeping-up verdict judged again now that the
     * send lag can be split between the replayer and a target holding its connections.
     */
    public ReplayReport withFidelity(Fidelity measured) {
        KeepingUp judged = measured == null || measured.sendLag() == null ? keepingUp
                : KeepingUpVerdict.judge(latency, keepingUp.lagThresholdMicros(), keepingUp.lagGrowing(), measured.sendLag());
        return new ReplayReport(format, run, totals, latency, judged, statusClasses, tracking, endpoints,
                tenants, statusDivergence, timeline, tenantShares, thresholds, hlog, warnings, measured, resources, series,
                sharding, histograms);
    }

    /** This report with one more warning. */
    public ReplayReport withWarning(String warning) {
        List<String> all = new java.util.ArrayList<>(warnings);
        all.add(warning);
        return new ReplayReport(format, run, totals, latency, keepingUp, statusClasses, tracking, endpoints,
                tenants, statusDivergence, timeline, tenantShares, thresholds, hlog, all, fidelity, resources, series,
                sharding, histograms);
    }

    /** This report with what the watch saw of the target's resources. */
    public ReplayReport withResources(ResourceReport watched) {
        return new ReplayReport(format, run, totals, latency, keepingUp, statusClasses, tracking, endpoints,
                tenants, statusDivergence, timeline, tenantShares, thresholds, hlog, warnings, fidelity, watched, series,
                sharding, histograms);
    }

    /** This report as one shard's: which shard, how it started, and its histograms for the merge. */
    public ReplayReport withSharding(Sharding shard, Histograms kept) {
        return new ReplayReport(format, run, totals, latency, keepingUp, statusClasses, tracking, endpoints,
                tenants, statusDivergence, timeline, tenantShares, thresholds, hlog, warnings, fidelity, resources, series,
                shard, kept);
    }

    /** True when any {@code --fail-if} threshold was crossed: the CLI then exits with code 3. */
    @JsonIgnore
    public boolean anyThresholdCrossed() {
        return thresholds.stream().anyMatch(ThresholdResult::crossed);
    }

    /**
     * @param targets         the targets replayed against
     * @param journals        the journals read
     * @param from            start of the replayed window on the capture's timeline, or null for the journal's start
     * @param to              end of the window, or null for the journal's end
     * @param speed           the speed factor, or null when sending as fast as possible ({@code --max-rate})
     * @param controls        every control in force, by option name, so the run can be repeated exactly
     * @param startedAt       when the replay started
     * @param endedAt         when it ended
     * @param durationSeconds wall-clock length of the run
     * @param endedEarly      true when the run was interrupted before the plan was exhausted
     * @param controlsSet     the names of the controls given on the command line (the rest are at their defaults)
     */
    public record Run(List<String> targets, List<String> journals, String from, String to, Double speed,
                      Map<String, Object> controls, String startedAt, String endedAt, double durationSeconds,
                      boolean endedEarly, List<String> controlsSet) {
        public Run {
            controlsSet = controlsSet == null ? null : List.copyOf(controlsSet);
        }

        public Run(List<String> targets, List<String> journals, String from, String to, Double speed,
                   Map<String, Object> controls, String startedAt, String endedAt, double durationSeconds,
                   boolean endedEarly) {
            this(targets, journals, from, to, speed, controls, startedAt, endedAt, durationSeconds, endedEarly, null);
        }
    }

    /**
     * @param requests          exchanges replayed (answered or failed)
     * @param responses         exchanges that got a response
     * @param errors            exchanges that got none
     * @param errorRate         errors ÷ requests
     * @param errorsByKind      errors by kind; every kind is present, zero included
     * @param responseBytes     response bytes received
     * @param throughputPerSecond requests ÷ run duration
     */
    public record Totals(long requests, long responses, long errors, double errorRate,
                         Map<ErrorKind, Long> errorsByKind, long responseBytes, double throughputPerSecond) {
    }

    /**
     * @param fromIntended latency from the intended send time to the response's last byte: the headline figure,
     *                     free of coordinated omission
     * @param fromSend     latency from the actual send: what the target alone took
     * @param sendLag      actual send minus intended send: how late the replayer was
     * @param production   production's latency for the same requests, from the captured timings (count 0 if unknown)
     */
    public record Latency(Percentiles fromIntended, Percentiles fromSend, Percentiles sendLag, Percentiles production) {
    }

    /** A latency distribution in microseconds; all values 0 when {@code count} is 0. */
    public record Percentiles(long count, long p50Micros, long p75Micros, long p90Micros, long p95Micros,
                              long p99Micros, long p999Micros, long maxMicros, double meanMicros) {
        public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** The distribution of a histogram whose values are microseconds. */
        public static Percentiles of(AbstractHistogram h) {
            if (h.getTotalCount() == 0) {
                return EMPTY;
            }
            return new Percentiles(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(75),
                    h.getValueAtPercentile(90), h.getValueAtPercentile(95), h.getValueAtPercentile(99),
                    h.getValueAtPercentile(99.9), h.getMaxValue(), h.getMean());
        }
    }

    /**
     * @param replayerBehind            true when the replayer could not keep to the schedule: its own send-lag
     *                                  p99 (or, when that is not known, the whole send lag's) above the
     *                                  threshold, or send lag growing across the run
     * @param targetSlowerThanProduction true when the target's own latency (from send) p99 is more than twice
     *                                  production's; null when production latency is unknown
     * @param sendLagP99Micros          send-lag p99 over the run
     * @param lagThresholdMicros        the threshold it was held to
     * @param lagGrowing                true when the send-lag drift was flagged
     * @param verdict                   one plain sentence for the reader
     * @param replayerLagP99Micros      the replayer's own part of the send lag, p99: lag not spent waiting for the
     *                                  previous response on the same connection; null when not measured
     * @param heldByTarget              requests that went out late because the target had not yet answered the
     *                                  previous request on their connection; null when not measured
     * @param targetHeldConnections     true when the send lag was the target's doing: its p99 above the threshold
     *                                  while the replayer's own part stayed below it
     */
    public record KeepingUp(boolean replayerBehind, Boolean targetSlowerThanProduction, long sendLagP99Micros,
                            long lagThresholdMicros, boolean lagGrowing, String verdict, Long replayerLagP99Micros,
                            Long heldByTarget, boolean targetHeldConnections) {
        public KeepingUp(boolean replayerBehind, Boolean targetSlowerThanProduction, long sendLagP99Micros,
                         long lagThresholdMicros, boolean lagGrowing, String verdict) {
            this(replayerBehind, targetSlowerThanProduction, sendLagP99Micros, lagThresholdMicros, lagGrowing, verdict,
                    null, null, false);
        }
    }

    /** @param latency from intended send; for {@code error}, the time until the error was seen */
    public record StatusClassRow(String statusClass, long count, double share, Percentiles latency) {
    }

    /** Tracking is bounded: keys beyond the limits are merged into the row named {@code (other)}. */
    public record Tracking(int maxEndpoints, int endpointsTracked, long endpointRequestsMerged,
                           int maxTenants, int tenantsTracked, long tenantRequestsMerged) {
    }

    /**
     * One endpoint or tenant.
     *
     * @param staging         staging latency from intended send
     * @param stagingFromSend staging latency from actual send, which is what production's figure measures
     * @param production      production latency of the same requests, from the captured timings
     * @param ratio           stagingFromSend ÷ production; null where production is unknown
     * @param compared        requests with a recorded status to compare against
     * @param divergent       of those, requests whose status differed
     */
    public record KeyedRow(String key, long requests, long errors, long compared, long divergent,
                           Percentiles staging, Percentiles stagingFromSend, Percentiles production, Ratios ratio) {
    }

    /** Staging ÷ production at each percentile; a value is null where production's is 0. */
    public record Ratios(Double p50, Double p90, Double p99, Double max) {
        public static Ratios of(Percentiles staging, Percentiles production) {
            if (production == null || production.count() == 0 || staging.count() == 0) {
                return null;
            }
            return new Ratios(ratio(staging.p50Micros(), production.p50Micros()),
                    ratio(staging.p90Micros(), production.p90Micros()),
                    ratio(staging.p99Micros(), production.p99Micros()),
                    ratio(staging.maxMicros(), production.maxMicros()));
        }

        private static Double ratio(long staging, long production) {
            return production <= 0 ? null : (double) staging / production;
        }
    }

    /**
     * @param compared    requests with a recorded status
     * @param divergent   of those, requests whose status (or error) differed
     * @param share       divergent ÷ compared
     * @param kinds       by kind, most frequent first
     * @param kindsMerged true when there were more kinds than tracked and the rest were merged into {@code other}
     */
    public record Divergence(long compared, long divergent, double share, List<DivergenceKind> kinds,
                             boolean kindsMerged) {
        public Divergence {
            kinds = List.copyOf(kinds);
        }
    }

    /**
     * @param kind     e.g. {@code 200→500} or {@code 200→RESET}
     * @param recorded production's status
     * @param actual   the target's status, or the error kind when it did not answer
     * @param share    count ÷ compared
     * @param examples a few request targets of this kind, as sent
     */
    public record DivergenceKind(String kind, int recorded, String actual, long count, double share,
                                 List<String> examples) {
        public DivergenceKind {
            examples = List.copyOf(examples);
        }
    }

    /**
     * @param minutes    one row per minute of the run
     * @param p99        drift of the per-minute p99 (from intended)
     * @param errorRate  drift of the per-minute error rate
     * @param sendLagP99 drift of the per-minute send-lag p99
     * @param truncated  true when the run outlasted the timeline's bound and later minutes were not kept
     */
    public record Timeline(List<MinuteRow> minutes, Drift p99, Drift errorRate, Drift sendLagP99, boolean truncated) {
        public Timeline {
            minutes = List.copyOf(minutes);
        }
    }

    /**
     * @param minute        0 for the run's first minute
     * @param startSeconds  offset of the minute from the run's start
     * @param seconds       its length (the last one is usually shorter)
     */
    public record MinuteRow(int minute, double startSeconds, double seconds, long requests, long errors,
                            double throughputPerSecond, double errorRate, long p50Micros, long p99Micros,
                            long sendLagP99Micros) {
    }

    /**
     * A trend across the run's minutes: Theil–Sen slope, and a Mann–Kendall test of whether it rises.
     *
     * @param verdict        {@code rising}, {@code steady} or {@code not-enough-minutes}
     * @param flagged        true when the rise is both statistically significant and large enough to matter
     * @param minutes        minutes the trend was computed over
     * @param minMinutes     minutes needed before any trend is claimed
     * @param slopePerMinute median pairwise slope, in the metric's unit per minute; null if not computed
     * @param riseOverRun    slope × span: how much the metric rose from the first to the last minute
     * @param relativeRise   riseOverRun ÷ the median level; null when the level is 0
     * @param z              Mann–Kendall statistic; above 2.33 is a rise at 1% significance
     * @param summary        one plain sentence
     */
    public record Drift(String metric, String verdict, boolean flagged, int minutes, int minMinutes,
                        Double slopePerMinute, Double riseOverRun, Double relativeRise, Double z, String summary) {
    }

    /**
     * @param capturedShare the tenant's share of the captured window, as supplied by amplification; null if not supplied
     * @param intendedShare the share amplification aimed for; null if not supplied
     * @param sentShare     the share of requests actually replayed for the tenant; null if it was not tracked
     * @param sent          requests replayed for the tenant
     */
    public record TenantShare(String tenant, Double capturedShare, Double intendedShare, Double sentShare, long sent) {
    }

    /**
     * @param expression the expression as given, e.g. {@code p99>250ms}
     * @param metric     e.g. {@code p99}, {@code errors}
     * @param comparison {@code >}, {@code >=}, {@code <} or {@code <=}
     * @param limit      in {@code unit}
     * @param actual     the measured value in {@code unit}; null when there was nothing to measure
     * @param unit       {@code micros}, {@code share} (a fraction) or {@code count}
     * @param crossed    true when the measured value crossed the limit, or there was nothing to measure
     * @param note       why, when there was nothing to measure
     */
    public record ThresholdResult(String expression, String metric, String comparison, double limit, Double actual,
                                  String unit, boolean crossed, String note) {
    }

    /**
     * How closely what was actually sent followed the capture. The reference ("captured") is the
     * plan: the journal's window as read, after any amplification or {@code --rate} retiming, with
     * its timing scaled by {@code --speed}. For an as-captured replay that is the journal itself.
     *
     * @param interArrival    time between consecutive requests, all connections together
     * @param openConnections connections open at once, over time
     * @param inFlight        requests sent and not yet answered, over time
     * @param order           requests of one captured connection sent out of their captured order
     * @param sendLag         the send lag split between the replayer and a target holding connections
     * @param truncatedBodies requests whose body the capture truncated, and what was done with them
     */
    public record Fidelity(InterArrival interArrival, Concurrency openConnections, Concurrency inFlight,
                           ConnectionOrder order, SendLagSplit sendLag, TruncatedBodies truncatedBodies) {
    }

    /**
     * @param captured   the captured inter-arrival distribution (µs), scaled by the speed
     * @param sent       the distribution of what was sent (µs)
     * @param ksDistance Kolmogorov–Smirnov distance between the two: the largest gap between their
     *                   cumulative distributions, 0 (identical) to 1; null when either is empty or
     *                   under {@code --max-rate}, which has no schedule
     * @param note       why there is no distance, or null
     */
    public record InterArrival(Percentiles captured, Percentiles sent, Double ksDistance, String note) {
    }

    /**
     * A level over time (connections open, requests in flight), weighted by time.
     *
     * @param p99Ratio sent p99 ÷ captured p99; null when captured p99 is 0
     */
    public record Concurrency(Level captured, Level sent, Double p99Ratio) {
    }

    /** @param mean the time-weighted mean level */
    public record Level(long p50, long p99, long max, double mean) {
        public static final Level EMPTY = new Level(0, 0, 0, 0);
    }

    /**
     * @param connections connections whose requests were checked
     * @param requests    requests checked (sent, on a connection with an identity)
     * @param violations  requests sent before one that came earlier on their captured connection, or after a later one
     */
    public record ConnectionOrder(long connections, long requests, long violations) {
    }

    /**
     * @param replayer       the replayer's own lag (µs): actual send minus the later of the due time and the end of
     *                       the previous response on the connection
     * @param heldByTarget   requests that were due while the previous request on their connection was unanswered
     * @param heldShare      heldByTarget ÷ requests measured
     */
    public record SendLagSplit(Percentiles replayer, long heldByTarget, double heldShare) {
    }

    /**
     * @param mode     {@code skip} (not sent) or {@code pad} (sent with the stored prefix and a filler to the true length)
     * @param filler   the filler byte when padding, e.g. {@code 0x20 (space)}
     * @param requests requests whose stored body was shorter than the body production received
     * @param bytes    bytes of filler sent (pad) or of bodies not sent (skip)
     */
    public record TruncatedBodies(String mode, String filler, long requests, long bytes) {
    }

    /**
     * @param count    N of {@code --shard i/N}
     * @param shards   the shards this report holds: one for a shard's report, all of them for a merged one
     * @param startAt  the shared start ({@code --start-at}), or null when the shards started on their own
     * @param starts   how each shard started, by index
     */
    public record Sharding(int count, List<Integer> shards, String startAt, List<ShardStart> starts) {
        public Sharding {
            shards = List.copyOf(shards);
            starts = List.copyOf(starts);
        }
    }

    /**
     * @param index                 the shard
     * @param planReadyMarginMicros time left before {@code --start-at} once the shard's plan was open and read;
     *                              null without a start instant
     * @param readyMarginMicros     time left once its first connections were open too: how much sooner it
     *                              could have started; null without a start instant
     * @param clock                 what the shard's machine said about its clock
     * @param host                  the machine the shard ran on
     */
    public record ShardStart(int index, Long planReadyMarginMicros, Long readyMarginMicros, ClockStatus clock, String host) {
    }

    /**
     * What a machine can tell about its own wall clock; see {@code docs/scale-out.md} for what it
     * can and cannot say about the shards' clocks agreeing.
     *
     * @param source         {@code chronyc}, {@code timedatectl} or {@code none}
     * @param synchronised   whether the time daemon considers the clock synchronised; null if unknown
     * @param offsetMicros   the daemon's estimate of the clock's offset from its reference; null if unknown
     * @param maxErrorMicros a bound on the clock's error the daemon implies; null if unknown
     */
    public record ClockStatus(String source, Boolean synchronised, Long offsetMicros, Long maxErrorMicros, String note) {
    }

    /**
     * The histograms behind the report's percentiles, each an HdrHistogram in its compressed
     * encoding, base64 ({@code encodeIntoCompressedByteBuffer}), values in microseconds. Adding a
     * shard's histograms to another's gives exactly the histogram of the two runs together.
     *
     * @param overall       {@code fromIntended}, {@code fromSend}, {@code sendLag}, {@code production}
     * @param statusClasses by status class label, latency from intended send
     * @param endpoints     by endpoint key
     * @param tenants       by tenant key
     * @param minutes       by minute of the timeline
     * @param fidelity      {@code capturedGaps}, {@code sentGaps}, {@code replayerLag} (absent when not measured)
     */
    public record Histograms(Map<String, String> overall, Map<String, String> statusClasses,
                             Map<String, KeyedHistograms> endpoints, Map<String, KeyedHistograms> tenants,
                             List<MinuteHistograms> minutes, Map<String, String> fidelity) {
        public Histograms {
            overall = overall == null ? Map.of() : Map.copyOf(overall);
            statusClasses = statusClasses == null ? Map.of() : Map.copyOf(statusClasses);
            endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
            tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
            minutes = minutes == null ? List.of() : List.copyOf(minutes);
            fidelity = fidelity == null ? Map.of() : Map.copyOf(fidelity);
        }
    }

    /** One endpoint's or tenant's histograms; {@code production} is null when production's latency was unknown. */
    public record KeyedHistograms(String staging, String stagingFromSend, String production) {
    }

    /** One minute of the timeline: latency from intended send, and send lag. */
    public record MinuteHistograms(int minute, String fromIntended, String sendLag) {
    }
}
