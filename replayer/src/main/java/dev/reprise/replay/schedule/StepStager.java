package dev.reprise.replay.schedule;

import dev.reprise.replay.plan.PlanEvent;

import java.util.List;

/** Turns plan events into steps for the event loops. Called from the scheduler thread only. */
public interface StepStager {
    /**
     * Does what the event needs on the scheduler thread (bookkeeping in plan order) and returns
     * the step left for its event loop, or null when nothing is left (then the event's place in
     * the backlog was given back).
     *
     * @param dueNanos the {@link System#nanoTime()} the event is due at; under {@link Pace.MaxRate} the moment it was read
     */
    DueStep stage(PlanEvent event, long dueNanos);

    /**
     * Before t0: opens now the connections of these Opens, due in the first moments of the
     * replay, and waits (bounded) until they are established or failed, so the replay's first
     * requests do not wait for a burst of connects. Their Opens are still staged at their due
     * time; a connection already open ignores it.
     */
    void openEarly(List<PlanEvent.Open> opens);
}
