package dev.reprise.sample.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the sample service saw, per tenant: requests, 503s, the most requests in flight at once,
 * and latency as the service measured it (arrival to response written). Served as JSON on
 * {@code /stats} for the demo to read. Thread-safe.
 *
 * <p>Memory is bounded whatever clients send: at most {@link #MAX_TENANTS} tenants are told
 * apart, later ones are counted together under {@link #OTHER_TENANTS}.
 */
public final class ServiceStats {
    public static final int MAX_TENANTS = 10_000;
    public static final String OTHER_TENANTS = "(other)";
    private static final JsonFactory JSON = new JsonFactory();

    private final ConcurrentHashMap<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final AtomicLong connections = new AtomicLong();

    /** The key a tenant is counted (and pooled) under. */
    public String tenantKey(String tenant) {
        if (tenants.containsKey(tenant) || tenants.size() < MAX_TENANTS) {
            return tenant;
        }
        return OTHER_TENANTS;
    }

    public void connectionAccepted() {
        connections.incrementAndGet();
    }

    /** Counts a request's arrival and returns the counters to finish it on. */
    public Tenant arrived(String tenantKey) {
        Tenant t = tenants.computeIfAbsent(tenantKey, k -> new Tenant());
        t.arrived();
        return t;
    }

    /** Forgets everything counted so far, so one instance can serve several measured runs. */
    public void reset() {
        tenants.clear();
        connections.set(0);
    }

    /** The stats as a JSON document. */
    public byte[] toJson(String name, String defect, Map<String, Object> defectSettings) {
        Map<String, Tenant> sorted = new TreeMap<>(tenants);
        long requests = 0;
        long rejected = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 128 * sorted.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeStringField("defect", defect);
            g.writeObjectFieldStart("settings");
            for (Map.Entry<String, Object> e : defectSettings.entrySet()) {
                g.writeFieldName(e.getKey());
                g.writeNumber(((Number) e.getValue()).longValue());
            }
            g.writeEndObject();
            g.writeNumberField("connections", connections.get());
            g.writeObjectFieldStart("tenants");
            for (Map.Entry<String, Tenant> e : sorted.entrySet()) {
                Tenant.Snapshot s = e.getValue().snapshot();
                requests += s.requests;
                rejected += s.rejected;
                g.writeObjectFieldStart(e.getKey());
                g.writeNumberField("requests", s.requests);
                g.writeNumberField("rejected", s.rejected);
                g.writeNumberField("maxConcurrency", s.maxInFlight);
                g.writeNumberField("meanMillis", s.finished == 0 ? 0.0 : Math.round(s.totalNanos / 1e3 / s.finished) / 1e3);
                g.writeNumberField("maxMillis", Math.round(s.maxNanos / 1e3) / 1e3);
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeNumberField("requests", requests);
            g.writeNumberField("rejected", rejected);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One tenant's counters. */
    public static final class Tenant {
        private long requests;
        private long rejected;
        private int inFlight;
        private int maxInFlight;
        private long finished;
        private long totalNanos;
        private long maxNanos;

        synchronized void arrived() {
            requests++;
            inFlight++;
            if (inFlight > maxInFlight) {
                maxInFlight = inFlight;
            }
        }

        /** The request got its response after {@code nanos}; {@code refused} when that was a 503. */
        public synchronized void finished(long nanos, boolean refused) {
            inFlight--;
            finished++;
            if (refused) {
                rejected++;
            }
            totalNanos += nanos;
            if (nanos > maxNanos) {
                maxNanos = nanos;
            }
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(requests, rejected, maxInFlight, finished, totalNanos, maxNanos);
        }

        private record Snapshot(long requests, long rejected, int maxInFlight, long finished, long totalNanos, long maxNanos) {
        }
    }
}
