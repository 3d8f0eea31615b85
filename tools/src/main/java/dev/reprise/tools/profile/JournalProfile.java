package dev.reprise.tools.profile;

import java.util.List;
import java.util.Map;

/**
 * The profile of a capture: how much traffic, how bursty, how concurrent, how skewed across
 * tenants and endpoints, and how it went. Times are ISO-8601 UTC strings beside epoch
 * nanoseconds; latencies are milliseconds from a request's first byte to its response's last byte.
 */
public record JournalProfile(List<Source> journals, Span span, Events events, Rate rate, Concurrency concurrency,
                             Latency latency, Tenants tenants, List<Endpoint> endpoints, Statuses statuses,
                             Bytes bytes, List<String> notes) {

    /** One journal read: where, who wrote it, and with what capture settings. */
    public record Source(String path, String writerId, String format, String started, int bodyCapBytes,
                         boolean redacted, double sampleRate, List<String> tenantRules, List<String> filters) {
    }

    /** The first and last event read. Null times when no event was read. */
    public record Span(String first, String last, Long firstNanos, Long lastNanos, double seconds) {
    }

    public record Events(long total, long connectionsOpened, long requests, long responses, long connectionsClosed,
                         long upgrades) {
    }

    /** Requests per second: the mean over the span, the busiest single second, and a timeline. */
    public record Rate(double mean, long peak, String peakAt, long windowSeconds, List<Window> timeline) {
    }

    /** One timeline row: requests in the window, their mean rate over the part inside the span, its busiest second. */
    public record Window(String start, long requests, double meanPerSecond, long peakPerSecond) {
    }

    public record Concurrency(Level openConnections, Level inFlightRequests, Distribution requestsPerConnection,
                              Distribution connectionSeconds) {
    }

    /** A level over time: time-weighted mean and 99th percentile, and its maximum. */
    public record Level(double mean, long p99, long max) {
    }

    public record Distribution(long count, double mean, double p50, double p99, double max) {
    }

    public record Latency(long count, double p50Millis, double p90Millis, double p99Millis, double p999Millis,
                          double maxMillis) {
    }

    /**
     * Requests by tenant. {@code count} and the skew figures are over requests that have a tenant;
     * {@code gini} is 0 for an even spread and near 1 when one tenant has everything.
     */
    public record Tenants(long count, boolean capped, long untenantedRequests, double gini, long top1PercentTenants,
                          double top1PercentShare, List<Tenant> top) {
    }

    public record Tenant(String tenant, long requests, double share) {
    }

    public record Endpoint(String endpoint, long requests, double share, double p50Millis, double p99Millis,
                           double meanResponseBytes, double serverErrorShare) {
    }

    /** Responses by status and status class, and exchanges by outcome. */
    public record Statuses(Map<String, Long> classes, List<Status> top, Map<String, Long> outcomes) {
    }

    public record Status(int status, long responses, double share) {
    }

    public record Bytes(BodyBytes requestBodies, BodyBytes responseBodies) {
    }

    /** True lengths of bodies, the part stored in the journal, and how many were cut at the body cap. */
    public record BodyBytes(long count, long total, long stored, double mean, long max, long truncated) {
    }
}
