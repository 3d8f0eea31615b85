package dev.reprise.replay.report;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.replay.report.ReplayReport.Percentiles;
import dev.reprise.replay.report.ReplayReport.ThresholdResult;
import dev.reprise.cli.Units;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --fail-if} expression: a metric, a comparison and a limit, such as {@code p99>250ms},
 * {@code lag-p99>50ms}, {@code errors>1%} or {@code status-divergence>=10}.
 *
 * <p>Latency metrics ({@code p50 p75 p90 p95 p99 p99.9 max mean}) read latency from intended send;
 * with the prefix {@code lag-} they read send lag. They take a duration with a unit (us, ms, s, m).
 * {@code errors} and {@code status-divergence} take a percentage ({@code 1%}) or a count ({@code 10}).
 *
 * <p>Fidelity metrics read the report's fidelity section and take a plain number:
 * {@code fidelity-ks} (the inter-arrival KS distance, 0 to 1), {@code concurrency-p50-ratio},
 * {@code concurrency-p99-ratio}, {@code concurrency-max-ratio} (requests in flight, sent ÷
 * captured), the same with {@code connections-} (connections open), and {@code order-violations}
 * (a count, or a percentage of the requests checked).
 *
 * @param limit micros for latency metrics, a fraction for percentages, a count or plain number otherwise
 * @param unit  {@code micros}, {@code share}, {@code count} or {@code ratio}
 */
public record Threshold(String expression, String metric, String comparison, double limit, String unit) {
    public static final String MICROS = "micros";
    public static final String SHARE = "share";
    public static final String COUNT = "count";
    public static final String RATIO = "ratio";

    private static final Pattern EXPRESSION = Pattern.compile("\\s*([A-Za-z][A-Za-z0-9.\\-]*)\\s*(>=|<=|>|<)\\s*(\\S+)\\s*");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%");
    private static final Pattern INTEGER = Pattern.compile("\\d+");
    private static final List<String> LATENCIES = List.of("p50", "p75", "p90", "p95", "p99", "p99.9", "max", "mean");
    private static final String LAG = "lag-";
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final Pattern CONCURRENCY = Pattern.compile("(concurrency|connections)-(p50|p99|max)-ratio");
    private static final String KNOWN = "p50, p75, p90, p95, p99, p99.9, max, mean, the same with lag- (lag-p99),"
            + " errors, status-divergence, fidelity-ks, concurrency-p99-ratio (also p50, max),"
            + " connections-p99-ratio (also p50, max), order-violations, memory-growth, cpu-per-request-drift, fd-growth";

    /** Parses one expression; a bad one gets an {@link IllegalArgumentException} whose message names it. */
    public static Threshold parse(String expression) {
        Matcher m = EXPRESSION.matcher(expression == null ? "" : expression);
        if (!m.matches()) {
            throw bad(expression, "expected METRIC>LIMIT, such as p99>250ms or errors>1%");
        }
        String metric = m.group(1).toLowerCase(Locale.ROOT);
        String comparison = m.group(2);
        String value = m.group(3).toLowerCase(Locale.ROOT);
        String base = metric.startsWith(LAG) ? metric.substring(LAG.length()) : metric;
        if (LATENCIES.contains(base)) {
            OptionalDouble micros = Units.parseMicros(value);
            if (micros.isEmpty()) {
                throw bad(expression, "'" + m.group(3) + "' is not a duration; give a number and a unit, such as 250ms, 2s or 800us");
            }
            return new Threshold(expression.trim(), metric, comparison, micros.getAsDouble(), MICROS);
        }
        if (metric.equals("fidelity-ks") || CONCURRENCY.matcher(metric).matches()) {
            if (!NUMBER.matcher(value).matches()) {
                throw bad(expression, "'" + m.group(3) + "' is not a number; give one such as 0.05 or 0.9");
            }
            double limit = Double.parseDouble(value);
            if (metric.equals("fidelity-ks") && limit > 1) {
                throw bad(expression, "a KS distance is between 0 and 1");
            }
            return new Threshold(expression.trim(), metric, comparison, limit, RATIO);
        }
        if (metric.equals("errors") || metric.equals("status-divergence") || metric.equals("order-violations")) {
            Matcher p = PERCENT.matcher(value);
            if (p.matches()) {
                double percent = Double.parseDouble(p.group(1));
                if (percent > 100) {
                    throw bad(expression, "a share cannot exceed 100%");
                }
                return new Threshold(expression.trim(), metric, comparison, percent / 100, SHARE);
            }
            if (INTEGER.matcher(value).matches()) {
                return new Threshold(expression.trim(), metric, comparison, Double.parseDouble(value), COUNT);
            }
            throw bad(expression, "'" + m.group(3) + "' is neither a percentage (1%) nor a count (10)");
        }
        if (ResourceThreshold.METRICS.contains(metric)) {
            return ResourceThreshold.parse(expression, metric, comparison, m.group(3));
        }
        throw bad(expression, "unknown metric '" + m.group(1) + "' (known: " + KNOWN + ")");
    }

