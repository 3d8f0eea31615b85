package dev.reprise.format.internal;

import dev.reprise.format.CloseSide;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Where the fields of one stored event lie in its bytes, found without building anything:
 * {@link #seal} checks the length and checksum and reads type and time; {@link #walk} makes every
 * further check that {@link EventCodec#decode} makes (every length and count, the body lengths,
 * the close side), with the same messages, reading numbers and stepping over strings and bodies.
 * Reusable; allocates only to grow its header table.
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
    private long time;
    private long connectionId;
    private long sequence;
    private long lastByte;
    private int status;
    private int outcome;
    private int side;
    private final int[] stringEnd = new int[4];
    private final int[] stringHead = new int[4];
    private int headerCount;
    /** For header i: name end and prefix at 4i, 4i+1; value end and prefix at 4i+2, 4i+3. */
    private int[] headers = new int[16];
    private int bodyFlags;
    private long bodyLength;
    private int bodyStored;
    private int bodyEnd;

    /**
     * Takes the event in {@code buf[0, len)}: checks its length and checksum and reads its type
     * and time, which is all a merge or a seek needs. {@link #walk()} reads the rest.
     *
     * @throws MalformedEventException when the length or checksum is wrong, as decode would
     */
    public void seal(byte[] buf, int len) {
        this.buf = buf;
        headerCount = 0;
        EventCodec.checkSealed(crc, in, buf, 0, len);
        type = in.u8();
        time = in.i64();
        limit = len - 4;
    }

    /**
     * Reads only the numbers that come first in every known type: connection id, sequence, last
     * byte time, status and outcome, whichever the type has. Cheap, as they sit at the front;
     * the strings, headers and body after them need {@link #walk}.
     *
     * @throws MalformedEventException when the event ends before them, as decode would
     */
    public void front() {
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

    private void string(int slot) {
        stringHead[slot] = skipString();
        stringEnd[slot] = in.position();
    }

    private void headers() {
        int n = EventCodec.checkedCount(in, 2);
        int[] at = headers;
        if (n * 4 > at.length) {
            at = headers = Arrays.copyOf(at, Math.max(n * 4, at.length * 2));
        }
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
