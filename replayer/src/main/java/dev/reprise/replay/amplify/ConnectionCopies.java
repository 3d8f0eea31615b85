package dev.reprise.replay.amplify;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.replay.amplify.internal.ReplicatingSource;
import dev.reprise.replay.amplify.internal.SeededChoice;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;

/**
 * {@code --copies K}: every connection replayed K times, each copy on a connection of its own.
 * A fractional K gives every connection floor(K) copies and one more to a seeded share of them.
 * Copies after the first run up to {@code jitterNanos} later, a seeded amount per copy, so they
 * do not arrive in lockstep. With a renaming, copy r's requests are sent as tenant {@code t~(r+1)}.
 */
public final class ConnectionCopies extends ReplicatingSource {
    private static final long STAGE = 0x436f70696573L;

    private final double copies;
    private final long jitterNanos;
    private final SeededChoice choice;
    private final TenantRenaming renaming;

    /** @param renaming how copies get synthetic tenants, or null to keep the captured ones */
    public ConnectionCopies(PlanSource upstream, double copies, long jitterNanos, long seed, TenantRenaming renaming) {
        super(upstream, maxReplicas(copies), jitterNanos, false);
        if (jitterNanos < 0) {
            throw new InvalidSettingsException("jitter must not be negative");
        }
        this.copies = copies;
        this.jitterNanos = jitterNanos;
        this.choice = new SeededChoice(seed);
        this.renaming = renaming;
    }

    static int maxReplicas(double copies) {
        if (!(copies >= 1) || copies > Integer.MAX_VALUE) {
            throw new InvalidSettingsException("copies must be at least 1");
        }
        return (int) Math.ceil(copies);
    }

    @Override
    protected int replicas(ConnectionKey key, long firstNanos, String tenant) {
        return choice.replicas(STAGE, key, copies);
    }

    @Override
    protected long shiftNanos(ConnectionKey key, int replica) {
        return replica == 0 ? 0 : (long) (choice.uniform(STAGE, key, replica) * jitterNanos);
    }

    @Override
    protected PlanEvent rewrite(PlanEvent moved, int replica) {
        if (renaming == null || replica == 0 || !(moved instanceof PlanEvent.Send s)) {
            return moved;
        }
        String tenant = TenantRenaming.copyTenant(s.tenant(), replica);
        if (!renaming.rewritesRequests(s.connection().journal())) {
            return new PlanEvent.Send(s.planConnection(), s.captureNanos(), s.stored(), tenant);
        }
        return new PlanEvent.Send(s.planConnection(), s.captureNanos(),
                renaming.rename(s.connection().journal(), s.request(), tenant), tenant);
    }
}
