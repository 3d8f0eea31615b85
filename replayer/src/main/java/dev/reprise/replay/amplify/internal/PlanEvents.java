package dev.reprise.replay.amplify.internal;

import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.plan.PlanEvent;

/** Moves a plan event to another connection and later in time, keeping what it carries. */
public final class PlanEvents {
    private PlanEvents() {
    }

    public static PlanEvent moved(PlanEvent e, PlanConnection connection, long shiftNanos) {
        long t = e.captureNanos() + shiftNanos;
        if (e instanceof PlanEvent.Send s) {
            return new PlanEvent.Send(connection, t, s.stored(), s.tenant());
        }
        if (e instanceof PlanEvent.Recorded r) {
            return new PlanEvent.Recorded(connection, t, r.stored());
        }
        if (e instanceof PlanEvent.Open) {
            return new PlanEvent.Open(connection, t);
        }
        return new PlanEvent.Close(connection, t);
    }
}
