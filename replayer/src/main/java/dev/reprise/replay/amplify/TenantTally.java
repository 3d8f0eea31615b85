package dev.reprise.replay.amplify;

import dev.reprise.replay.plan.PlanWindow;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one replay learns of its window's tenants as it runs: the captured tenant mix and the
 * weights the plan was composed with, for the report's captured and intended shares. The mix is
 * counted while the plan is read; only if nothing counted it (the plan was not read to its end,
 * and neither skew nor volume keeping needed it beforehand) is the window read once more.
 *
 * <p>The plan is composed and read on the thread that reads it; the command asks for the shares
 * on its own thread afterwards, hence the volatile fields.
 */
public final class TenantTally {
    private final PlanWindow window;
    private volatile CountingWindow countedOnTheWay;
    private volatile TenantMix captured;
    private volatile TenantWeights weights;

    public TenantTally(PlanWindow window) {
        this.window = window;
    }

    public PlanWindow window() {
        return window;
    }

    /** The window, counting its tenants as a plan reads it through. */
    CountingWindow countWhileReading() {
        CountingWindow read = new CountingWindow(window);
        countedOnTheWay = read;
        return read;
    }

    /** The window's tenant mix: counted on the way if a plan was read to its end, else read here, once. */
    TenantMix captured() {
        if (captured == null) {
            CountingWindow read = countedOnTheWay;
            TenantMix counted = read == null ? null : read.counted();
            captured = counted != null ? counted : TenantMix.count(window);
        }
        return captured;
    }

    void composedWith(TenantWeights weights) {
        this.weights = weights;
    }

    /**
     * The captured and the intended share of each tenant, once the plan has been composed.
     *
     * @throws IllegalStateException before {@link AmplifyPipeline#compose} has been called for this window
     */
    public TenantPlan tenantPlan(AmplifySettings settings) {
        TenantWeights w = weights;
        if (w == null) {
            throw new IllegalStateException("the tenant plan is known once the plan has been composed");
        }
        TenantMix mix = captured().perRequest();
        Map<String, Double> intended = w.intendedShares(mix, settings.filterRule());
        if (settings.copyTenants() && settings.copies() > 1) {
            intended = splitAcrossCopyTenants(intended, settings.copies());
        }
        return new TenantPlan(mix.shares(), intended);
    }

    /** Copy r of every connection carries tenant t~(r+1); the last copy runs for the fraction of K only. */
    private static Map<String, Double> splitAcrossCopyTenants(Map<String, Double> shares, double copies) {
        Map<String, Double> out = new TreeMap<>();
        int replicas = ConnectionCopies.maxReplicas(copies);
        for (Map.Entry<String, Double> e : shares.entrySet()) {
            for (int r = 0; r < replicas; r++) {
                double part = Math.min(1, copies - r) / copies;
                out.merge(TenantRenaming.copyTenant(e.getKey(), r), e.getValue() * part, Double::sum);
            }
        }
        return out;
    }
}
