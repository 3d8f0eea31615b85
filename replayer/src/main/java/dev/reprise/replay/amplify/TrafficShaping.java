package dev.reprise.replay.amplify;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.replay.amplify.internal.ReplicatingSource;
import dev.reprise.replay.amplify.internal.SeededChoice;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanSource;

/**
 * Spikes and ramps. A connection is replayed, on average, as many times as the shape's factor
 * at the moment it opens: a connection opening inside a 5x spike gets four extra copies, each a
 * whole connection shifted by a seeded jitter; under a factor below 1 a seeded share of
 * connections is dropped, whole. A connection keeps its copies for its whole life, so a
 * long-lived connection that opened before a spike is not multiplied by it, and copies made
 * inside a spike finish after it ends: connection structure is never cut to fit the window.
 */
public final class TrafficShaping extends ReplicatingSource {
    private static final long STAGE = 0x5368617065L;

    private final LoadShape shape;
    private final long startNanos;
    private final long jitterNanos;
    private final SeededChoice choice;

    /** @param startNanos the capture time offsets in the shape count from: the replay's start */
    public TrafficShaping(PlanSource upstream, LoadShape shape, long startNanos, long jitterNanos, long seed) {
        super(upstream, maxReplicas(shape), jitterNanos, false);
        this.shape = shape;
        this.startNanos = startNanos;
        this.jitterNanos = jitterNanos;
        this.choice = new SeededChoice(seed);
    }

    static int maxReplicas(LoadShape shape) {
        double max = shape.maxFactor();
        if (max > Integer.MAX_VALUE) {
            throw new InvalidSettingsException("spikes and ramp multiply traffic by more than " + Integer.MAX_VALUE);
        }
        return Math.max(1, (int) Math.ceil(max));
    }

    @Override
    protected int replicas(ConnectionKey key, long firstNanos, String tenant) {
        return choice.replicas(STAGE, key, shape.factorAt(firstNanos - startNanos));
    }

    @Override
    protected long shiftNanos(ConnectionKey key, int replica) {
        return replica == 0 ? 0 : (long) (choice.uniform(STAGE, key, replica) * jitterNanos);
    }
}
