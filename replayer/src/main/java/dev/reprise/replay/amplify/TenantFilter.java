package dev.reprise.replay.amplify;

import dev.reprise.replay.amplify.internal.ReplicatingSource;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanSource;

import java.util.Set;

/**
 * {@code --only-tenants} and {@code --exclude-tenants}: keeps or drops whole connections by the
 * tenant of their first request.
 */
public final class TenantFilter extends ReplicatingSource {
    private final Rule rule;

    public TenantFilter(PlanSource upstream, Rule rule) {
        super(upstream, 1, 0, true);
        this.rule = rule;
    }

    @Override
    protected int replicas(ConnectionKey key, long firstNanos, String tenant) {
        return rule.keeps(tenant) ? 1 : 0;
    }

    /** Which tenants are kept: those in {@code only} (all when empty), less those {@code excluded}. */
    public record Rule(Set<String> only, Set<String> excluded) {
        public static final Rule ALL = new Rule(Set.of(), Set.of());

        public Rule {
            only = Set.copyOf(only);
            excluded = Set.copyOf(excluded);
        }

        public boolean keeps(String tenant) {
            return (only.isEmpty() || only.contains(tenant)) && !excluded.contains(tenant);
        }

        public boolean keepsAll() {
            return only.isEmpty() && excluded.isEmpty();
        }
    }
}
