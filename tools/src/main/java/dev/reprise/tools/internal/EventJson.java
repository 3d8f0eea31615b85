package dev.reprise.tools.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.format.Body;
import dev.reprise.format.CaptureSettings;
import dev.reprise.format.CloseSide;
import dev.reprise.format.ConnectionClosed;
import dev.reprise.format.ConnectionOpened;
import dev.reprise.format.Header;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalHeader;
import dev.reprise.format.Outcome;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.format.UpgradeEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One journal event as one JSON object, for export and import. Field names are the events'
 * own; times are epoch nanoseconds as integers, bodies base64 with their true length beside
 * them, headers [name, value] pairs in wire order. Reading is strict: a missing, unknown or
 * mistyped field is an error naming the field, since a silently altered event would make a
 * replay lie.
 */
public final class EventJson {
    public static final String HEADER = "header";
    public static final String OPENED = "opened";
    public static final String REQUEST = "request";
    public static final String RESPONSE = "response";
    public static final String CLOSED = "closed";
    public static final String UPGRADE = "upgrade";
    /** Present only in exports of several journals: which journal, in the order given, an event is from. */
    public static final String JOURNAL = "journal";

    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64_IN = Base64.getDecoder();

    private EventJson() {
    }

    /** Writes an event as one object; {@code journal} is -1 to leave the journal field out. */
    public static void write(JsonGenerator g, JournalEvent event, int journal) throws IOException {
        g.writeStartObject();
        if (event instanceof JournalHeader h) {
            g.writeStringField("type", HEADER);
            journal(g, journal);
            g.writeNumberField("formatMajor", h.formatMajor());
            g.writeNumberField("formatMinor", h.formatMinor());
            g.writeStringField("writerId", h.writerId());
            g.writeNumberField("timeNanos", h.timeNanos());
            CaptureSettings s = h.settings();
            g.writeObjectFieldStart("settings");
            g.writeNumberField("maxBodyBytes", s.maxBodyBytes());
            g.writeBooleanField("redacted", s.redacted());
            strings(g, "redactedHeaders", s.redactedHeaders());
            strings(g, "redactedJsonFields", s.redactedJsonFields());
            g.writeNumberField("sampleRate", s.sampleRate());
            strings(g, "filters", s.filters());
            strings(g, "tenantRules", s.tenantRules());
            g.writeEndObject();
        } else if (event instanceof ConnectionOpened o) {
            g.writeStringField("type", OPENED);
            journal(g, journal);
            g.writeNumberField("connectionId", o.connectionId());
            g.writeNumberField("timeNanos", o.timeNanos());
            g.writeStringField("clientAddress", o.clientAddress());
            g.writeStringField("listenerAddress", o.listenerAddress());
        } else if (event instanceof RequestEvent r) {
            g.writeStringField("type", REQUEST);
            journal(g, journal);
            g.writeNumberField("connectionId", r.connectionId());
            g.writeNumberField("sequence", r.sequence());
            g.writeNumberField("firstByteNanos", r.firstByteNanos());
            g.writeNumberField("lastByteNanos", r.lastByteNanos());
            g.writeStringField("method", r.method());
            g.writeStringField("target", r.target());
            g.writeStringField("httpVersion", r.httpVersion());
            headers(g, r.headers());
            body(g, r.body());
            g.writeStringField("tenant", r.tenant());
        } else if (event instanceof ResponseEvent r) {
            g.writeStringField("type", RESPONSE);
            journal(g, journal);
            g.writeNumberField("connectionId", r.connectionId());
            g.writeNumberField("sequence", r.sequence());
            g.writeNumberField("status", r.status());
            headers(g, r.headers());
            body(g, r.body());
            g.writeNumberField("firstByteNanos", r.firstByteNanos());
            g.writeNumberField("lastByteNanos", r.lastByteNanos());
            g.writeStringField("outcome", r.outcome().name());
            if (r.upstreamRetries() > 0) {
                g.writeNumberField("upstreamRetries", r.upstreamRetries());
            }
        } else if (event instanceof ConnectionClosed c) {
            g.writeStringField("type", CLOSED);
            journal(g, journal);
            g.writeNumberField("connectionId", c.connectionId());
            g.writeNumberField("timeNanos", c.timeNanos());
            g.writeStringField("side", c.side().name());
        } else if (event instanceof UpgradeEvent u) {
            g.writeStringField("type", UPGRADE);
            journal(g, journal);
            g.writeNumberField("connectionId", u.connectionId());
            g.writeNumberField("sequence", u.sequence());
            g.writeNumberField("timeNanos", u.timeNanos());
            g.writeStringField("protocol", u.protocol());
        }
        g.writeEndObject();
    }

