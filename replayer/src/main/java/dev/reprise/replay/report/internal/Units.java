package dev.reprise.replay.report.internal;

import dev.reprise.format.DurationText;

import java.util.Locale;
import java.util.OptionalDouble;

/** How figures read on the console: durations with a unit a person scans quickly, counts grouped. */
public final class Units {

    private Units() {
    }

    /** Microseconds in a duration, in the syntax every command shares ({@link DurationText}: 800us, 250ms, 1h). Empty if it is not one. */
    public static OptionalDouble parseMicros(String text) {
        try {
            return OptionalDouble.of(DurationText.parseNanos(text) / 1_000.0);
        } catch (IllegalArgumentException e) {
            return OptionalDouble.empty();
        }
    }

    /** 850us, 12.3ms, 1.23s, 2m05s. */
    public static String micros(double micros) {
        double abs = Math.abs(micros);
        if (abs < 1000) {
            return String.format(Locale.ROOT, "%.0fus", micros);
        }
        if (abs < 10_000) {
            return String.format(Locale.ROOT, "%.2fms", micros / 1000);
        }
        if (abs < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fms", micros / 1000);
        }
        if (abs < 60_000_000) {
            return String.format(Locale.ROOT, "%.2fs", micros / 1_000_000);
        }
        long s = Math.round(micros / 1_000_000);
        return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    /** 12.3s, 2m05s, 3h05m12s: the length of a run. */
    public static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60);
    }

    /**
     * Text from the traffic (tenants, endpoints, request targets) made safe for a terminal: control
     * characters become '?', and anything longer than {@code max} is cut with an ellipsis.
     */
    public static String printable(String text, int max) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), max + 1));
        for (int i = 0; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > max) {
            b.setLength(max - 1);
            b.append('…');
        }
        return b.toString();
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A fraction as a percentage: 0.0123 is 1.23%. */
    public static String percent(double fraction) {
        double p = fraction * 100;
        if (p == 0) {
            return "0%";
        }
        if (Math.abs(p) < 0.01) {
            return String.format(Locale.ROOT, "%.4f%%", p);
        }
        return String.format(Locale.ROOT, Math.abs(p) < 10 ? "%.2f%%" : "%.1f%%", p);
    }

    /** hh:mm:ss. */
    public static String clock(long seconds) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    public static String ratio(Double r) {
        return r == null ? "-" : String.format(Locale.ROOT, "%.2fx", r);
    }
}
