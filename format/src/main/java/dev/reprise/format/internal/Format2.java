package dev.reprise.format.internal;

import dev.reprise.format.Body;
import dev.reprise.format.ConnectionClosed;
import dev.reprise.format.ConnectionOpened;
import dev.reprise.format.Header;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.format.UpgradeEvent;

import java.util.List;

/**
 * Where the fields of a format 2.x event lie, and how one is written; format/README.md is
 * the specification. Every number sits at a fixed offset and every string's length is in a fixed
 * table, so a reader reaches any field in a few loads, where 1.x had to walk every
 * length-prefixed field before it. The tenant is the first string of a request because a scan by
 * tenant is the most common read after kind and time.
 */
public final class Format2 {
    /** The type byte of a 2.x event: this in its high nibble, the kind ({@link EventCodec#TYPE_REQUEST}...) in its low. */
    public static final int MARK = 0x20;

    /** Common to every kind: type, time, connection id. */
    public static final int TIME = 1;
    public static final int CONNECTION = 9;

    /** Request and response (and upgrade) numbers. */
    public static final int SEQUENCE = 17;
    public static final int LAST_BYTE = 25;

    /** Request: the string table (each {@code byteLength << 1 | utf8}), header count and bytes, body. */
    public static final int REQ_TENANT = 33;
    public static final int REQ_METHOD = 37;
    public static final int REQ_TARGET = 41;
    public static final int REQ_VERSION = 45;
    public static final int REQ_HEADER_COUNT = 49;
    public static final int REQ_HEADER_BYTES = 53;
    public static final int REQ_BODY_LENGTH = 57;
    public static final int REQ_BODY_STORED = 65;
    public static final int REQ_BODY_FLAGS = 69;
    public static final int REQ_FIXED = 70;

    public static final int RESP_STATUS = 33;
    public static final int RESP_OUTCOME = 35;
    public static final int RESP_RETRIES = 36;
    public static final int RESP_HEADER_COUNT = 40;
    public static final int RESP_HEADER_BYTES = 44;
    public static final int RESP_BODY_LENGTH = 48;
    public static final int RESP_BODY_STORED = 56;
    public static final int RESP_BODY_FLAGS = 60;
    public static final int RESP_FIXED = 61;
    /**
     * A 2.1 response's front read on its own, for a plan that reads nothing else of a response:
     * its fixed part, then its front's checksum in the place of a record's. It checks as a record
     * of its own, whose checksum covers the front. A record handed over for a plan is told from a
     * whole response by its length with the front-sealed flag: a whole sealed response carries two
     * checksums after its fixed part, so it is never this short (see {@code EventLayout#frontOnly}).
     */
    public static final int RESP_FRONT_COPY = RESP_FIXED + 4;

    public static final int OPENED_CLIENT = 17;
    public static final int OPENED_LISTENER = 21;
    public static final int OPENED_FIXED = 25;

    public static final int CLOSED_SIDE = 17;
    public static final int CLOSED_FIXED = 18;

    public static final int UPGRADE_PROTOCOL = 25;
    public static final int UPGRADE_FIXED = 29;

    /** Body flags of a request or response, bit 0: only part of the body is stored (since 2.0). */
    public static final int FLAG_TRUNCATED = 1;
    /**
     * Bit 1 (since 2.1): the record ends {@code u32 frontCrc, u32 crc}, frontCrc being the CRC-32C
     * of its front: the fixed part, and of a request the tenant's bytes after it. A scan that
     * reads only front fields checks only those bytes; the whole record's checksum still closes
     * it, so a 2.0 reader, which ignores what follows the variable parts, reads it unchanged.
     */
    public static final int FLAG_FRONT_SEALED = 2;
    /** Bit 2 (since 2.1, of a request): a header named {@code Upgrade}, in any case, is among its headers. */
    public static final int FLAG_UPGRADE = 4;

    private Format2() {
    }

    /** The size of a kind's fixed part, before its strings; 0 for a kind this build does not know. */
    public static int fixedSize(int kind) {
        return switch (kind) {
            case EventCodec.TYPE_REQUEST -> REQ_FIXED;
            case EventCodec.TYPE_RESPONSE -> RESP_FIXED;
            case EventCodec.TYPE_CONNECTION_OPENED -> OPENED_FIXED;
            case EventCodec.TYPE_CONNECTION_CLOSED -> CLOSED_FIXED;
            case EventCodec.TYPE_UPGRADE -> UPGRADE_FIXED;
            default -> 0;
        };
    }

