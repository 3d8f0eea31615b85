package dev.reprise.format;

import java.util.Locale;

/** Byte sizes as operators write them: {@code 50GiB}, {@code 64KiB}, {@code 10MB}, {@code 4096}. */
public final class SizeText {
    private SizeText() {
    }

    /** @throws InvalidSettingsException saying what a size looks like */
    public static long parse(String text) {
        String s = text.trim();
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new InvalidSettingsException("'" + text + "' is not a size (try 65536, 64KiB, 50GiB or 10MB)");
        }
        double n;
        try {
            n = Double.parseDouble(s.substring(0, i));
        } catch (NumberFormatException e) {
            throw new InvalidSettingsException("'" + text + "' is not a size (try 65536, 64KiB, 50GiB or 10MB)");
        }
        long unit = switch (s.substring(i).trim().toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "kb", "k" -> 1000L;
            case "mb", "m" -> 1000L * 1000;
            case "gb", "g" -> 1000L * 1000 * 1000;
            case "tb", "t" -> 1000L * 1000 * 1000 * 1000;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "tib" -> 1L << 40;
            default -> throw new InvalidSettingsException("'" + text + "' has an unknown unit (use B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)");
        };
        double bytes = n * unit;
        if (bytes >= Long.MAX_VALUE) {
            throw new InvalidSettingsException("'" + text + "' is too large");
        }
        return (long) bytes;
    }
}
