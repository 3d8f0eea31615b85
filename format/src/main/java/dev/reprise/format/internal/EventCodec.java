package dev.reprise.format.internal;

import dev.reprise.format.Body;
import dev.reprise.format.CaptureSettings;
import dev.reprise.format.CloseSide;
import dev.reprise.format.ConnectionClosed;
import dev.reprise.format.ConnectionOpened;
import dev.reprise.format.FormatVersion;
import dev.reprise.format.Header;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalHeader;
import dev.reprise.format.Outcome;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.format.UpgradeEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Encodes events to the journal's binary layout and back; format/README.md is the
 * specification. Every stored event is {@code u8 type, i64 timeNanos, fields..., u32 crc32c}.
 * The type byte's high nibble is the format: 0 for 1.x events (length-prefixed fields, walked in
 * order) and for the journal header of every version, 2 for 2.x events ({@link Format2}: fixed
 * offsets and a length table). This build writes 2.x and reads both. Fields are only ever
 * appended within a major version, so a reader ignores bytes it does not know before the CRC.
 * Not thread-safe: one codec per thread.
 */
public final class EventCodec {
    public static final int TYPE_HEADER = 1;
    public static final int TYPE_CONNECTION_OPENED = 2;
    public static final int TYPE_REQUEST = 3;
    public static final int TYPE_RESPONSE = 4;
    public static final int TYPE_CONNECTION_CLOSED = 5;
    public static final int TYPE_UPGRADE = 6;

    /** "RPRS", right after the header's time, so any future major can still be recognised. */
    public static final int MAGIC = 0x53525052;
    private static final int MIN_EVENT = 1 + 8 + 4;

    private final ByteSink sink = new ByteSink(1024);
    private final ByteSource source = new ByteSource();
    private final CRC32C crc = new CRC32C();
    private final EventLayout layout = new EventLayout();

    /** Encodes in format 2.x (a header in the one layout every version shares) into the codec's own buffer; valid until the next call. */
    public ByteSink encode(JournalEvent event) {
        if (event instanceof JournalHeader) {
            return encodeFormat1(event);
        }
        ByteSink out = sink;
        out.reset();
        int front = Format2.encode(out, event);
        if (front > 0) {
            crc.reset();
            crc.update(out.array(), 0, front);
            out.i32((int) crc.getValue());
        }
        return seal(out);
    }

