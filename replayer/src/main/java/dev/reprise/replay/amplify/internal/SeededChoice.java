package dev.reprise.replay.amplify.internal;

import dev.reprise.replay.plan.ConnectionKey;

/**
 * Random choices that depend only on the seed, the deciding stage and the connection, never on
 * the order events are read in: the same seed makes the same decisions for a connection whether
 * it is met first or last, in the first soak pass or the tenth.
 */
public final class SeededChoice {
    private final long seed;

    public SeededChoice(long seed) {
        this.seed = seed;
    }

    /** A uniform value in [0, 1) for this stage, connection and replica. */
    public double uniform(long stage, ConnectionKey key, int replica) {
        long h = mix(seed ^ mix(stage));
        h = mix(h ^ key.journal());
        h = mix(h ^ key.connectionId());
        h = mix(h ^ key.copy());
        h = mix(h ^ replica);
        return (h >>> 11) * 0x1.0p-53;
    }

    /**
     * How many replicas a connection gets for an expected count of {@code factor}: the integer
     * part always, one more with the probability of the fraction.
     */
    public int replicas(long stage, ConnectionKey key, double factor) {
        int whole = (int) Math.floor(factor);
        double fraction = factor - whole;
        return fraction > 0 && uniform(stage, key, -1) < fraction ? whole + 1 : whole;
    }

    /** The 64-bit finaliser of SplitMix: every input bit moves every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
