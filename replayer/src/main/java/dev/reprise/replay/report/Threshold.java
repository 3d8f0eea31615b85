package dev.reprise.replay.report;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.replay.report.ReplayReport.Percentiles;
import dev.reprise.replay.report.ReplayReport.ThresholdResult;
import dev.reprise.replay.report.internal.Units;

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
 * @param limit micros for latency metrics, a fraction for percentages, a count otherwise
 * @param unit  {@code micros}, {@code share} or {@code count}
 */
public record Threshold(String expression, String metric, String comparison, double limit, String unit) {
    public static final String MICROS = "micros";
    public static final String SHARE = "share";
    public static final String COUNT = "count";

    private static final Pattern EXPRESSION = Pattern.compile("\\s*([A-Za-z][A-Za-z0-9.\\-]*)\\s*(>=|<=|>|<)\\s*(\\S+)\\s*");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%");
    private static final Pattern INTEGER = Pattern.compile("\\d+");
    private static final List<String> LATENCIES = List.of("p50", "p75", "p90", "p95", "p99", "p99.9", "max", "mean");
    private static final String LAG = "lag-";
    private static final String KNOWN = "p50, p75, p90, p95, p99, p99.9, max, mean, the same with lag- (lag-p99),"
            + " errors, status-divergence, memory-growth, cpu-per-request-drift, fd-growth";

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
        if (metric.equals("errors") || metric.equals("status-divergence")) {
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
