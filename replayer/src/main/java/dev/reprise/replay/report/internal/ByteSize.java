package dev.reprise.replay.report.internal;

import java.util.Locale;

/** Byte counts and rates for reading: {@code 41.3 MiB}, {@code 2.1 KiB}, {@code -512 B}. */
public final class ByteSize {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private ByteSize() {
    }

    public static String of(double bytes) {
        if (Double.isNaN(bytes)) {
            return "-";
        }
        double v = Math.abs(bytes);
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        String sign = bytes < 0 ? "-" : "";
        return u == 0 ? String.format(Locale.ROOT, "%s%.0f B", sign, v)
                : String.format(Locale.ROOT, v >= 100 ? "%s%.0f %s" : "%s%.1f %s", sign, v, UNITS[u]);
    }

    public static String perHour(double bytesPerHour) {
        return of(bytesPerHour) + "/h";
    }
}
