package dev.reprise.replay.amplify.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as testers write them: one or more number-unit pairs ({@code 2d3h}, {@code 30s},
 * {@code 1.5m}, {@code 100ms}), with an optional leading {@code +} for offsets. Units: d, h, m,
 * s, ms, us, ns.
 */
public final class DurationText {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|ns|d|h|m|s)");

    private DurationText() {
    }

    /** Nanoseconds, or an IllegalArgumentException whose message says what was expected. */
    public static long parseNanos(String text) {
        String s = text.trim();
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (expected e.g. 30s, 10m, 2d3h, 100ms)");
        }
        Matcher m = PART.matcher(s);
        double total = 0;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("'" + text + "' is not a duration (expected e.g. 30s, 10m, 2d3h, 100ms)");
            }
            total += Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
            at = m.end();
        }
        if (total >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
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

    /** The shortest exact form in the units above, e.g. {@code 1h30m}, {@code 100ms}, {@code 0s}. */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long rest = nanos;
        long[] sizes = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
        String[] names = {"d", "h", "m", "s", "ms", "us", "ns"};
        for (int i = 0; i < sizes.length; i++) {
            if (rest >= sizes[i]) {
                b.append(rest / sizes[i]).append(names[i]);
                rest %= sizes[i];
            }
        }
        return b.toString();
    }
}