    /**
     * Encodes in format 1.1, as a 1.x writer did: for journals that a 1.x reader must read, and
     * for the tests and benchmarks that keep 1.x reading honest.
     */
    public ByteSink encodeFormat1(JournalEvent event) {
        ByteSink out = sink;
        out.reset();
        if (event instanceof RequestEvent r) {
            out.u8(TYPE_REQUEST);
            out.i64(r.firstByteNanos());
            out.varint(r.connectionId());
            out.varint(r.sequence());
            out.i64(r.lastByteNanos());
            out.string(r.method());
            out.string(r.target());
            out.string(r.httpVersion());
            headers(out, r.headers());
            body(out, r.body());
            out.string(r.tenant());
        } else if (event instanceof ResponseEvent r) {
            out.u8(TYPE_RESPONSE);
            out.i64(r.firstByteNanos());
            out.varint(r.connectionId());
            out.varint(r.sequence());
            out.i64(r.lastByteNanos());
            out.u16(r.status());
            out.u8(r.outcome().code());
            headers(out, r.headers());
            body(out, r.body());
            out.varint(r.upstreamRetries()); // 1.1
        } else if (event instanceof ConnectionOpened c) {
            out.u8(TYPE_CONNECTION_OPENED);
            out.i64(c.timeNanos());
            out.varint(c.connectionId());
            out.string(c.clientAddress());
            out.string(c.listenerAddress());
        } else if (event instanceof ConnectionClosed c) {
            out.u8(TYPE_CONNECTION_CLOSED);
            out.i64(c.timeNanos());
            out.varint(c.connectionId());
            out.u8(c.side().code());
        } else if (event instanceof UpgradeEvent u) {
            out.u8(TYPE_UPGRADE);
            out.i64(u.timeNanos());
            out.varint(u.connectionId());
            out.varint(u.sequence());
            out.string(u.protocol());
        } else if (event instanceof JournalHeader h) {
            out.u8(TYPE_HEADER);
            out.i64(h.timeNanos());
            out.i32(MAGIC);
            out.u16(h.formatMajor());
            out.u16(h.formatMinor());
            out.string(h.writerId());
            CaptureSettings s = h.settings();
            out.i32(s.maxBodyBytes());
            out.u8(s.redacted() ? 1 : 0);
            strings(out, s.redactedHeaders());
            strings(out, s.redactedJsonFields());
            out.f64(s.sampleRate());
            strings(out, s.filters());
            strings(out, s.tenantRules());
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
        return seal(out);
    }

    private ByteSink seal(ByteSink out) {
        crc.reset();
        crc.update(out.array(), 0, out.length());
        out.i32((int) crc.getValue());
        return out;
    }

    /** What a type's low nibble names, for messages. */
    static String kindName(int kind) {
        return switch (kind) {
            case TYPE_HEADER -> "journal header";
            case TYPE_CONNECTION_OPENED -> "connection opened";
            case TYPE_REQUEST -> "request";
            case TYPE_RESPONSE -> "response";
            case TYPE_CONNECTION_CLOSED -> "connection closed";
            case TYPE_UPGRADE -> "upgrade";
            default -> "event of type " + kind;
        };
    }

    private static void headers(ByteSink out, List<Header> headers) {
        out.varint(headers.size());
        for (int i = 0, n = headers.size(); i < n; i++) {
            Header h = headers.get(i);
            out.string(h.name());
            out.string(h.value());
        }
    }

    private static void body(ByteSink out, Body body) {
        out.u8(body.truncated() ? 1 : 0);
        out.varint(body.length());
        out.bytes(body.bytes());
    }

    private static void strings(ByteSink out, List<String> values) {
        out.varint(values.size());
        for (String v : values) {
            out.string(v);
        }
    }

    /** The stored event's type, without checking anything else. */
    public static int peekType(byte[] buf, int off) {
        return buf[off] & 0xFF;
    }

    /** The stored event's time, without decoding the rest. */
    public static long peekTime(byte[] buf, int off, int len) {
        if (len < MIN_EVENT) {
            throw new MalformedEventException("event of " + len + " bytes is shorter than the minimum " + MIN_EVENT);
        }
        ByteSource s = new ByteSource();
        s.wrap(buf, off + 1, off + len);
        return s.i64();
    }

    /**
     * Decodes one stored event. Returns null for an event type this build does not know (a newer
     * minor version added it); throws {@link MalformedEventException} when the bytes are corrupt and
     * {@link UnsupportedVersionException} for a header of a newer major version.
     */
    public JournalEvent decode(byte[] buf, int off, int len) {
        ByteSource in = source;
        checkSealed(crc, in, buf, off, len);
        if ((buf[off] & 0xF0) == 0) {
            return fields(in);
        }
        return format2(layout, off == 0 ? buf : java.util.Arrays.copyOfRange(buf, off, off + len), len);
    }

    /**
     * Decodes a stored event whose length and checksum were checked when it was read, as
     * {@link #decode} does but without checking the checksum again. Thread-safe.
     */
    public static JournalEvent decodeChecked(byte[] buf, int off, int len) {
        checkLength(len);
        if ((buf[off] & 0xF0) == 0) {
            ByteSource in = new ByteSource();
            in.wrap(buf, off, off + len - 4);
            return fields(in);
        }
        return format2(LAYOUTS.get(), off == 0 ? buf : java.util.Arrays.copyOfRange(buf, off, off + len), len);
    }

    /** One layout per decoding thread for {@link #decodeChecked}, which a replay calls once per request kept. */
    private static final ThreadLocal<EventLayout> LAYOUTS = ThreadLocal.withInitial(EventLayout::new);

    /** Builds a 2.x event from its layout, with every check the layout makes; null for a kind this build does not know. */
    private static JournalEvent format2(EventLayout l, byte[] buf, int len) {
        l.trust(buf, len);
        if (!EventLayout.knows(l.type()) || !l.walk()) {
            return null;
        }
        long time = l.timeNanos();
        switch (l.type()) {
            case TYPE_REQUEST:
                l.walkHeaders();
                return new RequestEvent(l.connectionId(), l.sequence(), time, l.lastByteNanos(),
                        text(l, buf, EventLayout.METHOD), text(l, buf, EventLayout.TARGET), text(l, buf, EventLayout.VERSION),
                        headers(l, buf), body(l, buf), text(l, buf, EventLayout.TENANT));
            case TYPE_RESPONSE: {
                l.walkHeaders();
                int code = l.outcomeCode();
                Outcome outcome = Outcome.ofCode(code);
                return new ResponseEvent(l.connectionId(), l.sequence(), l.status(), headers(l, buf), body(l, buf), time,
                        l.lastByteNanos(), outcome, l.upstreamRetries());
            }
            case TYPE_CONNECTION_OPENED:
                return new ConnectionOpened(l.connectionId(), time, text(l, buf, EventLayout.CLIENT),
                        text(l, buf, EventLayout.LISTENER));
            case TYPE_CONNECTION_CLOSED:
                return new ConnectionClosed(l.connectionId(), time, CloseSide.ofCode(l.sideCode()));
            case TYPE_UPGRADE:
                return new UpgradeEvent(l.connectionId(), l.sequence(), time, text(l, buf, EventLayout.PROTOCOL));
            default:
                return null;
        }
    }

    private static String text(EventLayout l, byte[] buf, int slot) {
        return string(buf, l.stringEnd(slot), l.stringHead(slot));
    }

    private static String string(byte[] buf, int end, int head) {
        int n = head >>> 1;
        return new String(buf, end - n, n, (head & 1) == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    private static List<Header> headers(EventLayout l, byte[] buf) {
        int n = l.headerCount();
        if (n == 0) {
            return List.of();
        }
        Header[] out = new Header[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Header(string(buf, l.headerNameEnd(i), l.headerNameHead(i)),
                    string(buf, l.headerValueEnd(i), l.headerValueHead(i)));
        }
        return List.of(out);
    }

    private static Body body(EventLayout l, byte[] buf) {
        int from = l.bodyStart();
        return new Body(java.util.Arrays.copyOfRange(buf, from, from + l.bodyStored()), l.bodyLength());
    }

    private static JournalEvent fields(ByteSource in) {
        int type = in.u8();
        long time = in.i64();
        switch (type) {
            case TYPE_REQUEST: {
                long conn = in.varint();
                long seq = in.varint();
                long last = in.i64();
                String method = in.string();
                String target = in.string();
                String version = in.string();
                List<Header> headers = headers(in);
                Body body = body(in);
                String tenant = in.string();
                return new RequestEvent(conn, seq, time, last, method, target, version, headers, body, tenant);
            }
            case TYPE_RESPONSE: {
                long conn = in.varint();
                long seq = in.varint();
                long last = in.i64();
                int status = in.u16();
                Outcome outcome = Outcome.ofCode(in.u8());
                List<Header> headers = headers(in);
                Body body = body(in);
                long retries = in.remaining() > 0 ? in.varint() : 0; // absent before 1.1
                if (retries > Integer.MAX_VALUE) {
                    throw new MalformedEventException("upstream retries " + retries + " out of range");
                }
                return new ResponseEvent(conn, seq, status, headers, body, time, last, outcome, (int) retries);
            }
            case TYPE_CONNECTION_OPENED:
                return new ConnectionOpened(in.varint(), time, in.string(), in.string());
            case TYPE_CONNECTION_CLOSED: {
                long conn = in.varint();
                int code = in.u8();
                CloseSide side = CloseSide.ofCode(code);
                if (side == null) {
                    throw new MalformedEventException("unknown close side " + code);
                }
                return new ConnectionClosed(conn, time, side);
            }
            case TYPE_UPGRADE:
                return new UpgradeEvent(in.varint(), in.varint(), time, in.string());
            case TYPE_HEADER:
                return header(in, time);
            default:
                return null;
        }
    }

    /**
     * Checks a stored event's length and checksum and leaves {@code in} over its bytes before the
     * checksum, at the type.
     */
    static void checkSealed(CRC32C crc, ByteSource in, byte[] buf, int off, int len) {
        checkSum(crc, buf, off, len);
        in.wrap(buf, off, off + len - 4);
    }

    /** The length and checksum check of {@link #checkSealed}, alone. */
    static void checkSum(CRC32C crc, byte[] buf, int off, int len) {
        checkLength(len);
        int end = off + len - 4;
        crc.reset();
        crc.update(buf, off, len - 4);
        if (ByteSource.i32At(buf, end) != (int) crc.getValue()) {
            throw new MalformedEventException("checksum mismatch");
        }
    }

    static void checkLength(int len) {
        if (len < MIN_EVENT) {
            throw new MalformedEventException("event of " + len + " bytes is shorter than the minimum " + MIN_EVENT);
        }
    }

    /** The body check of {@link #decode}: the flags, true length and stored length must agree. */
    static void checkBody(int flags, long length, int stored) {
        if (length < stored || ((flags & 1) != 0) != (stored < length)) {
            throw new MalformedEventException("body length " + length + " disagrees with " + stored
                    + " stored bytes");
        }
    }

    private static JournalHeader header(ByteSource in, long time) {
        int magic = in.i32();
        if (magic != MAGIC) {
            throw new MalformedEventException("header magic is wrong");
        }
        int major = in.u16();
        int minor = in.u16();
        if (major > FormatVersion.MAJOR) {
            throw new UnsupportedVersionException(major, minor);
        }
        String writer = in.string();
        int maxBody = in.i32();
        boolean redacted = in.u8() != 0;
        List<String> redactedHeaders = strings(in);
        List<String> jsonFields = strings(in);
        double sample = in.f64();
        List<String> filters = strings(in);
        List<String> tenantRules = strings(in);
        CaptureSettings settings = new CaptureSettings(maxBody, redacted, redactedHeaders, jsonFields, sample,
                filters, tenantRules);
        return new JournalHeader(major, minor, writer, time, settings);
    }

    private static List<Header> headers(ByteSource in) {
        int n = checkedCount(in, 2);
        if (n == 0) {
            return List.of();
        }
        Header[] out = new Header[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Header(in.string(), in.string());
        }
        return List.of(out); // immutable already, so the event's List.copyOf keeps it as it is
    }

    private static Body body(ByteSource in) {
        int flags = in.u8();
        long length = in.varint();
        byte[] bytes = in.bytes();
        checkBody(flags, length, bytes.length);
        return new Body(bytes, length);
    }

    private static List<String> strings(ByteSource in) {
        int n = checkedCount(in, 1);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.string());
        }
        return out;
    }

    /** A count of items that take at least {@code minBytes} each, checked against what is left. */
    static int checkedCount(ByteSource in, int minBytes) {
        long n = in.varint();
        if (n * minBytes > in.remaining()) {
            throw new MalformedEventException("count " + n + " cannot fit in the " + in.remaining() + " bytes left");
        }
        return (int) n;
    }
}
