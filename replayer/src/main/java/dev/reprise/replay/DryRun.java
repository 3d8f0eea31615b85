package dev.reprise.replay;

import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.schedule.Pace;
import dev.reprise.replay.schedule.ReplaySchedule;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code --dry-run}: reads and schedules the plan exactly as a replay would, without waiting for
 * due times or sending anything, and tallies what would be sent. The rate it reaches is the
 * most the plan side could feed a replay.
 */
public final class DryRun {
    private DryRun() {
    }

    /**
     * Whether to read the journals on a thread of their own, ahead of the one planning
     * ({@code JournalWindow.readingAhead}): when there is a second core. The reader only reads
     * records and the planner lays them out, which puts about 60% of the work on the reader.
     * Two readers each reading chunks of the window cost 40-140% more CPU (a seek per chunk, more
     * records alive across collections), and the reorder window moved to the planner evened the
     * threads but not the process; both were slower on the wall clock on a shared two-core
     * machine, so neither was kept. Nor was reading the journal in parts on two threads without
     * seeking (each part between points Chronicle's index reaches directly, merged back in
     * order): 20-40% more process CPU, and the thread merging and planning became the longer one
     * (docs/bench-notes/week-scale.md).
     */
    public static boolean readsAhead() {
        return Runtime.getRuntime().availableProcessors() >= 2;
    }

    /**
     * @param requests          requests that would be sent
     * @param connections       connections that would be opened (captured mode)
     * @param maxConcurrent     the most of those open at once
     * @param byMethod          requests per method
     * @param scheduleNanos     from t0 to the last event's due time: how long the replay would take
     *                          (under {@code --max-rate}, at speed 1)
     * @param elapsedNanos      how long reading and scheduling took, once the plan was open (opening it may
     *                          read the window first, for amplification or to find its end)
     */
    public record Tally(long requests, long connections, int maxConcurrent, Map<String, Long> byMethod,
                        long scheduleNanos, long elapsedNanos) {
        /** Requests per second the plan could be read and scheduled at. */
        public double rate() {
            return elapsedNanos <= 0 ? 0 : requests / (elapsedNanos / 1e9);
        }
    }

    /** Reads the plan on the calling thread, stamping each event with the due time it would have had. */
    public static Tally run(Supplier<PlanSource> plan, long captureOriginNanos, Pace pace) {
        Counter counter = new Counter();
        double speed = pace instanceof Pace.Timed t ? t.speed() : 1.0;
        long started;
        try (PlanSource p = plan.get()) {
            started = System.nanoTime();
            ReplaySchedule schedule = new ReplaySchedule(captureOriginNanos, started, speed);
            for (PlanEvent e = p.next(); e != null; e = p.next()) {
                counter.dispatch(e, schedule.dueNanos(e.captureNanos()));
            }
        }
        long elapsed = System.nanoTime() - started;
        return new Tally(counter.requests, counter.connections, counter.maxOpen, counter.byMethod(),
                Math.max(0, counter.lastDue - started), elapsed);
    }

    /**
     * Tallies the plan as it goes by. Whether a connection is open is kept on the connection
     * itself, in a slot of its own, rather than in a set of keys: one reference per event instead
     * of hashing a key record into a set of up to a week's worth of connections.
     */
    private static final class Counter {
        private static final PlanConnection.Slot<Boolean> OPEN = PlanConnection.Slot.named("dry run: open");
        private int open;
        /** Counts per method; the plan gives the same String for each common method, so the last one is checked first. */
        private final Map<String, long[]> byMethod = new HashMap<>();
        private String lastMethod;
        private long[] lastCount;
        private long requests;
        private long connections;
        private int maxOpen;
        private long lastDue;

        void dispatch(PlanEvent e, long dueNanos) {
            lastDue = Math.max(lastDue, dueNanos);
            if (e instanceof PlanEvent.Send s) {
                requests++;
                String method = s.stored().method();
                if (method != lastMethod) {
                    lastCount = byMethod.computeIfAbsent(method, m -> new long[1]);
                    lastMethod = method;
                }
                lastCount[0]++;
                opened(s.planConnection());
            } else if (e instanceof PlanEvent.Open o) {
                opened(o.planConnection());
            } else if (e instanceof PlanEvent.Close c) {
                PlanConnection pc = c.planConnection();
                if (pc.get(OPEN, this) != null) {
                    pc.clear(OPEN, this);
                    open--;
                }
            }
        }

        Map<String, Long> byMethod() {
            Map<String, Long> out = new TreeMap<>();
            byMethod.forEach((m, n) -> out.put(m, n[0]));
            return out;
        }

        private void opened(PlanConnection c) {
            if (c.get(OPEN, this) == null) {
                c.set(OPEN, this, Boolean.TRUE);
                connections++;
                maxOpen = Math.max(maxOpen, ++open);
            }
        }
    }
}
