package dev.reprise.replay.cli.internal;

/**
 * Netty's settings for the replayer's process. They are system properties read once when a
 * Netty class loads, so they are set first thing in {@code main}; one given with {@code -D} wins.
 */
public final class NettyDefaults {
    /**
     * Netty samples one buffer in 128 to find leaks: a stack trace taken, a weak reference and an
     * entry in a shared set per sampled buffer, and a call through every pipeline step for the
     * others. A replay allocates a buffer per request and one per response read, so that was 2–3%
     * of a {@code --max-rate} run's CPU samples (perf, 32 × 16,000 requests against nginx), for a
     * report nobody reads while replaying. The replayer's tests keep Netty's default.
     */
    static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    private NettyDefaults() {
    }

    public static void apply() {
        if (System.getProperty(LEAK_DETECTION) == null) {
            System.setProperty(LEAK_DETECTION, "disabled");
        }
    }
}
