package dev.reprise.replay.amplify;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.DurationText;
import dev.reprise.replay.amplify.internal.KeyValues;

import java.util.Map;
import java.util.Set;

/**
 * Traffic multiplied by {@code factor} for {@code lengthNanos} from {@code atNanos} after the
 * replay's start ({@code --spike at=+10m,for=30s,x=5}).
 */
public record Spike(long atNanos, long lengthNanos, double factor) {
    public static final String EXAMPLE = "at=+10m,for=30s,x=5";

    public Spike {
        if (atNanos < 0 || lengthNanos <= 0 || !(factor >= 0) || Double.isInfinite(factor)) {
            throw new InvalidSettingsException("a spike needs at >= 0, for > 0 and x >= 0");
        }
    }

    public static Spike parse(String text) {
        Map<String, String> kv = KeyValues.parse(text, Set.of("at", "for", "x"), EXAMPLE);
        long at = DurationText.parseNanos(kv.get("at"));
        long length = DurationText.parseNanos(kv.get("for"));
        double x = KeyValues.number("x", kv.get("x"), text);
        if (length <= 0) {
            throw new InvalidSettingsException("'for=" + kv.get("for") + "' in '" + text + "' must be longer than 0");
        }
        if (x < 0) {
            throw new InvalidSettingsException("'x=" + kv.get("x") + "' in '" + text + "' must be at least 0");
        }
        return new Spike(at, length, x);
    }

    public boolean covers(long offsetNanos) {
        return offsetNanos >= atNanos && offsetNanos - atNanos < lengthNanos;
    }

    @Override
    public String toString() {
        return "at=+" + DurationText.exact(atNanos) + ",for=" + DurationText.exact(lengthNanos) + ",x=" + factor;
    }
}
