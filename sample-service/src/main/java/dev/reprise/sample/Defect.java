package dev.reprise.sample;

import dev.reprise.format.InvalidSettingsException;

/**
 * The fault a sample service carries, so a replay can show which load profile finds it. The
 * "production" instance runs {@link None}; the "staging" instance runs the defect under test.
 */
public sealed interface Defect permits Defect.None, Defect.TenantPool, Defect.ContextLeak {
    /** The name used by {@code --defect}. */
    String name();

    /** A healthy service. */
    record None() implements Defect {
        @Override
        public String name() {
            return "none";
        }
    }

    /**
     * Each tenant gets its own worker pool of {@code slots} workers and a wait queue of
     * {@code queue} places; an API request holds a worker for its own work plus {@code holdMillis}
     * (the tenant's backend call). Requests beyond the workers wait; beyond the queue they get 503.
     *
     * <p>The defaults are chosen with Little's law for the demo's journal: about 50 to 100
     * requests/s over about 20 Zipf-distributed tenants (s = 1), replayed at speed 1.
     * <ul>
     * <li>A request holds a worker for W = 40 ms hold + about 5 ms of endpoint work = 45 ms, so a
     *     tenant's pool serves at most slots / W = 4 / 0.045 s = 89 requests/s.</li>
     * <li>As captured, the top Zipf tenant has 1/H(20) = 28% of the traffic: 14 to 28 requests/s.
     *     By Little's law it keeps L = 14..28 x 0.045 = 0.6..1.3 requests in flight, a utilisation of
     *     0.16..0.32; even a burst at twice that rate (0.64) fills all 4 + 16 places with a chance
     *     of about 0.64^16 (under 1e-3) times the chance all workers are busy, so practically never.</li>
     * <li>A uniform load of the same volume gives each tenant 2.5 to 5 requests/s, L under 0.25:
     *     nothing waits.</li>
     * <li>Amplified (copies 3, top tenant x10) the top tenant gets at least 8.5 times its captured
     *     rate even when the total volume is kept (its share rises from 28% to 79%, times 3 copies):
     *     119 to 240 requests/s, or up to 30 times without keeping volume. Either way its arrival rate
     *     exceeds the 89/s its pool can serve, so its queue fills within a second, its latency grows by
     *     the queue's 16 / 89 = 180 ms, and what arrives beyond it gets 503. The second tenant (14%)
     *     at most triples to 42 requests/s, utilisation 0.47: it stays fine.</li>
     * </ul>
     */
    record TenantPool(int slots, int queue, int holdMillis) implements Defect {
        public static final int DEFAULT_SLOTS = 4;
        public static final int DEFAULT_QUEUE = 16;
        public static final int DEFAULT_HOLD_MILLIS = 40;

        public TenantPool {
            if (slots < 1 || slots > 10_000) {
                throw new InvalidSettingsException("--pool-slots must be between 1 and 10000, not " + slots);
            }
            if (queue < 0 || queue > 1_000_000) {
                throw new InvalidSettingsException("--pool-queue must be between 0 and 1000000, not " + queue);
            }
            if (holdMillis < 0 || holdMillis > 60_000) {
                throw new InvalidSettingsException("--pool-hold-ms must be between 0 and 60000, not " + holdMillis);
            }
        }

        public static TenantPool defaults() {
            return new TenantPool(DEFAULT_SLOTS, DEFAULT_QUEUE, DEFAULT_HOLD_MILLIS);
        }

        @Override
        public String name() {
            return "tenant-pool";
        }
    }

    /**
     * The backend pool's keep-alive check retains a small context for every pooled connection it
     * checks, and never releases it: memory grows with uptime, at the same rate whether the
     * service is busy or idle, while latency and errors stay as they were. The leak of the essays'
     * connection-pool handler, which a short performance test on a fresh process never sees.
     *
     * <p>At the defaults, {@value #POOLED_CONNECTIONS} pooled connections checked every
     * {@value #CHECK_MILLIS} ms, each check keeping {@code contextBytes} = 4 KiB: 320 KiB a second,
     * about 1.1 GiB an hour.
     */
    record ContextLeak(int contextBytes) implements Defect {
        public static final int DEFAULT_CONTEXT_BYTES = 4096;
        public static final int POOLED_CONNECTIONS = 8;
        public static final int CHECK_MILLIS = 100;

        public ContextLeak {
            if (contextBytes < 1 || contextBytes > 1 << 20) {
                throw new InvalidSettingsException("--leak-bytes must be between 1 and 1048576, not " + contextBytes);
            }
        }

        @Override
        public String name() {
            return "context-leak";
        }
    }
}
