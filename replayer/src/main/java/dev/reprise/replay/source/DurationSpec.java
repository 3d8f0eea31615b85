package dev.reprise.replay.source;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as testers write them: {@code 250ms}, {@code 30s}, {@code 1h30m}, {@code 2d3h}.
 * Units are d, h, m, s, ms, us and ns; a bare number is not accepted, so a unit is never guessed.
 */
public final class DurationSpec {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|ns|d|h|m|s)");

    private DurationSpec() {
    }

    /**
     * Nanoseconds in {@code text}.
     *
     * @throws IllegalArgumentException naming the text when it is not a duration
     */
    public static long parseNanos(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration (expected e.g. 30s, 1h30m, 2d3h)");
        }
        Matcher m = PART.matcher(s);
        int at = 0;
        double total = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("'" + text + "' is not a duration (expected e.g. 250ms, 30s, 1h30m, 2d3h)");
            }
            total += Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
            at = m.end();
        }
        if (total > Long.MAX_VALUE / 2.0) {
            throw new IllegalArgumentException("duration '" + text + "' is too long");
        }
        return Math.round(total);
    }

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "d" -> 86_400e9;
            case "h" -> 3_600e9;
            case "m" -> 60e9;
            case "s" -> 1e9;
            case "ms" -> 1e6;
            case "us" -> 1e3;
            default -> 1;
        };
    }

    /** A short human form of a duration, such as {@code 2m05.3s} or {@code 850ms}. */
    public static String format(long nanos) {
        if (nanos < 1_000_000L) {
            return String.format("%.0fus", nanos / 1e3);
        }
        if (nanos < 1_000_000_000L) {
            return String.format("%.1fms", nanos / 1e6);
        }
        double seconds = nanos / 1e9;
        if (seconds < 60) {
            return String.format("%.2fs", seconds);
        }
        long whole = (long) seconds;
        long h = whole / 3600;
        long m = (whole % 3600) / 60;
        double s = seconds - h * 3600 - m * 60;
        return h > 0 ? String.format("%dh%02dm%02.0fs", h, m, s) : String.format("%dm%04.1fs", m, s);
    }
}
