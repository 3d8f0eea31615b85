package dev.reprise.replay.amplify;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.DurationText;
import dev.reprise.replay.amplify.internal.KeyValues;

import java.util.Map;
import java.util.Set;

/**
 * Traffic multiplied by a factor that grows linearly from {@code from} at the replay's start to
 * {@code to} after {@code overNanos}, and stays at {@code to} afterwards
 * ({@code --ramp from=1,to=3,over=1h}).
 */
public record Ramp(double from, double to, long overNanos) {
    public static final String EXAMPLE = "from=1,to=3,over=1h";

    public Ramp {
        if (!(from >= 0) || !(to >= 0) || Double.isInfinite(from) || Double.isInfinite(to) || overNanos <= 0) {
            throw new InvalidSettingsException("a ramp needs from >= 0, to >= 0 and over > 0");
        }
    }

    public static Ramp parse(String text) {
        Map<String, String> kv = KeyValues.parse(text, Set.of("from", "to", "over"), EXAMPLE);
        double from = KeyValues.number("from", kv.get("from"), text);
        double to = KeyValues.number("to", kv.get("to"), text);
        long over = DurationText.parseNanos(kv.get("over"));
        if (from < 0 || to < 0) {
            throw new InvalidSettingsException("'from' and 'to' in '" + text + "' must be at least 0");
        }
        if (over <= 0) {
            throw new InvalidSettingsException("'over=" + kv.get("over") + "' in '" + text + "' must be longer than 0");
        }
        return new Ramp(from, to, over);
    }

    public double factorAt(long offsetNanos) {
        if (offsetNanos <= 0) {
            return from;
        }
        if (offsetNanos >= overNanos) {
            return to;
        }
        return from + (to - from) * ((double) offsetNanos / overNanos);
    }

    @Override
    public String toString() {
        return "from=" + from + ",to=" + to + ",over=" + DurationText.exact(overNanos);
    }
}
