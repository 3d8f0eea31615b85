package dev.reprise.replay.report;

import dev.reprise.replay.report.ReplayReport.KeepingUp;
import dev.reprise.replay.report.ReplayReport.Latency;
import dev.reprise.replay.report.ReplayReport.SendLagSplit;
import dev.reprise.cli.Units;

/**
 * Whether the replayer kept to the schedule. Send lag has two causes that call for opposite
 * actions: the replayer itself running late (fix the replayer or the machine), and a target slow
 * to answer, which holds each preserved connection until its previous response ends (that is the
 * target's behaviour, and what the replay is there to show). With the lag split per request
 * between the two, only the replayer's own part decides "behind".
 */
public final class KeepingUpVerdict {
    /** The target counts as slower than production when its own p99 is more than this many times production's. */
    private static final double SLOWER_FACTOR = 2.0;

    private KeepingUpVerdict() {
    }

    /**
     * @param split the lag split between replayer and target, or null when it was not measured
     */
    public static KeepingUp judge(Latency latency, long thresholdMicros, boolean lagGrowing, SendLagSplit split) {
        long lagP99 = latency.sendLag().p99Micros();
        Boolean slower = latency.production().count() == 0 || latency.fromSend().count() == 0 ? null
                : latency.fromSend().p99Micros() > SLOWER_FACTOR * latency.production().p99Micros();
        Long ownP99 = split == null || split.replayer().count() == 0 ? null : split.replayer().p99Micros();
        Long held = split == null ? null : split.heldByTarget();
        boolean lagHigh = lagP99 > thresholdMicros || lagGrowing;
        boolean ownHigh = ownP99 == null ? lagHigh : ownP99 > thresholdMicros;
        boolean targetHeld = lagHigh && !ownHigh && held != null && held > 0;
        boolean behind = ownP99 == null ? lagHigh : ownHigh;
        String lag = "send lag p99 " + Units.micros(lagP99) + " (threshold " + Units.micros(thresholdMicros) + ")"
                + (lagGrowing ? ", growing across the run" : "");
        String own = ownP99 == null ? "" : "; the replayer's own part p99 " + Units.micros(ownP99);
        String verdict;
        if (latency.sendLag().count() == 0) {
            verdict = "Nothing was sent, so there is no send lag to judge the replayer by.";
        } else if (targetHeld) {
            verdict = "The replayer kept up; the target held connections: " + Units.count(held)
                    + " requests waited for the previous response on their connection (" + lag + own + ")."
                    + " Latency from intended send includes that wait, as production's clients would have seen it.";
        } else if (!behind) {
            verdict = "The replayer kept up: " + lag + own + ".";
        } else if (ownP99 == null && Boolean.TRUE.equals(slower)) {
            verdict = "Requests went out late (" + lag + ") while the target was slower than production (p99 "
                    + Units.micros(latency.fromSend().p99Micros()) + " against " + Units.micros(latency.production().p99Micros())
                    + "): on a preserved connection a request waits for the previous response, so the lag may come"
                    + " from the target rather than the replayer.";
        } else {
            verdict = "The replayer could not keep up: " + lag + own + ". Latency from intended send includes this lag;"
                    + " latency from actual send is the target's alone.";
        }
        return new KeepingUp(behind, slower, lagP99, thresholdMicros, lagGrowing, verdict, ownP99, held, targetHeld);
    }
}
