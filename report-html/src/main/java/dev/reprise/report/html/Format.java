package dev.reprise.report.html;

import java.util.Locale;

/** Numbers as the page's script shows them, for values the page is given as text (facts). */
public final class Format {
    private Format() {
    }

    public static String of(Unit unit, double v) {
        if (!Double.isFinite(v)) {
            return "—";
        }
        return switch (unit) {
            case COUNT -> String.format(Locale.ROOT, "%,d", Math.round(v));
            case MICROS -> micros(v);
            case SHARE -> String.format(Locale.ROOT, v != 0 && Math.abs(v) < 0.001 ? "%.3f%%" : "%.1f%%", v * 100);
            case RATIO -> String.format(Locale.ROOT, "%.2f×", v);
            case RATE -> String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f/s" : "%.1f/s", v);
            case SECONDS -> seconds(v);
            case BYTES -> bytes(v);
            case NUMBER -> String.format(Locale.ROOT, "%,.3f", v).replaceAll("\\.?0+$", "");
            case TEXT -> String.valueOf(v);
        };
    }

    public static String micros(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.2f s", v / 1e6);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, a >= 1e5 ? "%.0f ms" : "%.1f ms", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f µs", v);
    }

    private static String seconds(double v) {
        long s = Math.round(v);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long r = s % 60;
        if (h >= 24) {
            return String.format(Locale.ROOT, "%dd %d:%02d", h / 24, h % 24, m);
        }
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, r) : String.format(Locale.ROOT, "%d:%02d", m, r);
    }

    private static String bytes(double v) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int i = 0;
        while (Math.abs(v) >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? String.format(Locale.ROOT, "%.0f B", v) : String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
