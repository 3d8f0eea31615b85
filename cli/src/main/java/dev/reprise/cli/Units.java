package dev.reprise.cli;

import dev.reprise.format.DurationText;
import dev.reprise.format.TimeSpec;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Figures as people read them in reports: grouped counts, binary byte sizes, percentages,
 * durations and latencies with a unit a person scans quickly, UTC times. Where the replay's console
 * and the journal profile read a figure differently, each way has its own name.
 */
public final class Units {
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTES =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private Units() {
    }

    /** 1,234,567 */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** 512 B, 3.4 KiB, 1.2 GiB */
    public static String bytes(double n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        while (n >= 1024 && u < units.length - 1) {
            n /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", n) : String.format(Locale.ROOT, "%.1f %s", n, units[u]);
    }

    /**
     * A fraction as a percentage, with the digits an error rate needs: 0%, 0.0012%, 1.23%, 12.3%.
     * Below 10% two decimals, below 0.01% four, so a rare error never reads as none.
     */
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

    /** A share rounded to one decimal: 12.3% (shares below 0.1% keep two decimals, so small ones do not read as zero). */
    public static String roundedPercent(double share) {
        double p = share * 100;
        return p != 0 && Math.abs(p) < 0.1 ? String.format(Locale.ROOT, "%.2f%%", p)
                : String.format(Locale.ROOT, "%.1f%%", p);
    }

    /** A decimal with one digit below 100 and none above: 3.2, 48.0, 312 */
    public static String decimal(double v) {
        return Math.abs(v) < 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%,.0f", v);
    }

    /** A latency or offset in microseconds, in ASCII for any terminal: 850us, 1.23ms, 12.3ms, 1.23s, 2m05s. */
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

    /** A latency in whole microseconds, with three significant figures at most: 850µs, 12.4ms, 1.52s */
    public static String shortLatency(long us) {
        if (us < 1_000) {
            return us + "µs";
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, us < 100_000 ? "%.1fms" : "%.0fms", us / 1e3);
        }
        return String.format(Locale.ROOT, "%.2fs", us / 1e6);
    }

    /** Microseconds in a duration, in the syntax every command shares ({@link DurationText}: 800us, 250ms, 1h). Empty if it is not one. */
    public static OptionalDouble parseMicros(String text) {
        try {
            return OptionalDouble.of(DurationText.parseNanos(text) / 1_000.0);
        } catch (IllegalArgumentException e) {
            return OptionalDouble.empty();
        }
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

    /** hh:mm:ss. */
    public static String clock(long seconds) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /** 1.25x, or - for none. */
    public static String ratio(Double r) {
        return r == null ? "-" : String.format(Locale.ROOT, "%.2fx", r);
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

    public static String time(long epochNanos) {
        return MILLIS.format(TimeSpec.instant(epochNanos));
    }

    public static String timeToSecond(long epochNanos) {
        return SECONDS.format(TimeSpec.instant(epochNanos));
    }

    public static String timeToMinute(long epochNanos) {
        return MINUTES.format(TimeSpec.instant(epochNanos));
    }

    public static String iso(long epochNanos) {
        Instant t = TimeSpec.instant(epochNanos);
        return t.toString();
    }
}
