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
    private final ReorderBuffer reorder = new ReorderBuffer();
    private final Map<ConnectionKey, Integer> decided = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ConnectionKey, Integer> eldest) {
            return size() > MAX_TRACKED;
        }
    };
    private long watermark = Long.MIN_VALUE;
    private boolean upstreamDone;

    /**
     * @param maxReplicas the most replicas {@link #replicas} ever returns, at least 1
     * @param byTenant    whether {@link #replicas} needs the connection's tenant (costs a lookahead)
     */
    protected ReplicatingSource(PlanSource upstream, int maxReplicas, boolean byTenant) {
        if (maxReplicas < 1) {
            throw new IllegalArgumentException("maxReplicas must be at least 1");
        }
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

    /** How much later than the connection replica {@code replica} runs; never negative. */
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
            PlanEvent ready = upstreamDone ? reorder.poll() : reorder.pollUpTo(watermark);
            if (ready != null || upstreamDone) {
                return ready;
            }
            PlanEvent e = upstream.next();
            if (e == null) {
                upstreamDone = true;
                continue;
            }
            watermark = e.captureNanos();
            PlanEvent direct = replicate(e);
            if (direct != null) {
                return direct;
            }
        }
    }

    /** Queues the replicas of {@code e}; returns one instead when it can leave at once, in order. */
    private PlanEvent replicate(PlanEvent e) {
        ConnectionKey key = e.connection();
        Integer n = decided.get(key);
        if (n == null) {
            String tenant = e instanceof PlanEvent.Open && lookahead != null ? lookahead.tenantOfLastOpen()
                    : e instanceof PlanEvent.Send s ? s.tenant() : RequestEvent.UNKNOWN_TENANT;
            int r = replicas(key, e.captureNanos(), tenant);
            if (r < 0 || r > maxReplicas) {
                throw new IllegalStateException("replicas " + r + " outside 0.." + maxReplicas);
            }
            n = r;
            decided.put(key, n);
        }
        if (e instanceof PlanEvent.Close) {
            decided.remove(key);
        }
        PlanEvent direct = null;
        for (int r = 0; r < n; r++) {
            long shift = shiftNanos(key, r);
            ConnectionKey replicaKey = maxReplicas == 1 ? key
                    : key.withCopy(Math.addExact(Math.multiplyExact(key.copy(), maxReplicas), r));
            PlanEvent out = rewrite(shift == 0 && replicaKey.equals(key) ? e : PlanEvents.moved(e, replicaKey, shift), r);
            if (shift == 0 && direct == null && reorder.isEmpty()) {
                direct = out;
            } else {
                reorder.add(out);
            }
        }
        return direct;
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