    private static void journal(JsonGenerator g, int journal) throws IOException {
        if (journal >= 0) {
            g.writeNumberField(JOURNAL, journal);
        }
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void headers(JsonGenerator g, List<Header> headers) throws IOException {
        g.writeArrayFieldStart("headers");
        for (Header h : headers) {
            g.writeStartArray();
            g.writeString(h.name());
            g.writeString(h.value());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void body(JsonGenerator g, Body body) throws IOException {
        g.writeStringField("body", B64.encodeToString(body.bytes()));
        g.writeNumberField("bodyLength", body.length());
    }

    /**
     * Reads one event object.
     *
     * @throws IllegalArgumentException naming the field that is missing, unknown or of the wrong type
     */
    public static JournalEvent read(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String type = text(n, "type");
        switch (type) {
            case HEADER -> {
                only(n, "type", JOURNAL, "formatMajor", "formatMinor", "writerId", "timeNanos", "settings");
                JsonNode s = field(n, "settings");
                if (!s.isObject()) {
                    throw new IllegalArgumentException("field 'settings' must be an object");
                }
                only(s, "maxBodyBytes", "redacted", "redactedHeaders", "redactedJsonFields", "sampleRate", "filters",
                        "tenantRules");
                CaptureSettings settings;
                try {
                    settings = new CaptureSettings(integer(s, "maxBodyBytes"), bool(s, "redacted"),
                            strings(s, "redactedHeaders"), strings(s, "redactedJsonFields"), number(s, "sampleRate"),
                            strings(s, "filters"), strings(s, "tenantRules"));
                } catch (NullPointerException e) {
                    throw new IllegalArgumentException("invalid settings");
                }
                return new JournalHeader(integer(n, "formatMajor"), integer(n, "formatMinor"), text(n, "writerId"),
                        longValue(n, "timeNanos"), settings);
            }
            case OPENED -> {
                only(n, "type", JOURNAL, "connectionId", "timeNanos", "clientAddress", "listenerAddress");
                return new ConnectionOpened(longValue(n, "connectionId"), longValue(n, "timeNanos"),
                        text(n, "clientAddress"), text(n, "listenerAddress"));
            }
            case REQUEST -> {
                only(n, "type", JOURNAL, "connectionId", "sequence", "firstByteNanos", "lastByteNanos", "method",
                        "target", "httpVersion", "headers", "body", "bodyLength", "tenant");
                return new RequestEvent(longValue(n, "connectionId"), longValue(n, "sequence"),
                        longValue(n, "firstByteNanos"), longValue(n, "lastByteNanos"), text(n, "method"),
                        text(n, "target"), text(n, "httpVersion"), headers(n), body(n), text(n, "tenant"));
            }
            case RESPONSE -> {
                only(n, "type", JOURNAL, "connectionId", "sequence", "status", "headers", "body", "bodyLength",
                        "firstByteNanos", "lastByteNanos", "outcome", "upstreamRetries");
                int status = integer(n, "status");
                if (status < 0 || status > 999) {
                    throw new IllegalArgumentException("field 'status' must be 0 to 999, got " + status);
                }
                return new ResponseEvent(longValue(n, "connectionId"), longValue(n, "sequence"), status, headers(n),
                        body(n), longValue(n, "firstByteNanos"), longValue(n, "lastByteNanos"),
                        named(Outcome.class, n, "outcome"),
                        n.has("upstreamRetries") ? integer(n, "upstreamRetries") : 0);
            }
            case CLOSED -> {
                only(n, "type", JOURNAL, "connectionId", "timeNanos", "side");
                return new ConnectionClosed(longValue(n, "connectionId"), longValue(n, "timeNanos"),
                        named(CloseSide.class, n, "side"));
            }
            case UPGRADE -> {
                only(n, "type", JOURNAL, "connectionId", "sequence", "timeNanos", "protocol");
                return new UpgradeEvent(longValue(n, "connectionId"), longValue(n, "sequence"),
                        longValue(n, "timeNanos"), text(n, "protocol"));
            }
            default -> throw new IllegalArgumentException("unknown event type '" + type + "' (expected one of "
                    + String.join(", ", HEADER, OPENED, REQUEST, RESPONSE, CLOSED, UPGRADE) + ")");
        }
    }

    /** The journal index of an event object, 0 when it has none. */
    public static int journalOf(JsonNode n) {
        return n.has(JOURNAL) ? integer(n, JOURNAL) : 0;
    }

    private static void only(JsonNode n, String... allowed) {
        Set<String> names = Set.of(allowed);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!names.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "'");
            }
        }
    }

    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        return v;
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + name + "' must be a string");
        }
        return v.textValue();
    }

    private static long longValue(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + name + "' must be a 64-bit integer");
        }
        return v.longValue();
    }

    private static int integer(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + name + "' must be a 32-bit integer");
        }
        return v.intValue();
    }

    private static double number(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("field '" + name + "' must be a number");
        }
        return v.doubleValue();
    }

    private static boolean bool(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("field '" + name + "' must be true or false");
        }
        return v.booleanValue();
    }

    private static List<String> strings(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isArray()) {
            throw new IllegalArgumentException("field '" + name + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new IllegalArgumentException("field '" + name + "' must be an array of strings");
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static List<Header> headers(JsonNode n) {
        JsonNode v = field(n, "headers");
        if (!v.isArray()) {
            throw new IllegalArgumentException("field 'headers' must be an array of [name, value] pairs");
        }
        List<Header> out = new ArrayList<>(v.size());
        for (JsonNode pair : v) {
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                throw new IllegalArgumentException("field 'headers' must be an array of [name, value] pairs");
            }
            out.add(new Header(pair.get(0).textValue(), pair.get(1).textValue()));
        }
        return out;
    }

    private static Body body(JsonNode n) {
        String encoded = text(n, "body");
        byte[] bytes;
        try {
            bytes = B64_IN.decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'body' is not base64: " + e.getMessage());
        }
        long length = longValue(n, "bodyLength");
        if (length < bytes.length) {
            throw new IllegalArgumentException("field 'bodyLength' is " + length + ", less than the "
                    + bytes.length + " bytes in 'body'");
        }
        return new Body(bytes, length);
    }

    private static <E extends Enum<E>> E named(Class<E> type, JsonNode n, String name) {
        String v = text(n, name);
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + name + "' is '" + v + "', not one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }
}
