package dev.reprise.tools.internal;

import picocli.CommandLine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations written as whole numbers with units, combined: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 7d}, {@code 1h30m}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String v = value.trim();
        Matcher m = PART.matcher(v);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < v.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration (use e.g. 500ms, 30s, 10m, 2h, 7d or 1h30m)");
            }
            long n = Long.parseLong(m.group(1));
            Duration part = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            total = total.plus(part);
            at = m.end();
        }
        if (v.isEmpty()) {
            throw new CommandLine.TypeConversionException("an empty duration (use e.g. 30s, 10m, 2h or 7d)");
        }
        return total;
    }

    /** "7d 2h", "1h 30m", "42s", "250ms": the two largest units, for reports. */
    public static String format(long nanos) {
        if (nanos < 1_000_000_000L) {
            return nanos >= 1_000_000 ? (nanos / 1_000_000) + "ms" : nanos >= 1_000 ? (nanos / 1_000) + "µs" : nanos + "ns";
        }
        long s = nanos / 1_000_000_000L;
        long d = s / 86_400;
        long h = s / 3600 % 24;
        long m = s / 60 % 60;
        long sec = s % 60;
        if (d > 0) {
            return h > 0 ? d + "d " + h + "h" : d + "d";
        }
        if (h > 0) {
            return m > 0 ? h + "h " + m + "m" : h + "h";
        }
        if (m > 0) {
            return sec > 0 ? m + "m " + sec + "s" : m + "m";
        }
        long tenths = nanos / 100_000_000L % 10;
        return tenths > 0 && s < 10 ? s + "." + tenths + "s" : s + "s";
    }
}
