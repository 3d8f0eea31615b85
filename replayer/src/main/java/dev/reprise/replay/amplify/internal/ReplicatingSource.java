package dev.reprise.replay.amplify.internal;

import dev.reprise.format.RequestEvent;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stage that replays each connection it reads zero or more times, whole: the decision is made
 * once, when the connection is first seen, and every later event of the connection follows it.
 * Replica r of a connection whose copy is c becomes copy {@code c * maxReplicas + r}, so copies
 * made by successive stages never collide and replica 0 of copy 0 is still the original.
 *
 * <p>State is one entry per open connection, dropped at its Close. Connections that never close
 * (a journal cut short) are forgotten, least recently seen first, beyond {@link #MAX_TRACKED}
 * entries; an event of a forgotten connection is decided afresh.
 */
public abstract class ReplicatingSource implements PlanSource {
    public static final int MAX_TRACKED = 1 << 20;

    private final PlanSource upstream;
    private final TenantLookahead lookahead;
    private final int maxReplicas;
    private final long maxShiftNanos;
    private final ReorderBuffer reorder;
    private final Map<ConnectionKey, Replicas> decided = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ConnectionKey, Replicas> eldest) {
            return size() > MAX_TRACKED;
        }
    };
    private boolean upstreamDone;

    /**
     * @param maxReplicas   the most replicas {@link #replicas} ever returns, at least 1
     * @param maxShiftNanos the most {@link #shiftNanos} ever returns; it bounds the reorder buffer
     * @param byTenant      whether {@link #replicas} needs the connection's tenant (costs a lookahead)
     */
    protected ReplicatingSource(PlanSource upstream, int maxReplicas, long maxShiftNanos, boolean byTenant) {
        if (maxReplicas < 1) {
            throw new IllegalArgumentException("maxReplicas must be at least 1");
        }
        this.reorder = new ReorderBuffer(maxShiftNanos);
        this.maxShiftNanos = maxShiftNanos;
        this.lookahead = byTenant ? new TenantLookahead(upstream) : null;
        this.upstream = byTenant ? lookahead : upstream;
        this.maxReplicas = maxReplicas;
    }

    /**
     * How many times to replay a connection, 0 to drop it, at most {@code maxReplicas}.
     *
     * @param firstNanos time of its first event (its Open, unless the window began inside it)
     * @param tenant     its tenant when the stage decides by tenant, else {@link RequestEvent#UNKNOWN_TENANT}
     */
    protected abstract int replicas(ConnectionKey key, long firstNanos, String tenant);

    /** How much later than the connection replica {@code replica} runs, from 0 to the stage's largest shift. */
    protected long shiftNanos(ConnectionKey key, int replica) {
        return 0;
    }

    /** The event replica {@code replica} carries, already moved to its key and time. */
    protected PlanEvent rewrite(PlanEvent moved, int replica) {
        return moved;
    }

    @Override
    public final PlanEvent next() {
        while (true) {
            PlanEvent ready = reorder.poll();
            if (ready != null || upstreamDone) {
                return ready;
            }
            PlanEvent e = upstream.next();
            if (e == null) {
                upstreamDone = true;
                reorder.releaseAll();
                continue;
            }
            reorder.advanceTo(e.captureNanos());
            replicate(e);
        }
    }

    private void replicate(PlanEvent e) {
        ConnectionKey key = e.connection();
        Replicas replicas = decided.get(key);
        if (replicas == null) {
            replicas = decide(e);
            decided.put(key, replicas);
        }
        if (e instanceof PlanEvent.Close) {
            decided.remove(key);
        }
        for (int r = 0; r < replicas.keys.length; r++) {
            long shift = replicas.shifts[r];
            ConnectionKey replicaKey = replicas.keys[r];
            boolean unchanged = shift == 0 && replicaKey.copy() == key.copy();
            reorder.add(rewrite(unchanged ? e : PlanEvents.moved(e, replicaKey, shift), r));
        }
    }

    private Replicas decide(PlanEvent first) {
        ConnectionKey key = first.connection();
        String tenant = first instanceof PlanEvent.Open && lookahead != null ? lookahead.tenantOfLastOpen()
                : first instanceof PlanEvent.Send s ? s.tenant() : RequestEvent.UNKNOWN_TENANT;
        int n = replicas(key, first.captureNanos(), tenant);
        if (n < 0 || n > maxReplicas) {
            throw new IllegalStateException("replicas " + n + " outside 0.." + maxReplicas);
        }
        ConnectionKey[] keys = new ConnectionKey[n];
        long[] shifts = new long[n];
        for (int r = 0; r < n; r++) {
            shifts[r] = shiftNanos(key, r);
            if (shifts[r] < 0 || shifts[r] > maxShiftNanos) {
                throw new IllegalStateException("shift " + shifts[r] + " outside 0.." + maxShiftNanos);
            }
            keys[r] = maxReplicas == 1 ? key : key.withCopy(Math.addExact(Math.multiplyExact(key.copy(), maxReplicas), r));
        }
        return new Replicas(keys, shifts);
    }

    /** The replicas decided for one connection: their keys and shifts, computed once. */
    private record Replicas(ConnectionKey[] keys, long[] shifts) {
    }

    /** Connections with a decision held, plus events waiting to be put in order; for tests of the bound. */
    public final int stateSize() {
        return decided.size() + reorder.size() + (lookahead == null ? 0 : lookahead.held());
    }

    @Override
    public final void close() {
        upstream.close();
    }
}
