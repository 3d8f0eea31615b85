package dev.reprise.replay.schedule;

import dev.reprise.format.DurationText;

import java.time.Instant;

/**
 * {@code --start-at}: t0 is due at a wall-clock instant shared by every shard, rather than as soon
 * as the replay is set up. The instant is turned into the {@link System#nanoTime()} scale once,
 * when the run begins, so that the schedule stays on the monotonic clock; what the wall clock
 * does afterwards (an NTP step) moves nothing.
 *
 * <p>Connections due in the first moments are opened {@code preOpenNanos} before the start, not
 * as soon as the plan is read: a start minutes away would otherwise leave them idle long enough
 * for the target to close them.
 *
 * @param epochNanos   the start, epoch nanoseconds (UTC)
 * @param startNanoTime the same instant on the {@link System#nanoTime()} scale
 * @param preOpenNanos how long before the start the first connections are opened
 */
public record SynchronisedStart(long epochNanos, long startNanoTime, long preOpenNanos) {
    /** The start as this machine's clocks see it now. */
    public static SynchronisedStart at(Instant instant, long preOpenNanos) {
        Instant now = Instant.now();
        long nanoNow = System.nanoTime();
        long epoch = epochNanos(instant);
        return new SynchronisedStart(epoch, nanoNow + (epoch - epochNanos(now)), preOpenNanos);
    }

    public Instant instant() {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    /** Time left before the start, negative once it has passed. */
    public long marginNanos() {
        return startNanoTime - System.nanoTime();
    }

    /**
     * @throws StartMissedException if the start has passed: a shard that starts late would skew every
     *                          figure merged with the others, so it does not start at all
     */
    public void checkReady(String what) {
        long margin = marginNanos();
        if (margin <= 0) {
            throw notReady(what, -margin);
        }
    }

    public StartMissedException notReady(String what, long lateNanos) {
        return new StartMissedException("not ready by --start-at " + instant() + ": " + what + " "
                + DurationText.human(lateNanos) + " after it; this shard did not start, so it cannot skew the others."
                + " Give the shards a later --start-at");
    }

    static long epochNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
