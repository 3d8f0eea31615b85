package dev.reprise.format;

import java.nio.charset.StandardCharsets;

import dev.reprise.format.internal.EventLayout;
import dev.reprise.format.internal.MalformedEventException;

/**
 * Where the fields of a kept request lie in its stored bytes, for a writer that copies them
 * somewhere else as they are (a replay encoding the request for the wire) instead of decoding
 * the request into some forty objects first. Reusable: {@link #read} lays out one request at a
 * time, allocating nothing once warm. Not thread-safe; one per writing thread.
 *
 * <p>Each text is given by where its bytes start, how many there are and whether they are UTF-8;
 * text that is not UTF-8 is ISO-8859-1, one byte per character, as the writer stores everything
 * below U+0100. Offsets index {@link #bytes()}, valid until the next {@code read}.
 */
public final class RequestLayout {
    private final EventLayout layout = new EventLayout();
    private byte[] bytes;

    /**
     * Lays out a request kept from a journal. False for one that was built rather than read
     * ({@link StoredRequest#of}), which has no stored bytes: use {@link StoredRequest#event()}.
     *
     * @throws IllegalStateException when the kept bytes no longer lay out (they were checked when read)
     */
    public boolean read(StoredRequest request) {
        byte[] record = request.record();
        if (record == null) {
            return false;
        }
        try {
            // The checksum was checked when the request was read; its layout is checked again, as walk does.
            layout.trust(record, record.length);
            layout.walk();
            layout.walkHeaders();
        } catch (MalformedEventException e) {
            throw new IllegalStateException("a checked request no longer lays out: " + e.getMessage(), e);
        }
        bytes = record;
        return true;
    }

    /** The stored record the offsets index; do not change it. */
    public byte[] bytes() {
        return bytes;
    }

    public int targetStart() {
        return start(layout.stringEnd(EventLayout.TARGET), layout.stringHead(EventLayout.TARGET));
    }

    public int targetLength() {
        return layout.stringHead(EventLayout.TARGET) >>> 1;
    }

    public boolean targetUtf8() {
        return (layout.stringHead(EventLayout.TARGET) & 1) != 0;
    }

    public int versionStart() {
        return start(layout.stringEnd(EventLayout.VERSION), layout.stringHead(EventLayout.VERSION));
    }

    public int versionLength() {
        return layout.stringHead(EventLayout.VERSION) >>> 1;
    }

    public int headerCount() {
        return layout.headerCount();
    }

    public int nameStart(int i) {
        return start(layout.headerNameEnd(i), layout.headerNameHead(i));
    }

    public int nameLength(int i) {
        return layout.headerNameHead(i) >>> 1;
    }

    public boolean nameUtf8(int i) {
        return (layout.headerNameHead(i) & 1) != 0;
    }

    /**
     * Whether the laid-out request has a header of this name, matched as {@link String#equalsIgnoreCase}
     * matches (and as {@link EventView#hasHeader} does).
     */
    public boolean hasHeader(String name) {
        for (int h = 0, n = headerCount(); h < n; h++) {
            int length = nameLength(h);
            if (nameUtf8(h)) {
                if (name.equalsIgnoreCase(new String(bytes(), nameStart(h), length, StandardCharsets.UTF_8))) {
                    return true;
                }
            } else if (length == name.length() && HeaderNames.latin1EqualsIgnoreCase(bytes(), nameStart(h), name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the request has a header named {@code Upgrade}, as {@code hasHeader("Upgrade")}
     * answers: from the flag a format 2.1 request carries, without comparing names; an older
     * request's headers are searched.
     */
    public boolean hasUpgradeHeader() {
        Boolean flag = layout.upgradeFlag();
        return flag != null ? flag : hasHeader("Upgrade");
    }

    public int valueStart(int i) {
        return start(layout.headerValueEnd(i), layout.headerValueHead(i));
    }

    public int valueLength(int i) {
        return layout.headerValueHead(i) >>> 1;
    }

    public boolean valueUtf8(int i) {
        return (layout.headerValueHead(i) & 1) != 0;
    }

    public int bodyStart() {
        return layout.bodyStart();
    }

    /** How many of the body's bytes are stored. */
    public int storedBodyLength() {
        return layout.bodyStored();
    }

    /** {@link Body#length()}: the body's true length, also when only part of it was stored. */
    public long bodyLength() {
        return layout.bodyLength();
    }

    private static int start(int end, int head) {
        return end - (head >>> 1);
    }
}
