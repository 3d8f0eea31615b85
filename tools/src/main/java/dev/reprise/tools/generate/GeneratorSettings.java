package dev.reprise.tools.generate;

import dev.reprise.format.InvalidSettingsException;
import java.time.Instant;
import java.util.Objects;

/**
 * What a synthetic journal looks like. Rates and counts are means of random distributions;
 * the same settings with the same seed give the same journal, byte for byte.
 *
 * @param seed                  the random seed
 * @param startNanos            epoch nanoseconds of the journal's start
 * @param durationNanos         length of the journal; no event is at or after start + duration
 * @param meanRate              mean requests per second over the whole duration
 * @param tenants               number of tenants, ranked by a Zipf law
 * @param tenantSkew            the Zipf exponent: a tenant of rank k gets a share proportional to 1/k^skew
 * @param requestsPerConnection mean requests per keep-alive connection (geometric, at least 1)
 * @param meanThinkNanos        mean pause between a response and the next request on a connection (exponential)
 * @param dailySwing            0 for a flat rate; 1 for the full daily curve (quiet nights, busy afternoons, UTC)
 * @param maxRequests           stop after this many requests (Long.MAX_VALUE for no limit)
 * @param maxBodyBytes          the body cap: stored bodies are cut to this many bytes, the true length kept
 * @param host                  the Host header of every request
 */
public record GeneratorSettings(long seed, long startNanos, long durationNanos, double meanRate, int tenants,
                                double tenantSkew, double requestsPerConnection, long meanThinkNanos,
                                double dailySwing, long maxRequests, int maxBodyBytes, String host) {
    /** The default start, fixed rather than "now" so the same flags always give the same journal. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    public static final int MAX_TENANTS = 1_000_000;

    public GeneratorSettings {
        Objects.requireNonNull(host, "host");
        if (durationNanos <= 0) {
            throw new InvalidSettingsException("duration must be positive");
        }
        if (startNanos < 0) {
            throw new InvalidSettingsException("start must not be before 1970-01-01T00:00:00Z");
        }
        if (startNanos > Long.MAX_VALUE - durationNanos) {
            throw new InvalidSettingsException("start plus duration is past the year 2262");
        }
        if (!(meanRate > 0) || meanRate > 10_000_000) {
            throw new InvalidSettingsException("rate must be above 0 and at most 10000000 requests/s, got " + meanRate);
        }
        if (tenants < 1 || tenants > MAX_TENANTS) {
            throw new InvalidSettingsException("tenants must be between 1 and " + MAX_TENANTS + ", got " + tenants);
        }
        if (!(tenantSkew >= 0) || tenantSkew > 10) {
            throw new InvalidSettingsException("tenant skew must be between 0 and 10, got " + tenantSkew);
        }
        if (!(requestsPerConnection >= 1) || requestsPerConnection > 1_000_000) {
            throw new InvalidSettingsException("requests per connection must be between 1 and 1000000, got "
                    + requestsPerConnection);
        }
        if (meanThinkNanos < 0) {
            throw new InvalidSettingsException("think time must not be negative");
        }
        if (!(dailySwing >= 0) || dailySwing > 1) {
            throw new InvalidSettingsException("daily swing must be between 0 and 1, got " + dailySwing);
        }
        if (maxRequests < 1) {
            throw new InvalidSettingsException("request limit must be at least 1, got " + maxRequests);
        }
        if (maxBodyBytes < 0) {
            throw new InvalidSettingsException("body cap must not be negative, got " + maxBodyBytes);
        }
        if (host.isBlank()) {
            throw new InvalidSettingsException("host must not be blank");
        }
    }

    /** Settings with the usual shape: 200 tenants with skew 1.1, 8 requests per connection, 2 s think time. */
    public static GeneratorSettings of(long seed, Instant start, java.time.Duration duration, double meanRate) {
        return new GeneratorSettings(seed, nanos(start), duration.toNanos(), meanRate, 200, 1.1, 8, 2_000_000_000L,
                0.8, Long.MAX_VALUE, 256, "shop.example.com");
    }

    public long endNanos() {
        return startNanos + durationNanos;
    }

    public GeneratorSettings withTenants(int n, double skew) {
        return new GeneratorSettings(seed, startNanos, durationNanos, meanRate, n, skew, requestsPerConnection,
                meanThinkNanos, dailySwing, maxRequests, maxBodyBytes, host);
    }

    public GeneratorSettings withConnections(double requestsPerConnection, long meanThinkNanos) {
        return new GeneratorSettings(seed, startNanos, durationNanos, meanRate, tenants, tenantSkew,
                requestsPerConnection, meanThinkNanos, dailySwing, maxRequests, maxBodyBytes, host);
    }

    public GeneratorSettings withDailySwing(double swing) {
        return new GeneratorSettings(seed, startNanos, durationNanos, meanRate, tenants, tenantSkew,
                requestsPerConnection, meanThinkNanos, swing, maxRequests, maxBodyBytes, host);
    }

    public GeneratorSettings withMaxRequests(long max) {
        return new GeneratorSettings(seed, startNanos, durationNanos, meanRate, tenants, tenantSkew,
                requestsPerConnection, meanThinkNanos, dailySwing, max, maxBodyBytes, host);
    }

    public GeneratorSettings withBodyCap(int bytes) {
        return new GeneratorSettings(seed, startNanos, durationNanos, meanRate, tenants, tenantSkew,
                requestsPerConnection, meanThinkNanos, dailySwing, maxRequests, bytes, host);
    }

    public GeneratorSettings withHost(String h) {
        return new GeneratorSettings(seed, startNanos, durationNanos, meanRate, tenants, tenantSkew,
                requestsPerConnection, meanThinkNanos, dailySwing, maxRequests, maxBodyBytes, h);
    }

    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }
}
