package dev.reprise.replay.amplify.internal;

import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanEvent;

/** Moves a plan event to another connection and later in time, keeping what it carries. */
public final class PlanEvents {
    private PlanEvents() {
    }

    public static PlanEvent moved(PlanEvent e, ConnectionKey key, long shiftNanos) {
        long t = e.captureNanos() + shiftNanos;
        if (e instanceof PlanEvent.Send s) {
            return new PlanEvent.Send(key, t, s.stored(), s.tenant());
        }
        if (e instanceof PlanEvent.Recorded r) {
            return new PlanEvent.Recorded(key, t, r.stored());
        }
        if (e instanceof PlanEvent.Open) {
            return new PlanEvent.Open(key, t);
        }
        return new PlanEvent.Close(key, t);
    }
}
