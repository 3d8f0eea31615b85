package dev.reprise.replay.report;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.SizeText;
import dev.reprise.replay.report.ReplayReport.ThresholdResult;
import dev.reprise.replay.report.ResourceReport.SeriesDrift;
import dev.reprise.replay.report.ResourceReport.Watched;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --fail-if} metrics that read the watched resources:
 * <ul>
 * <li>{@code memory-growth>50MiB/h}: memory's growth per hour (the fit against time), counted
 *     only when the Mann–Kendall test finds memory rising, so noise never trips the gate;</li>
 * <li>{@code cpu-per-request-drift>10%}: CPU per request's rise over the run ÷ its median level,
 *     when significant;</li>
 * <li>{@code fd-growth>0}: open descriptors' rise over the run, when significant.</li>
 * </ul>
 * With several targets watched, the worst counts. With nothing watched, nothing was measured and
 * the gate counts as crossed, as every gate does without evidence.
 */
final class ResourceThreshold {
    static final String MEMORY_GROWTH = "memory-growth";
    static final String CPU_DRIFT = "cpu-per-request-drift";
    static final String FD_GROWTH = "fd-growth";
    static final List<String> METRICS = List.of(MEMORY_GROWTH, CPU_DRIFT, FD_GROWTH);
    static final String BYTES_PER_HOUR = "bytes-per-hour";

    private static final Pattern RATE = Pattern.compile("([^/]+)/(s|sec|m|min|h|hour|d|day)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%");
    private static final Pattern INTEGER = Pattern.compile("\\d+");

    private ResourceThreshold() {
    }

    static Threshold parse(String expression, String metric, String comparison, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        switch (metric) {
            case MEMORY_GROWTH: {
                Matcher m = RATE.matcher(value);
                if (!m.matches()) {
                    throw bad(expression, "'" + value + "' is not a growth rate; give a size per time, such as 50MiB/h or 1GiB/d");
                }
                long bytes;
                try {
                    bytes = SizeText.parse(m.group(1));
                } catch (InvalidSettingsException e) {
                    throw bad(expression, e.getMessage());
                }
                double perHour = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "s", "sec" -> 3600;
                    case "m", "min" -> 60;
                    case "h", "hour" -> 1;
                    default -> 1 / 24.0;
                };
                return new Threshold(expression.trim(), metric, comparison, bytes * perHour, BYTES_PER_HOUR);
            }
            case CPU_DRIFT: {
                Matcher p = PERCENT.matcher(v);
                if (!p.matches()) {
                    throw bad(expression, "'" + value + "' is not a percentage, such as 10%");
                }
                return new Threshold(expression.trim(), metric, comparison, Double.parseDouble(p.group(1)) / 100, Threshold.SHARE);
            }
            default: {
                if (!INTEGER.matcher(v).matches()) {
                    throw bad(expression, "'" + value + "' is not a count of descriptors, such as 0");
                }
                return new Threshold(expression.trim(), metric, comparison, Double.parseDouble(v), Threshold.COUNT);
            }
        }
    }

    /** The worst value over the watched targets, or null with a note when there is nothing to judge. */
    static ThresholdResult evaluate(Threshold t, ReplayReport report) {
        ResourceReport resources = report.resources();
        if (resources == null || resources.watched().isEmpty()) {
            return result(t, null, "nothing watched: give --watch to measure " + t.metric());
        }
        Function<Watched, Double> value = switch (t.metric()) {
            case MEMORY_GROWTH -> w -> w.memory().drift() == null ? null
                    : w.memory().drift().significant() ? w.memory().bytesPerHour() : 0.0;
            case CPU_DRIFT -> w -> significantOrZero(w.cost().cpuPerRequestDrift(), SeriesDrift::relativeRise);
            default -> w -> {
                Double rise = significantOrZero(w.drift("fds"), SeriesDrift::riseOverRun);
                return rise == null ? null : (double) Math.round(rise);
            };
        };
        Double worst = null;
        for (Watched w : resources.watched()) {
            Double v = value.apply(w);
            if (v != null && (worst == null || v > worst)) {
                worst = v;
            }
        }
        return result(t, worst, worst == null ? "no watched target gave enough samples of what " + t.metric() + " reads" : null);
    }

    private static Double significantOrZero(SeriesDrift d, Function<SeriesDrift, Double> value) {
        if (d == null || d.z() == null) {
            return null;
        }
        Double v = value.apply(d);
        return d.significant() && v != null ? v : 0.0;
    }

    private static ThresholdResult result(Threshold t, Double actual, String note) {
        boolean crossed = actual == null || switch (t.comparison()) {
            case ">" -> actual > t.limit();
            case ">=" -> actual >= t.limit();
            case "<" -> actual < t.limit();
            default -> actual <= t.limit();
        };
        return new ThresholdResult(t.expression(), t.metric(), t.comparison(), t.limit(), actual, t.unit(), crossed, note);
    }

    private static InvalidSettingsException bad(String expression, String why) {
        return new InvalidSettingsException("bad --fail-if '" + expression + "': " + why);
    }
}
