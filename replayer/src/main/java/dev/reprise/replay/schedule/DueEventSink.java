package dev.reprise.replay.schedule;

import dev.reprise.replay.plan.PlanEvent;

/** Where the scheduler hands each plan event at its due time. Called from the scheduler thread only. */
public interface DueEventSink {
    /**
     * @param dueNanos the {@link System#nanoTime()} the event was due at; under {@link Pace.MaxRate} the moment of dispatch
     */
    void dispatch(PlanEvent event, long dueNanos);
}
