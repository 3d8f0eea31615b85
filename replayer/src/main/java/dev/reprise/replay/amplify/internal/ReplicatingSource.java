package dev.reprise.replay.amplify.internal;

import dev.reprise.format.RequestEvent;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanConnection;
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
 * <p>Each replica is one {@link PlanConnection}, made when the decision is, and carried by all its
 * events; a replica that is the connection itself, unmoved, is passed on as it is.
 *
 * <p>State is one entry per open connection, dropped at its Close. Connections that never close
 * (a journal cut short) are forgotten, least recently seen first, beyond {@link #MAX_TRACKED}
 * entries; an event of a forgotten connection is decided afresh, its replicas as new connections.
 */
public abstract class ReplicatingSource implements PlanSource {
    public static final int MAX_TRACKED = 1 << 20;

    private final PlanSource upstream;
    private final TenantLookahead lookahead;
    private final int maxReplicas;
    private final long maxShiftNanos;
    private final ReorderBuffer reorder;
    /** By connection identity (a connection reused after its close is decided afresh). */
    private final Map<PlanConnection, Replicas> decided = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PlanConnection, Replicas> eldest) {
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
        PlanConnection connection = e.planConnection();
        Replicas replicas = decided.get(connection);
        if (replicas == null) {
            replicas = decide(e);
            decided.put(connection, replicas);
        }
        if (e instanceof PlanEvent.Close) {
            decided.remove(connection);
        }
        for (int r = 0; r < replicas.connections.length; r++) {
            long shift = replicas.shifts[r];
            PlanConnection replica = replicas.connections[r];
            boolean unchanged = shift == 0 && replica == connection;
            reorder.add(rewrite(unchanged ? e : PlanEvents.moved(e, replica, shift), r));
        }
    }

    private Replicas decide(PlanEvent first) {
        PlanConnection connection = first.planConnection();
        ConnectionKey key = connection.key();
        String tenant = first instanceof PlanEvent.Open && lookahead != null ? lookahead.tenantOfLastOpen()
                : first instanceof PlanEvent.Send s ? s.tenant() : RequestEvent.UNKNOWN_TENANT;
        int n = replicas(key, first.captureNanos(), tenant);
        if (n < 0 || n > maxReplicas) {
            throw new IllegalStateException("replicas " + n + " outside 0.." + maxReplicas);
        }
        PlanConnection[] connections = new PlanConnection[n];
        long[] shifts = new long[n];
        for (int r = 0; r < n; r++) {
            shifts[r] = shiftNanos(key, r);
            if (shifts[r] < 0 || shifts[r] > maxShiftNanos) {
                throw new IllegalStateException("shift " + shifts[r] + " outside 0.." + maxShiftNanos);
            }
            int copy = maxReplicas == 1 ? key.copy() : Math.addExact(Math.multiplyExact(key.copy(), maxReplicas), r);
            connections[r] = copy == key.copy() ? connection : new PlanConnection(key.withCopy(copy));
        }
        return new Replicas(connections, shifts);
    }

    /** The replicas decided for one connection: their connections and shifts, made once. */
    private record Replicas(PlanConnection[] connections, long[] shifts) {
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