    /**
     * Writes a data event (not a header) after {@code out}'s current length, which must be 0.
     * Returns the length of the front a front checksum covers, which the caller appends before
     * the record's checksum; 0 for a kind without one.
     */
    static int encode(ByteSink out, Object event) {
        if (event instanceof RequestEvent r) {
            start(out, EventCodec.TYPE_REQUEST, r.firstByteNanos(), r.connectionId(), REQ_FIXED);
            out.putI64(SEQUENCE, nonNegative(r.sequence(), "sequence"));
            out.putI64(LAST_BYTE, r.lastByteNanos());
            int tenant = out.text(r.tenant());
            out.putI32(REQ_TENANT, tenant);
            out.putI32(REQ_METHOD, out.text(r.method()));
            out.putI32(REQ_TARGET, out.text(r.target()));
            out.putI32(REQ_VERSION, out.text(r.httpVersion()));
            exchange(out, r.headers(), r.body(), REQ_HEADER_COUNT, hasUpgrade(r.headers()) ? FLAG_UPGRADE : 0);
            return REQ_FIXED + (tenant >>> 1);
        } else if (event instanceof ResponseEvent r) {
            start(out, EventCodec.TYPE_RESPONSE, r.firstByteNanos(), r.connectionId(), RESP_FIXED);
            out.putI64(SEQUENCE, nonNegative(r.sequence(), "sequence"));
            out.putI64(LAST_BYTE, r.lastByteNanos());
            out.putU16(RESP_STATUS, r.status());
            out.putU8(RESP_OUTCOME, r.outcome().code());
            out.putI32(RESP_RETRIES, (int) nonNegative(r.upstreamRetries(), "upstream retries"));
            exchange(out, r.headers(), r.body(), RESP_HEADER_COUNT, 0);
            return RESP_FIXED;
        } else if (event instanceof ConnectionOpened c) {
            start(out, EventCodec.TYPE_CONNECTION_OPENED, c.timeNanos(), c.connectionId(), OPENED_FIXED);
            out.putI32(OPENED_CLIENT, out.text(c.clientAddress()));
            out.putI32(OPENED_LISTENER, out.text(c.listenerAddress()));
        } else if (event instanceof ConnectionClosed c) {
            start(out, EventCodec.TYPE_CONNECTION_CLOSED, c.timeNanos(), c.connectionId(), CLOSED_FIXED);
            out.putU8(CLOSED_SIDE, c.side().code());
        } else if (event instanceof UpgradeEvent u) {
            start(out, EventCodec.TYPE_UPGRADE, u.timeNanos(), u.connectionId(), UPGRADE_FIXED);
            out.putI64(SEQUENCE, nonNegative(u.sequence(), "sequence"));
            out.putI32(UPGRADE_PROTOCOL, out.text(u.protocol()));
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
        return 0;
    }

    /** The rule of {@link dev.reprise.format.RequestEvent#header(String)}, by which the replay decides an upgrade. */
    private static boolean hasUpgrade(List<Header> headers) {
        for (int i = 0, n = headers.size(); i < n; i++) {
            if (headers.get(i).name().equalsIgnoreCase("Upgrade")) {
                return true;
            }
        }
        return false;
    }

    private static void start(ByteSink out, int kind, long time, long connection, int fixed) {
        out.u8(MARK | kind);
        out.reserve(fixed - 1);
        out.putI64(TIME, time);
        out.putI64(CONNECTION, nonNegative(connection, "connection id"));
    }

    /**
     * Headers as 1.x wrote them (each name and value a length-prefixed string), in a block whose
     * count and size go in the table, so a reader can step over them in one move; then the body.
     * The table's four fields follow one another from {@code table}: count, bytes, body length
     * (i64), body stored; then the flags byte.
     */
    private static void exchange(ByteSink out, List<Header> headers, Body body, int table, int flags) {
        int from = out.length();
        for (int i = 0, n = headers.size(); i < n; i++) {
            Header h = headers.get(i);
            out.string(h.name());
            out.string(h.value());
        }
        out.putI32(table, headers.size());
        out.putI32(table + 4, out.length() - from);
        byte[] bytes = body.bytes();
        out.putI64(table + 8, body.length());
        out.putI32(table + 16, bytes.length);
        out.putU8(table + 20, (body.truncated() ? FLAG_TRUNCATED : 0) | FLAG_FRONT_SEALED | flags);
        out.raw(bytes, 0, bytes.length);
    }

    private static long nonNegative(long v, String what) {
        if (v < 0) {
            throw new IllegalArgumentException("negative " + what + " " + v + " cannot be stored in the journal");
        }
        return v;
    }
}
