package dev.reprise.capture;

/**
 * Memory settings of the libraries the proxy runs on, sized for a sidecar: they are system
 * properties read once when a class loads, so they are set first thing in {@code main}, and one
 * given with {@code -D} wins (see docs/capture.md, "Memory").
 */
final class SidecarDefaults {
    /**
     * Chronicle maps a journal file in blocks of this size and keeps a block's pages resident
     * while it is mapped. Its 64 MiB default put up to 80 MiB of written journal pages in the
     * proxy's RSS at 9,600 req/s; a 4 MiB block holds about 16,000 exchanges of 250 bytes.
     */
    static final String CHRONICLE_BLOCK = "SingleChronicleQueueBuilder.blocksize";
    /**
     * Netty samples buffers to find leaks by default, recording a stack trace for one buffer in
     * 128: about 1 % of what the event loop allocates, for a report nobody reads in production.
     */
    static final String NETTY_LEAK_DETECTION = "io.netty.leakDetection.level";

    private SidecarDefaults() {
    }

    static void apply() {
        setIfAbsent(CHRONICLE_BLOCK, String.valueOf(4L << 20));
        setIfAbsent(NETTY_LEAK_DETECTION, "disabled");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
