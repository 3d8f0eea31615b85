package dev.reprise.replay.amplify;

import java.util.Map;

/**
 * The tenant mix of a replay, for the report beside the shares actually sent: {@code captured}
 * is each tenant's share of the window's requests, each request counted for its own tenant as
 * {@code inspect} counts them, {@code intended} the share amplification aims at. Synthetic copy tenants
 * ({@code acme~2}) appear in {@code intended} only. Shares are fractions summing to 1 (or empty).
 */
public record TenantPlan(Map<String, Double> captured, Map<String, Double> intended) {
    public TenantPlan {
        captured = Map.copyOf(captured);
        intended = Map.copyOf(intended);
    }
}
