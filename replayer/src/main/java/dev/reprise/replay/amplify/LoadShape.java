package dev.reprise.replay.amplify;

import java.util.List;

/**
 * The traffic multiplier over the replay's time: the ramp's factor (1 without a ramp) times the
 * factor of every spike in force. Offsets count from the start of the replay's first pass, so a
 * ramp can span a whole soak.
 */
public record LoadShape(List<Spike> spikes, Ramp ramp) {
    public LoadShape {
        spikes = List.copyOf(spikes);
    }

    public boolean isFlat() {
        return spikes.isEmpty() && ramp == null;
    }

    public double factorAt(long offsetNanos) {
        double f = ramp == null ? 1 : ramp.factorAt(offsetNanos);
        for (Spike s : spikes) {
            if (s.covers(offsetNanos)) {
                f *= s.factor();
            }
        }
        return f;
    }

    /** An upper bound of {@link #factorAt} over all time (spikes taken as if they all overlapped). */
    public double maxFactor() {
        double f = ramp == null ? 1 : Math.max(ramp.from(), ramp.to());
        for (Spike s : spikes) {
            f *= Math.max(1, s.factor());
        }
        return f;
    }
}
