package dev.reprise.cli;

import dev.reprise.format.TimeSpec;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Numbers as people read them in reports: grouped counts, binary byte sizes, percentages, UTC times. */
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

    /** 12.3% (shares below 0.1% keep two decimals, so small error rates do not read as zero) */
    public static String percent(double share) {
        double p = share * 100;
        return p != 0 && Math.abs(p) < 0.1 ? String.format(Locale.ROOT, "%.2f%%", p)
                : String.format(Locale.ROOT, "%.1f%%", p);
    }

    /** A decimal with one digit below 100 and none above: 3.2, 48.0, 312 */
    public static String decimal(double v) {
        return Math.abs(v) < 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%,.0f", v);
    }

    /** Latency from microseconds: 850µs, 12.4ms, 1.52s */
    public static String micros(long us) {
        if (us < 1_000) {
            return us + "µs";
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, us < 100_000 ? "%.1fms" : "%.0fms", us / 1e3);
        }
        return String.format(Locale.ROOT, "%.2fs", us / 1e6);
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