    private static InvalidSettingsException bad(String expression, String why) {
        return new InvalidSettingsException("bad --fail-if '" + expression + "': " + why);
    }

    /** Whether the report crossed this threshold. With nothing to measure, it counts as crossed: a gate must not pass on no evidence. */
    public ThresholdResult evaluate(ReplayReport report) {
        if (ResourceThreshold.METRICS.contains(metric)) {
            return ResourceThreshold.evaluate(this, report);
        }
        Double actual;
        String note = null;
        if (unit.equals(MICROS)) {
            boolean lag = metric.startsWith(LAG);
            Percentiles p = lag ? report.latency().sendLag() : report.latency().fromIntended();
            String base = lag ? metric.substring(LAG.length()) : metric;
            if (p.count() == 0) {
                actual = null;
                note = lag ? "no send lag measured" : "no responses to measure";
            } else {
                actual = base.equals("mean") ? p.meanMicros() : (double) percentile(base).applyAsLong(p);
            }
        } else if (unit.equals(RATIO) || metric.equals("order-violations")) {
            ReplayReport.Fidelity f = report.fidelity();
            if (f == null) {
                actual = null;
                note = "fidelity was not measured";
            } else if (metric.equals("order-violations")) {
                long checked = f.order().requests();
                actual = checked == 0 ? null : unit.equals(SHARE) ? (double) f.order().violations() / checked
                        : (double) f.order().violations();
                note = checked == 0 ? "no requests sent to check" : null;
            } else if (metric.equals("fidelity-ks")) {
                actual = f.interArrival().ksDistance();
                note = actual == null ? f.interArrival().note() : null;
            } else {
                Matcher c = CONCURRENCY.matcher(metric);
                c.matches();
                ReplayReport.Concurrency level = c.group(1).equals("connections") ? f.openConnections() : f.inFlight();
                long captured = statOf(level.captured(), c.group(2));
                actual = captured == 0 ? null : (double) statOf(level.sent(), c.group(2)) / captured;
                note = captured == 0 ? "the capture's " + c.group(2) + " is 0" : null;
            }
        } else if (metric.equals("errors")) {
            long requests = report.totals().requests();
            actual = requests == 0 ? null : unit.equals(SHARE) ? report.totals().errorRate() : (double) report.totals().errors();
            note = requests == 0 ? "no requests replayed" : null;
        } else {
            long compared = report.statusDivergence().compared();
            actual = compared == 0 ? null : unit.equals(SHARE) ? report.statusDivergence().share()
                    : (double) report.statusDivergence().divergent();
            note = compared == 0 ? "no recorded statuses to compare with" : null;
        }
        boolean crossed = actual == null || crosses(actual);
        return new ThresholdResult(expression, metric, comparison, limit, actual, unit, crossed, note);
    }

    private static long statOf(ReplayReport.Level level, String stat) {
        return switch (stat) {
            case "p50" -> level.p50();
            case "p99" -> level.p99();
            default -> level.max();
        };
    }

    private boolean crosses(double actual) {
        return switch (comparison) {
            case ">" -> actual > limit;
            case ">=" -> actual >= limit;
            case "<" -> actual < limit;
            case "<=" -> actual <= limit;
            default -> throw new IllegalStateException(comparison);
        };
    }

    private static ToLongFunction<Percentiles> percentile(String name) {
        return switch (name) {
            case "p50" -> Percentiles::p50Micros;
            case "p75" -> Percentiles::p75Micros;
            case "p90" -> Percentiles::p90Micros;
            case "p95" -> Percentiles::p95Micros;
            case "p99" -> Percentiles::p99Micros;
            case "p99.9" -> Percentiles::p999Micros;
            case "max" -> Percentiles::maxMicros;
            default -> throw new IllegalStateException(name);
        };
    }
}
