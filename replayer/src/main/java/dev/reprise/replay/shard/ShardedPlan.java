package dev.reprise.replay.shard;

import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;

/**
 * The plan stage of {@code --shard i/N}: the events of the connections {@link ShardAssignment}
 * gives shard i, in the plan's order, times untouched. Applied after amplification and
 * {@code --rate}, so the union of the N shards is the unsharded plan, copies included, for the
 * same seed.
 */
public final class ShardedPlan implements PlanSource {
    private final PlanSource plan;
    private final Shard shard;
    private final ShardAssignment assignment;
    private long read;
    private long kept;

    public ShardedPlan(PlanSource plan, Shard shard) {
        this.plan = plan;
        this.shard = shard;
        this.assignment = new ShardAssignment(shard.count());
    }

    public static PlanSource of(PlanSource plan, Shard shard) {
        return shard.isWhole() ? plan : new ShardedPlan(plan, shard);
    }

    @Override
    public PlanEvent next() {
        for (PlanEvent e = plan.next(); e != null; e = plan.next()) {
            read++;
            if (assignment.shardOf(e) == shard.index()) {
                kept++;
                return e;
            }
        }
        return null;
    }

    /** Plan events read, and of them kept for this shard. */
    public long read() {
        return read;
    }

    public long kept() {
        return kept;
    }

    @Override
    public void close() {
        plan.close();
    }
}
