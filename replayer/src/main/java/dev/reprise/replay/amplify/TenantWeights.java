package dev.reprise.replay.amplify;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replay weight of each tenant, from the tester's weights, the skew and the captured mix of
 * the tenants kept by the filter. Skew S makes each tenant's share proportional to its captured
 * share to the power S, so a tenant's weight is multiplied by share^(S-1). With volume kept, the
 * weights are scaled so that the expected request count equals the captured count of the kept
 * tenants.
 */
public record TenantWeights(Map<String, Double> weights, double otherWeight) {
    public TenantWeights {
        weights = Map.copyOf(weights);
    }

    /**
     * @param mix       the captured mix of the tenants the filter keeps; may be null when neither
     *                  skew nor volume keeping needs it
     * @param given     the tester's weights (tenants not named weigh 1)
     */
    public static TenantWeights of(Map<String, Double> given, double skew, boolean keepVolume, TenantMix mix) {
        Map<String, Double> w = new HashMap<>(given);
        if (mix == null) {
            return new TenantWeights(w, 1);
        }
        for (Map.Entry<String, Long> e : mix.requests().entrySet()) {
            double share = mix.total() == 0 ? 0 : (double) e.getValue() / mix.total();
            double skewed = skew == 1 || share == 0 ? 1 : Math.pow(share, skew - 1);
            w.put(e.getKey(), given.getOrDefault(e.getKey(), 1.0) * skewed);
        }
        double scale = 1;
        if (keepVolume) {
            double expected = 0;
            for (Map.Entry<String, Long> e : mix.requests().entrySet()) {
                expected += e.getValue() * w.get(e.getKey());
            }
            if (expected > 0) {
                scale = mix.total() / expected;
            }
        }
        Map<String, Double> scaled = new HashMap<>();
        for (Map.Entry<String, Double> e : w.entrySet()) {
            scaled.put(e.getKey(), e.getValue() * scale);
        }
        return new TenantWeights(scaled, scale);
    }

    public double weightOf(String tenant) {
        return weights.getOrDefault(tenant, otherWeight);
    }

    public boolean allOne() {
        return otherWeight == 1 && weights.values().stream().allMatch(w -> w == 1);
    }

    /** The shares these weights aim at for a captured mix, before copies. */
    public Map<String, Double> intendedShares(TenantMix mix, TenantFilter.Rule keep) {
        Map<String, Double> volume = new TreeMap<>();
        double total = 0;
        for (Map.Entry<String, Long> e : mix.requests().entrySet()) {
            double v = keep.keeps(e.getKey()) ? e.getValue() * weightOf(e.getKey()) : 0;
            volume.put(e.getKey(), v);
            total += v;
        }
        if (total > 0) {
            for (Map.Entry<String, Double> e : volume.entrySet()) {
                e.setValue(e.getValue() / total);
            }
        }
        return volume;
    }
}
