package dev.reprise.replay.amplify;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.replay.amplify.internal.ReplicatingSource;
import dev.reprise.replay.amplify.internal.SeededChoice;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanSource;

import java.util.Map;

/**
 * Tenant weights and skew: each connection replayed as many times as its tenant's weight, on
 * average. Above 1 the extra replays are copies on connections of their own, shifted by a seeded
 * jitter; below 1 a seeded share of the tenant's connections is dropped, whole.
 */
public final class TenantWeighting extends ReplicatingSource {
    private static final long STAGE = 0x576569676874L;

    private final Map<String, Double> weights;
    private final double otherWeight;
    private final long jitterNanos;
    private final SeededChoice choice;

    /** @param otherWeight the weight of tenants not in {@code weights} */
    public TenantWeighting(PlanSource upstream, Map<String, Double> weights, double otherWeight, long jitterNanos, long seed) {
        super(upstream, maxReplicas(weights, otherWeight), jitterNanos, true);
        this.weights = Map.copyOf(weights);
        this.otherWeight = otherWeight;
        this.jitterNanos = jitterNanos;
        this.choice = new SeededChoice(seed);
    }

    static int maxReplicas(Map<String, Double> weights, double otherWeight) {
        double max = otherWeight;
        for (double w : weights.values()) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new InvalidSettingsException("tenant weights must be finite and at least 0");
            }
            max = Math.max(max, w);
        }
        if (max > Integer.MAX_VALUE) {
            throw new InvalidSettingsException("a tenant weight of " + max + " is too large");
        }
        return Math.max(1, (int) Math.ceil(max));
    }

    @Override
    protected int replicas(ConnectionKey key, long firstNanos, String tenant) {
        return choice.replicas(STAGE, key, weights.getOrDefault(tenant, otherWeight));
    }

    @Override
    protected long shiftNanos(ConnectionKey key, int replica) {
        return replica == 0 ? 0 : (long) (choice.uniform(STAGE, key, replica) * jitterNanos);
    }
}
