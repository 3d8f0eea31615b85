package dev.reprise.format;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Durations as every Reprise command reads and prints them: units combined, largest first or in
 * any order ({@code 250ms}, {@code 30s}, {@code 1h30m}, {@code 2d3h}, {@code 1.5h}), units d, h, m,
 * s, ms, us and ns, optionally after a {@code +} as offsets are written, or ISO-8601 ({@code PT90S}). A bare number is refused, so a unit is never guessed.
 */
public final class DurationText {
    private static final long[] UNIT_NANOS = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L,
            1_000_000_000L, 1_000_000L, 1_000L, 1L};
    private static final String[] UNIT_NAMES = {"d", "h", "m", "s", "ms", "us", "ns"};
    private static final String EXAMPLES = "e.g. 250ms, 30s, 10m, 1h30m, 7d";

    private DurationText() {
    }

    /**
     * The duration {@code text} names; zero is allowed, negative is not.
     *
     * @throws InvalidSettingsException naming the text when it is not a duration
     */
    public static Duration parse(String text) {
        return Duration.ofNanos(parseNanos(text));
    }

    /** Like {@link #parse}, in nanoseconds. */
    public static long parseNanos(String text) {
        String s = text == null ? "" : text.trim();
        if (s.startsWith("+")) {
            s = s.substring(1); // offsets are written +10m; the sign adds nothing to a length
        }
        if (s.isEmpty()) {
            throw new InvalidSettingsException("an empty duration (" + EXAMPLES + ")");
        }
        if (s.charAt(0) == 'P' || s.charAt(0) == 'p') {
            try {
                Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
                if (d.isNegative()) {
                    throw bad(text);
                }
                return d.toNanos();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw bad(text);
            }
        }
        double total = 0;
        int at = 0;
        while (at < s.length()) {
            int numberStart = at;
            while (at < s.length() && (Character.isDigit(s.charAt(at)) || s.charAt(at) == '.')) {
                at++;
            }
            int unitStart = at;
            while (at < s.length() && Character.isLetter(s.charAt(at))) {
                at++;
            }
            if (numberStart == unitStart || unitStart == at || unitStart - numberStart > 18) {
                throw bad(text);
            }
            double number;
            try {
                number = Double.parseDouble(s.substring(numberStart, unitStart));
            } catch (NumberFormatException e) {
                throw bad(text);
            }
            total += number * unitNanos(s.substring(unitStart, at).toLowerCase(Locale.ROOT), text);
        }
        if (total > Long.MAX_VALUE / 2.0) {
            throw new InvalidSettingsException("duration '" + text + "' is too long");
        }
        return Math.round(total);
    }

    /** The shortest exact form, e.g. {@code 1h30m}, {@code 100ms}, {@code 0s}; {@link #parse} reads it back. */
    public static String exact(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder(nanos < 0 ? "-" : "");
        long rest = Math.abs(nanos);
        for (int i = 0; i < UNIT_NANOS.length; i++) {
            if (rest >= UNIT_NANOS[i]) {
                b.append(rest / UNIT_NANOS[i]).append(UNIT_NAMES[i]);
                rest %= UNIT_NANOS[i];
            }
        }
        return b.toString();
    }

    /** A short form for people, the two largest units, rounded: {@code 7d 2h}, {@code 2m 05s}, {@code 4.2s}, {@code 850ms}. */
    public static String human(long nanos) {
        if (nanos < 0) {
            return "-" + human(-nanos);
        }
        if (nanos < 1_000_000L) {
            return (nanos + 500) / 1_000 + "µs";
        }
        if (nanos < 1_000_000_000L) {
            return (nanos + 500_000) / 1_000_000 + "ms";
        }
        if (nanos < 10_000_000_000L) {
            long tenths = (nanos + 50_000_000) / 100_000_000;
            return tenths % 10 == 0 ? tenths / 10 + "s" : tenths / 10 + "." + tenths % 10 + "s";
        }
        long s = (nanos + 500_000_000) / 1_000_000_000L;
        long d = s / 86_400;
        long h = s / 3600 % 24;
        long m = s / 60 % 60;
        long sec = s % 60;
        if (d > 0) {
            return h > 0 ? d + "d " + h + "h" : d + "d";
        }
        if (h > 0) {
            return m > 0 ? h + "h " + String.format(Locale.ROOT, "%02dm", m) : h + "h";
        }
        if (m > 0) {
            return m + "m " + String.format(Locale.ROOT, "%02ds", sec);
        }
        return sec + "s";
    }

    private static double unitNanos(String unit, String text) {
        for (int i = 0; i < UNIT_NAMES.length; i++) {
            if (UNIT_NAMES[i].equals(unit)) {
                return UNIT_NANOS[i];
            }
        }
        if (unit.equals("µs")) {
            return 1_000;
        }
        throw new InvalidSettingsException("'" + text + "' is not a duration: unknown unit '" + unit
                + "' (units: d, h, m, s, ms, us, ns)");
    }

    private static InvalidSettingsException bad(String text) {
        return new InvalidSettingsException("'" + text + "' is not a duration (" + EXAMPLES + ")");
    }
}
