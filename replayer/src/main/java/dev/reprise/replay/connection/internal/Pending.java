package dev.reprise.replay.connection.internal;

import dev.reprise.replay.plan.PlanEvent;

/** A request handed over at its due time and not yet written. */
record Pending(PlanEvent.Send send, long dueNanos) {
    Exchange exchange() {
        return new Exchange(send, dueNanos);
    }
}
