package dev.reprise.replay.plan;

/** The first events of a plan, then its end: what a rehearsal before t0 reads. */
public final class FirstEvents implements PlanSource {
    private final PlanSource plan;
    private long left;

    public FirstEvents(PlanSource plan, long events) {
        this.plan = plan;
        this.left = events;
    }

    @Override
    public PlanEvent next() {
        return left-- > 0 ? plan.next() : null;
    }

    @Override
    public void close() {
        plan.close();
    }
}
