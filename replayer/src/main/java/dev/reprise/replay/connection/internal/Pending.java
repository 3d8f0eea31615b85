package dev.reprise.replay.connection.internal;

import dev.reprise.replay.plan.PlanEvent;

/**
 * A request handed over at its due time and not yet written.
 *
 * @param pipelined the capture sent it before production's answer to the previous request began,
 *                  so it may go out before the replayed answer has ended
 */
record Pending(PlanEvent.Send send, long dueNanos, boolean pipelined) {
    Exchange exchange() {
        return new Exchange(send, dueNanos);
    }
}
