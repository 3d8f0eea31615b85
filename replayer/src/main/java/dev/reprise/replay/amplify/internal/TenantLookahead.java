package dev.reprise.replay.amplify.internal;

import dev.reprise.format.RequestEvent;
import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Holds a connection's Open back until its first request is read, so that a stage deciding by
 * tenant knows the connection's tenant when the connection starts. Events leave in the order
 * they came; only the span between an Open and its first request is held, which is usually a
 * fraction of a millisecond.
 *
 * <p>The hold is bounded: a connection that sends nothing within {@link #MAX_HOLD_NANOS} of
 * capture time, or while {@link #MAX_HELD_EVENTS} events pile up behind it, or that closes
 * without a request, is given the tenant {@link RequestEvent#UNKNOWN_TENANT}.
 */
public final class TenantLookahead implements PlanSource {
    public static final long MAX_HOLD_NANOS = 10_000_000_000L;
    public static final int MAX_HELD_EVENTS = 65_536;

    private final PlanSource upstream;
    private final ArrayDeque<PlanEvent> held = new ArrayDeque<>();
    /** Connections whose Open is held, and the tenant once known (null until then). */
    private final Map<PlanConnection, Waiting> waiting = new HashMap<>();
    private boolean upstreamDone;
    private String lastOpenTenant = RequestEvent.UNKNOWN_TENANT;

    public TenantLookahead(PlanSource upstream) {
        this.upstream = upstream;
    }

    @Override
    public PlanEvent next() {
        while (true) {
            PlanEvent head = held.peekFirst();
            if (head != null && releasable(head)) {
                held.pollFirst();
                if (head instanceof PlanEvent.Open) {
                    Waiting w = waiting.remove(head.planConnection());
                    lastOpenTenant = w == null || w.tenant == null ? RequestEvent.UNKNOWN_TENANT : w.tenant;
                }
                return head;
            }
            if (upstreamDone) {
                return null;
            }
            PlanEvent e = upstream.next();
            if (e == null) {
                upstreamDone = true;
                continue;
            }
            if (e instanceof PlanEvent.Open) {
                waiting.put(e.planConnection(), new Waiting(e.captureNanos()));
            } else {
                Waiting w = waiting.get(e.planConnection());
                if (w != null && w.tenant == null) {
                    // judged by the clock of the capture, not by how the stream was read, so the choice is repeatable
                    boolean inTime = e.captureNanos() - w.openNanos < MAX_HOLD_NANOS;
                    w.tenant = inTime && e instanceof PlanEvent.Send s ? s.tenant() : RequestEvent.UNKNOWN_TENANT;
                }
            }
            if (held.isEmpty() && !(e instanceof PlanEvent.Open)) {
                return e;
            }
            held.addLast(e);
        }
    }

    private boolean releasable(PlanEvent head) {
        if (!(head instanceof PlanEvent.Open) || upstreamDone) {
            return true;
        }
        Waiting w = waiting.get(head.planConnection());
        if (w == null || w.tenant != null) {
            return true;
        }
        return held.size() >= MAX_HELD_EVENTS
                || held.peekLast().captureNanos() - head.captureNanos() >= MAX_HOLD_NANOS;
    }

    /** The tenant of the connection whose Open {@link #next()} returned last. */
    public String tenantOfLastOpen() {
        return lastOpenTenant;
    }

    /** Events held back right now; for tests of the bound. */
    public int held() {
        return held.size();
    }

    private static final class Waiting {
        final long openNanos;
        String tenant;

        Waiting(long openNanos) {
            this.openNanos = openNanos;
        }
    }

    @Override
    public void close() {
        upstream.close();
    }
}
