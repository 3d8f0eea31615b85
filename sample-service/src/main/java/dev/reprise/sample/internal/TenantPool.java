package dev.reprise.sample.internal;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-tenant worker slots with a bounded wait queue: the sample service's deliberate defect.
 * A tenant's requests start at once while it has a free slot, wait (first come, first served)
 * while its queue has room, and are refused beyond that. Tenants never share slots, so one
 * tenant's overload cannot reach another.
 *
 * <p>Thread-safe; callers pass already-bounded tenant keys (see {@link ServiceStats#tenantKey}),
 * so the number of lanes is bounded too. A start action runs outside the pool's locks, on the
 * thread that admitted or released, and must hand itself to its own event loop.
 */
public final class TenantPool {
    private final int slots;
    private final int queue;
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

    public TenantPool(int slots, int queue) {
        this.slots = slots;
        this.queue = queue;
    }

    /** What became of a request that asked for a slot. */
    public enum Admission { STARTED, QUEUED, REFUSED }

    /**
     * Runs {@code start} now if the tenant has a free slot, later when a slot frees if its queue
     * has room, or never. Every started request must be followed by one {@link #release}.
     */
    public Admission admit(String tenant, Runnable start) {
        Lane lane = lanes.computeIfAbsent(tenant, t -> new Lane());
        synchronized (lane) {
            if (lane.busy < slots) {
                lane.busy++;
            } else if (lane.waiting.size() < queue) {
                lane.waiting.addLast(start);
                return Admission.QUEUED;
            } else {
                return Admission.REFUSED;
            }
        }
        start.run();
        return Admission.STARTED;
    }

    /** Frees a slot of the tenant's, handing it straight to the oldest waiting request if there is one. */
    public void release(String tenant) {
        Lane lane = lanes.get(tenant);
        if (lane == null) {
            throw new IllegalStateException("release without admit for tenant " + tenant);
        }
        Runnable next;
        synchronized (lane) {
            next = lane.waiting.pollFirst();
            if (next == null) {
                if (lane.busy == 0) {
                    throw new IllegalStateException("release without admit for tenant " + tenant);
                }
                lane.busy--;
            }
        }
        if (next != null) {
            next.run();
        }
    }

    /** Requests of the tenant holding a slot now. */
    public int busy(String tenant) {
        Lane lane = lanes.get(tenant);
        if (lane == null) {
            return 0;
        }
        synchronized (lane) {
            return lane.busy;
        }
    }

    /** Requests of the tenant waiting now. */
    public int waiting(String tenant) {
        Lane lane = lanes.get(tenant);
        if (lane == null) {
            return 0;
        }
        synchronized (lane) {
            return lane.waiting.size();
        }
    }

    private static final class Lane {
        int busy;
        final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    }
}
