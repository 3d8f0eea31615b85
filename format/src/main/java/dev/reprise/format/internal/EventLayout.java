package dev.reprise.format.internal;

import dev.reprise.format.CloseSide;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Where the fields of one stored event lie in its bytes, found without building anything:
 * {@link #seal} checks the length and checksum and reads type and time; {@link #walk} makes every
 * further check that {@link EventCodec#decode} makes (every length and count, the body lengths,
 * the close side), with the same messages, reading numbers and stepping over strings and bodies.
 * Both formats: a 1.x event is walked field by field; a 2.x event ({@link Format2}) has its
 * numbers at fixed offsets and its string lengths in a table, so its walk is a handful of loads
 * and bounds checks, and its headers block is walked only when a header is asked for
 * ({@link #walkHeaders}). Reusable; allocates only to grow its header table.
 */
public final class EventLayout {
    /** String slots: request method, target, version, tenant; opened client, listener; upgrade protocol. */
    public static final int METHOD = 0;
    public static final int TARGET = 1;
    public static final int VERSION = 2;
    public static final int TENANT = 3;
    public static final int CLIENT = 0;
    public static final int LISTENER = 1;
    public static final int PROTOCOL = 0;

    /** Type and time come first: the fields start here. */
    private static final int FIELDS = 1 + 8;

    private final CRC32C crc = new CRC32C();
    private final ByteSource in = new ByteSource();
    private byte[] buf;
    private int limit;
    private int type;
    private boolean format2;
    private long time;
    private int retries;
    private long connectionId;
    private long sequence;
    private long lastByte;
    private int status;
    private int outcome;
    private int side;
    private final int[] stringEnd = new int[4];
    private final int[] stringHead = new int[4];
    private int headerCount;
    private boolean headersWalked;
    /** A 2.x event's headers block, {@code [headerFrom, headerTo)}. */
    private int headerFrom;
    private int headerTo;
    /** For header i: name end and prefix at 4i, 4i+1; value end and prefix at 4i+2, 4i+3. */
    private int[] headers = new int[16];
    private int bodyFlags;
    private long bodyLength;
    private int bodyStored;
    private int bodyEnd;
    /**
     * Whether only the front of a 2.1 record has been checked ({@link #sealFront}): the whole
     * record's checksum is checked before anything past the front is read.
     */
    private boolean restUnchecked;
    /** Whether the event is a response's front read on its own ({@link Format2#RESP_FRONT_COPY}): nothing past it is there. */
    private boolean frontOnly;

    /**
     * Takes the event in {@code buf[0, len)}: checks its length and checksum and reads its type
     * and time, which is all a merge or a seek needs. {@link #walk()} reads the rest.
     *
     * @throws MalformedEventException when the length or checksum is wrong, as decode would
     */
    public void seal(byte[] buf, int len) {
        EventCodec.checkSum(crc, buf, 0, len);
        restUnchecked = false;
        typed(buf, len);
    }

    /**
     * {@link #seal} for a scan: of a 2.1 request or response, which carries a checksum of its
     * front ({@link Format2#FLAG_FRONT_SEALED}), checks only that (some 70 to 100 bytes rather than
     * 300 or more); the whole record's checksum is checked when anything past the front is first
     * read ({@link #walk}). Any other record is checked whole, as by {@code seal}. The type, the
     * flags byte and the tenant's length are read before they are checked only to find the
     * front: damage to any of them makes the front's checksum fail.
     *
     * @throws MalformedEventException when the length or the checksum it checks is wrong
     */
    public void sealFront(byte[] buf, int len) {
        int front = sealedFront(buf, len);
        if (front == 0) {
            seal(buf, len);
            return;
        }
        CRC32C c = crc;
        c.reset();
        c.update(buf, 0, front);
        if (ByteSource.i32At(buf, len - 8) != (int) c.getValue()) {
            throw new MalformedEventException("checksum mismatch");
        }
        restUnchecked = true;
        typed(buf, len);
    }

    /**
     * {@link #trust} for a record {@link #sealFront} checked: the rest of a record whose front
     * alone was checked is checked now, whole; any other record was checked whole already.
     *
     * @throws MalformedEventException when the rest does not match the record's checksum
     */
    public void trustFront(byte[] buf, int len) {
        trust(buf, len);
        if (format2 && type == EventCodec.TYPE_RESPONSE && len == Format2.RESP_FRONT_COPY
                && (buf[Format2.RESP_BODY_FLAGS] & Format2.FLAG_FRONT_SEALED) != 0) {
            frontOnly = true; // a response's front copied alone for this taker: checked whole, as a record of its own
        } else if (sealedFront(buf, len) != 0) {
            EventCodec.checkSum(crc, buf, 0, len);
        }
    }

    /**
     * The length of the checksummed front of a 2.1 request or response, or 0 for a record
     * checked whole. The type, the flags byte and the tenant's length are read before they are
     * checked only to find the front: damage to any of them makes the front's checksum fail, or
     * (a tenant's length past the record) has the record checked whole.
     */
    private static int sealedFront(byte[] buf, int len) {
        int t = len > 0 ? buf[0] : 0;
        int fixed = t == (Format2.MARK | EventCodec.TYPE_REQUEST) ? Format2.REQ_FIXED
                : t == (Format2.MARK | EventCodec.TYPE_RESPONSE) ? Format2.RESP_FIXED : 0;
        // A sealed front ends at least 8 bytes (its checksum and the record's) before the record does.
        int room = len - 8 - fixed;
        if (fixed == 0 || room < 0 || (buf[fixed - 1] & Format2.FLAG_FRONT_SEALED) == 0) {
            return 0;
        }
        if (fixed == Format2.REQ_FIXED) {
            int n = ByteSource.i32At(buf, Format2.REQ_TENANT) >>> 1;
            return n > room ? 0 : fixed + n;
        }
        return fixed;
    }

    /**
     * Whether the event is a response's front read on its own ({@link Format2#RESP_FRONT_COPY}),
     * as {@link #trustFront} takes one: its numbers and {@link #frontBodyLength()} are there, its
     * headers and body are not, and {@link #walk} says so. Only records handed over for a plan are
     * taken this way; read any other way, a record of that length is walked, and found corrupt, as
     * before. A record read whole that happens to look like a front copy (it checked whole, at
     * exactly that length) is then read only for the fields of its front, each bounds-checked.
     */
    public boolean frontOnly() {
        return frontOnly;
    }

    /** A 2.x response's true body length, read from its fixed part, after {@link #front()}. */
    public long frontBodyLength() {
        if (!format2 || type != EventCodec.TYPE_RESPONSE) {
            throw new IllegalStateException("only a 2.x response has its body length in its front");
        }
        return nonNegative(ByteSource.i64At(buf, Format2.RESP_BODY_LENGTH), "body length");
    }

    /** Whether a 2.1 request carries a header named Upgrade, read from its checked front; null when the record does not say (before 2.1). */
    public Boolean upgradeFlag() {
        if (!format2 || type != EventCodec.TYPE_REQUEST || limit < Format2.REQ_FIXED) {
            return null;
        }
        int flags = buf[Format2.REQ_BODY_FLAGS];
        return (flags & Format2.FLAG_FRONT_SEALED) == 0 ? null : (flags & Format2.FLAG_UPGRADE) != 0;
    }

    /**
     * Checks the whole record's checksum if only its front was checked: before anything past the
     * front is read.
     *
     * @throws MalformedEventException when it does not match
     */
    private void checkRest() {
        if (frontOnly) {
            throw new IllegalStateException("only the front of this response was read (its sequence, status, times"
                    + " and body length): its headers and body were not");
        }
        if (restUnchecked) {
            EventCodec.checkSum(crc, buf, 0, limit + 4);
            restUnchecked = false;
        }
    }

    /**
     * {@link #seal} for an event whose checksum was checked when it was read: the length and
     * the type byte are checked, the checksum is not.
     */
    public void trust(byte[] buf, int len) {
        EventCodec.checkLength(len);
        restUnchecked = false;
        typed(buf, len);
    }

    private void typed(byte[] buf, int len) {
        if (this.buf != buf) {
            this.buf = buf; // a view's array stays the same from record to record: no store, no GC barrier
        }
        headerCount = 0;
        headersWalked = false;
        limit = len - 4;
        int t = buf[0] & 0xFF;
        time = ByteSource.i64At(buf, 1);
        frontOnly = false;
        switch (t >>> 4) {
            case 0:
                format2 = false;
                type = t;
                return;
            case Format2.MARK >>> 4:
                format2 = true;
                type = t & 0x0F;
                if (type <= EventCodec.TYPE_HEADER) {
                    throw new MalformedEventException(String.format("type byte 0x%02x is not an event of format 2.x", t));
                }
                return;
            default:
                throw new MalformedEventException(String.format(
                        "type byte 0x%02x is of format %d.x, not one this build reads (1.x, 2.x)", t, t >>> 4));
        }
    }

    /**
     * Reads only the numbers that come first in every known type: connection id, sequence, last
     * byte time, status and outcome, whichever the type has. Cheap, as they sit at the front;
     * the strings, headers and body after them need {@link #walk}.
     *
     * @throws MalformedEventException when the event ends before them, as decode would
     */
    public void front() {
        if (format2) {
            front2();
            return;
        }
        ByteSource s = in;
        s.wrap(buf, FIELDS, limit);
        connectionId = s.varint();
        if (type == EventCodec.TYPE_REQUEST || type == EventCodec.TYPE_RESPONSE || type == EventCodec.TYPE_UPGRADE) {
            sequence = s.varint();
        }
        if (type == EventCodec.TYPE_REQUEST || type == EventCodec.TYPE_RESPONSE) {
            lastByte = s.i64();
        }
        if (type == EventCodec.TYPE_RESPONSE) {
            status = s.u16();
            outcome = s.u8();
        }
    }

    /** Whether {@link #walk()} can lay out this type; false for one a newer minor version added. */
    public static boolean knows(int type) {
        return type >= EventCodec.TYPE_CONNECTION_OPENED && type <= EventCodec.TYPE_UPGRADE;
    }

    /** {@link #seal} and {@link #walk} at once; false for an unknown type. */
    public boolean read(byte[] buf, int len) {
        seal(buf, len);
        return knows(type) && walk();
    }

    /**
     * Walks the fields after the time of a sealed event, making every check decode makes; once
     * per event. A header must go to {@link EventCodec#decode}, which checks its version.
     *
     * @throws MalformedEventException when a length, count or code is corrupt, as decode would
     */
    public boolean walk() {
        checkRest();
        if (format2) {
            return walk2();
        }
        headersWalked = true; // a 1.x walk cannot step over them without walking them
        ByteSource s = in;
        s.wrap(buf, FIELDS, limit);
        switch (type) {
            case EventCodec.TYPE_REQUEST:
                connectionId = s.varint();
                sequence = s.varint();
                lastByte = s.i64();
                string(METHOD);
                string(TARGET);
                string(VERSION);
                headers();
                body();
                string(TENANT);
                return true;
            case EventCodec.TYPE_RESPONSE:
                connectionId = s.varint();
                sequence = s.varint();
                lastByte = s.i64();
                status = s.u16();
                outcome = s.u8();
                headers();
                body();
                return true;
            case EventCodec.TYPE_CONNECTION_OPENED:
                connectionId = s.varint();
                string(CLIENT);
                string(LISTENER);
                return true;
            case EventCodec.TYPE_CONNECTION_CLOSED:
                connectionId = s.varint();
                side = s.u8();
                if (CloseSide.ofCode(side) == null) {
                    throw new MalformedEventException("unknown close side " + side);
                }
                return true;
            case EventCodec.TYPE_UPGRADE:
                connectionId = s.varint();
                sequence = s.varint();
                string(PROTOCOL);
                return true;
            case EventCodec.TYPE_HEADER:
                throw new IllegalArgumentException("a journal header is decoded, not laid out");
            default:
                return false;
        }
    }

    /** The fixed-offset numbers of a 2.x event, once its length is checked against its kind's fixed part. */
    private void front2() {
        byte[] b = buf;
        int k = type;
        int fixed = Format2.fixedSize(k);
        if (fixed > limit) {
            throw new MalformedEventException("a 2.x " + EventCodec.kindName(k) + " needs " + fixed
                    + " bytes before its checksum, this event has " + limit);
        }
        connectionId = nonNegative(ByteSource.i64At(b, Format2.CONNECTION), "connection id");
        if (k == EventCodec.TYPE_REQUEST || k == EventCodec.TYPE_RESPONSE || k == EventCodec.TYPE_UPGRADE) {
            sequence = nonNegative(ByteSource.i64At(b, Format2.SEQUENCE), "sequence");
        }
        if (k == EventCodec.TYPE_REQUEST || k == EventCodec.TYPE_RESPONSE) {
            lastByte = ByteSource.i64At(b, Format2.LAST_BYTE);
        }
        if (k == EventCodec.TYPE_RESPONSE) {
            status = ByteSource.u16At(b, Format2.RESP_STATUS);
            outcome = b[Format2.RESP_OUTCOME] & 0xFF;
        }
    }

    private static long nonNegative(long v, String what) {
        if (v < 0) {
            throw new MalformedEventException("negative " + what + " " + v);
        }
        return v;
    }

    /** A 2.x event's layout: every string, the headers block and the body found from the table, each bounds-checked. */
    private boolean walk2() {
        front2();
        byte[] b = buf;
        switch (type) {
            case EventCodec.TYPE_REQUEST: {
                int at = string2(TENANT, Format2.REQ_TENANT, Format2.REQ_FIXED);
                at = string2(METHOD, Format2.REQ_METHOD, at);
                at = string2(TARGET, Format2.REQ_TARGET, at);
                at = string2(VERSION, Format2.REQ_VERSION, at);
                exchange2(Format2.REQ_HEADER_COUNT, at);
                return true;
            }
            case EventCodec.TYPE_RESPONSE:
                retries = ByteSource.i32At(b, Format2.RESP_RETRIES);
                if (retries < 0) {
                    throw new MalformedEventException("upstream retries " + Integer.toUnsignedString(retries) + " out of range");
                }
                exchange2(Format2.RESP_HEADER_COUNT, Format2.RESP_FIXED);
                return true;
            case EventCodec.TYPE_CONNECTION_OPENED:
                string2(LISTENER, Format2.OPENED_LISTENER, string2(CLIENT, Format2.OPENED_CLIENT, Format2.OPENED_FIXED));
                return true;
            case EventCodec.TYPE_CONNECTION_CLOSED:
                side = b[Format2.CLOSED_SIDE] & 0xFF;
                if (CloseSide.ofCode(side) == null) {
                    throw new MalformedEventException("unknown close side " + side);
                }
                return true;
            case EventCodec.TYPE_UPGRADE:
                string2(PROTOCOL, Format2.UPGRADE_PROTOCOL, Format2.UPGRADE_FIXED);
                return true;
            default:
                return false;
        }
    }

    /** The string whose prefix is in the table at {@code table} and whose bytes start at {@code at}; returns its end. */
    private int string2(int slot, int table, int at) {
        int head = ByteSource.i32At(buf, table);
        int n = head >>> 1;
        if (n > limit - at) {
            throw new MalformedEventException("string length " + n + " at offset " + at + " runs past the event end " + limit);
        }
        stringHead[slot] = head;
        stringEnd[slot] = at + n;
        return at + n;
    }

    /** The headers block and body of a 2.x request or response, from their table at {@code table}. */
    private void exchange2(int table, int at) {
        byte[] b = buf;
        int count = ByteSource.i32At(b, table);
        int bytes = ByteSource.i32At(b, table + 4);
        if (bytes < 0 || bytes > limit - at) {
            throw new MalformedEventException("headers of " + Integer.toUnsignedString(bytes) + " bytes at offset " + at
                    + " run past the event end " + limit);
        }
        if (count < 0 || (long) count * 2 > bytes) {
            throw new MalformedEventException("count " + Integer.toUnsignedString(count) + " cannot fit in the "
                    + bytes + " bytes of the headers");
        }
        headerCount = count;
        headerFrom = at;
        headerTo = at + bytes;
        at += bytes;
        bodyLength = ByteSource.i64At(b, table + 8);
        int stored = ByteSource.i32At(b, table + 16);
        bodyFlags = b[table + 20] & 0xFF;
        if (stored < 0 || stored > limit - at) {
            throw new MalformedEventException("length " + Integer.toUnsignedString(stored) + " at offset " + at
                    + " runs past the event end " + limit);
        }
        bodyStored = stored;
        bodyEnd = at + stored;
        EventCodec.checkBody(bodyFlags, bodyLength, stored);
    }

    /**
     * Finds a 2.x request's tenant alone, its length checked against the event, without the
     * rest of the table: the one string a scan by tenant reads. {@link #walk} checks the rest
     * when another field is asked for.
     *
     * @param fronted whether {@link #front()} has read this event's numbers already, and so checked
     *                its length against the fixed part
     * @throws MalformedEventException when the request is cut short or the tenant runs past its end
     */
    public void tenant2(boolean fronted) {
        if (!fronted) {
            front2();
        }
        string2(TENANT, Format2.REQ_TENANT, Format2.REQ_FIXED);
    }

    /** Whether the headers have been walked: by {@link #walk} for a 1.x event, by {@link #walkHeaders} for a 2.x one. */
    public boolean headersWalked() {
        return headersWalked;
    }

    /**
     * Walks a walked 2.x event's headers block, checking that its headers fill it exactly; for a
     * 1.x event, {@link #walk} did it.
     *
     * @throws MalformedEventException when a name or value runs past the block or the count is wrong
     */
    public void walkHeaders() {
        if (headersWalked) {
            return;
        }
        checkRest();
        ByteSource s = in;
        s.wrap(buf, headerFrom, headerTo);
        int n = headerCount;
        table(n);
        int[] at = headers;
        for (int i = 0; i < n; i++) {
            at[4 * i + 1] = skipString();
            at[4 * i] = s.position();
            at[4 * i + 3] = skipString();
            at[4 * i + 2] = s.position();
        }
        if (s.remaining() != 0) {
            throw new MalformedEventException(n + " headers end at offset " + s.position() + ", not at the block's end "
                    + headerTo);
        }
        headersWalked = true;
    }

    private void table(int n) {
        if (n * 4 > headers.length) {
            headers = Arrays.copyOf(headers, Math.max(n * 4, headers.length * 2));
        }
    }

    public boolean format2() {
        return format2;
    }

    /** Of a response: {@link dev.reprise.format.ResponseEvent#upstreamRetries()}, once walked (2.x only). */
    public int upstreamRetries() {
        return retries;
    }

    private void string(int slot) {
        stringHead[slot] = skipString();
        stringEnd[slot] = in.position();
    }

    private void headers() {
        int n = EventCodec.checkedCount(in, 2);
        table(n);
        int[] at = headers;
        for (int i = 0; i < n; i++) {
            at[4 * i + 1] = skipString();
            at[4 * i] = in.position();
            at[4 * i + 3] = skipString();
            at[4 * i + 2] = in.position();
        }
        headerCount = n;
    }

    /**
     * {@link ByteSource#skipString()} with its common case, a one-byte prefix of a string that
     * fits, taken here in a few instructions; anything else goes to ByteSource for its checks
     * and messages. Walking the twenty-odd strings of a request is most of a layout's cost.
     */
    private int skipString() {
        int p = in.position();
        int left = in.remaining();
        if (left > 0) {
            int h = buf[p];
            if (h >= 0 && (h >>> 1) < left) {
                in.skip(1 + (h >>> 1));
                return h;
            }
        }
        return in.skipString();
    }

    private void body() {
        bodyFlags = in.u8();
        bodyLength = in.varint();
        bodyStored = in.skipBytes();
        bodyEnd = in.position();
        EventCodec.checkBody(bodyFlags, bodyLength, bodyStored);
    }

    /** The event's kind, {@link EventCodec#TYPE_REQUEST} and so on, in either format (2.x marks it in the type byte's high nibble). */
    public int type() {
        return type;
    }

    public long timeNanos() {
        return time;
    }

    public long connectionId() {
        return connectionId;
    }

    public long sequence() {
        return sequence;
    }

    public long lastByteNanos() {
        return lastByte;
    }

    public int status() {
        return status;
    }

    public int outcomeCode() {
        return outcome;
    }

    public int sideCode() {
        return side;
    }

    /** The string in a slot: where its bytes end, and its prefix {@code byteLength << 1 | utf8}. */
    public int stringEnd(int slot) {
        return stringEnd[slot];
    }

    public int stringHead(int slot) {
        return stringHead[slot];
    }

    public int headerCount() {
        return headerCount;
    }

    public int headerNameEnd(int i) {
        return headers[4 * i];
    }

    public int headerNameHead(int i) {
        return headers[4 * i + 1];
    }

    public int headerValueEnd(int i) {
        return headers[4 * i + 2];
    }

    public int headerValueHead(int i) {
        return headers[4 * i + 3];
    }

    public boolean bodyTruncated() {
        return (bodyFlags & 1) != 0;
    }

    public long bodyLength() {
        return bodyLength;
    }

    public int bodyStored() {
        return bodyStored;
    }

    public int bodyStart() {
        return bodyEnd - bodyStored;
    }
}
