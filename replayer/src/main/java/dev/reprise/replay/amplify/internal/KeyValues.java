package dev.reprise.replay.amplify.internal;

import dev.reprise.format.InvalidSettingsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Parses {@code key=value,key=value} option values, requiring exactly the keys named. */
public final class KeyValues {
    private KeyValues() {
    }

    public static Map<String, String> parse(String text, Set<String> keys, String example) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : text.split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new InvalidSettingsException("'" + text + "' is not key=value pairs (expected e.g. " + example + ")");
            }
            String key = part.substring(0, eq).trim();
            if (!keys.contains(key)) {
                throw new InvalidSettingsException("unknown key '" + key + "' in '" + text + "' (expected e.g. " + example + ")");
            }
            if (out.put(key, part.substring(eq + 1).trim()) != null) {
                throw new InvalidSettingsException("key '" + key + "' given twice in '" + text + "'");
            }
        }
        for (String key : keys) {
            if (!out.containsKey(key)) {
                throw new InvalidSettingsException("missing '" + key + "=' in '" + text + "' (expected e.g. " + example + ")");
            }
        }
        return out;
    }

    public static double number(String key, String value, String text) {
        try {
            double d = Double.parseDouble(value);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidSettingsException("'" + key + "=" + value + "' in '" + text + "' is not a number");
        }
    }
}
