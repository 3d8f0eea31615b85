package dev.reprise.replay.amplify;

import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.plan.PlanWindow;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The captured tenant mix: requests per tenant in one read of the window, each connection's
 * requests counted for the tenant of its first request, as amplification decides by it. Memory is
 * one entry per open connection and one per tenant. {@link #perRequest()} is the same window
 * with each request counted for its own tenant, as {@code inspect} counts them: what the report
 * shows as captured.
 */
public final class TenantMix {
    private final Map<String, Long> requests;
    private final long total;
    private final TenantMix perRequest;

    public TenantMix(Map<String, Long> requests) {
        this(requests, null);
    }

    private TenantMix(Map<String, Long> requests, Map<String, Long> perRequest) {
        this.requests = Collections.unmodifiableMap(new TreeMap<>(requests));
        long sum = 0;
        for (long n : requests.values()) {
            sum += n;
        }
        this.total = sum;
        this.perRequest = perRequest == null ? this : new TenantMix(perRequest, null);
    }

    /** The mix with each request counted for its own tenant rather than its connection's first. */
    public TenantMix perRequest() {
        return perRequest;
    }

    /** Reads the window once, to the end, and counts. */
    public static TenantMix count(PlanWindow window) {
        Tally tally = new Tally();
        try (PlanSource source = window.open(0)) {
            for (PlanEvent e = source.next(); e != null; e = source.next()) {
                tally.see(e);
            }
        }
        return tally.mix();
    }

    /** The mix of the tenants a filter keeps. */
    public TenantMix keeping(TenantFilter.Rule rule) {
        Map<String, Long> kept = new HashMap<>();
        requests.forEach((t, n) -> {
            if (rule.keeps(t)) {
                kept.put(t, n);
            }
        });
        return new TenantMix(kept);
    }

    /** The tenants a filter or weight names that have no request in this mix. */
    public java.util.List<String> absent(java.util.Collection<String> named) {
        return named.stream().filter(t -> !perRequest.requests.containsKey(t)).toList();
    }

    /** Requests per tenant, by tenant name. */
    public Map<String, Long> requests() {
        return requests;
    }

    public long total() {
        return total;
    }

    /** Each tenant's share of the requests. */
    public Map<String, Double> shares() {
        Map<String, Double> out = new TreeMap<>();
        requests.forEach((t, n) -> out.put(t, total == 0 ? 0 : (double) n / total));
        return out;
    }

    /**
     * Counts requests per tenant as plan events go by. Each connection holds, in a slot of its
     * own, the counter of its first request's tenant and the last tenant it sent for, so a request
     * costs no lookup unless its tenant differs from the connection's previous one, and no allocation.
     */
    static final class Tally {
        private static final PlanConnection.Slot<Seen> SEEN = PlanConnection.Slot.named("tenant tally");
        private final Map<String, long[]> requests = new HashMap<>();
        private final Map<String, long[]> perRequest = new HashMap<>();

        void see(PlanEvent e) {
            if (e instanceof PlanEvent.Send s) {
                PlanConnection c = s.planConnection();
                String tenant = s.tenant();
                Seen seen = c.get(SEEN, this);
                if (seen == null) {
                    seen = new Seen(requests.computeIfAbsent(tenant, t -> new long[1]));
                    c.set(SEEN, this, seen);
                }
                seen.byFirstTenant[0]++;
                // The plan shares one String per tenant, so the same one is nearly always the same object.
                if (tenant != seen.lastTenant) {
                    seen.lastTenant = tenant;
                    seen.byOwnTenant = perRequest.computeIfAbsent(tenant, t -> new long[1]);
                }
                seen.byOwnTenant[0]++;
            } else if (e instanceof PlanEvent.Close) {
                e.planConnection().clear(SEEN, this);
            }
        }

        TenantMix mix() {
            Map<String, Long> counts = new HashMap<>();
            requests.forEach((t, n) -> counts.put(t, n[0]));
            Map<String, Long> own = new HashMap<>();
            perRequest.forEach((t, n) -> own.put(t, n[0]));
            return new TenantMix(counts, own);
        }

        /** One connection's counters: its first request's tenant's, and its latest request's tenant's. */
        private static final class Seen {
            final long[] byFirstTenant;
            String lastTenant;
            long[] byOwnTenant;

            Seen(long[] byFirstTenant) {
                this.byFirstTenant = byFirstTenant;
            }
        }
    }
}
