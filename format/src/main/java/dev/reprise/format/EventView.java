package dev.reprise.format;

import dev.reprise.format.internal.EventCodec;
import dev.reprise.format.internal.EventLayout;
import dev.reprise.format.internal.InternedTexts;
import dev.reprise.format.internal.MalformedEventException;
import dev.reprise.format.internal.StoredText;

import java.util.Arrays;

/**
 * One journal event read in place, for consumers that scan many events and look at a few fields
 * of each (inspecting, seeking, merging, scheduling a replay). {@link JournalReader#next(EventView)}
 * fills it; it allocates nothing once warm, where {@link JournalReader#next()} builds some
 * forty objects for a typical request.
 *
 * <p>Filling the view checks the record's length and checksum, exactly as {@code next()} does,
 * so a damaged record fails at the same record with the same {@link JournalException}; kind and
 * time are read then. A view made by {@link #scanning()} checks only the front of a format 2.1
 * request or response when filled, and the rest when it is first read. The rest is read on first use: the numbers at the front of every type
 * (connection id, sequence, last byte time, status, outcome) without touching what follows; the
 * strings, headers and body with every check {@code next()} makes. In a format 2.x record the
 * strings and body are found from a table of lengths in a few loads (the tenant, first of them,
 * from its own length alone), and the headers block is walked only when a header is asked for; in a 1.x record one walk over the record finds them
 * all. A record whose checksum holds but whose fields do not parse (only a writer's bug can make
 * one) fails at that first use, with the message {@code next()} gives.
 *
 * <p>Strings are read where they lie. Each text accessor returns a {@link CharSequence} that
 * stays valid until the view is filled again; asking again for the same field returns the same
 * object, and {@link #headerName(int)} and {@link #headerValue(int)} each reuse one object for
 * every index. Compare without allocating with {@code "acme".contentEquals(view.tenant())};
 * {@code toString()} copies. {@link #toEvent()} builds the full event, equal to what
 * {@code next()} returns for the record.
 *
 * <p>An accessor for a field the event's kind does not have throws {@link IllegalStateException},
 * as do all of them on a view that holds no event (new, or after {@code next(view)} returned false).
 * Not thread-safe; one view per reading thread. A view may be filled by different readers in turn.
 */
public final class EventView {
    /** The kinds of event a view can hold; journal headers are consumed by the reader. */
    public enum Kind { CONNECTION_OPENED, REQUEST, RESPONSE, CONNECTION_CLOSED, UPGRADE }

    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"};
    private static final Kind[] KINDS = Kind.values();
    /** {@link #kindCode} of a view that holds no event. */
    private static final int EMPTY = -1;

    private final EventLayout layout = new EventLayout();
    private final StoredText[] texts = {new StoredText(), new StoredText(), new StoredText(), new StoredText()};
    /** Bit {@code 1 << slot} set once {@code texts[slot]} points at this event's string. */
    private int pointed;
    private final StoredText headerName = new StoredText();
    private final StoredText headerValue = new StoredText();
    private EventCodec codec;
    /** See {@link #tenantName()}; made on first use. */
    private InternedTexts tenantNames;
    /** Small to start with, as a merge holds hundreds of views: the reader grows an array a record does not fit. */
    private byte[] bytes = new byte[128];
    private int length;
    /**
     * The held event's {@link Kind} ordinal, or {@link #EMPTY}. A number rather than the enum: on
     * the per-record path every reference stored into this long-lived view costs a GC write
     * barrier (G1's fences its card check), several ns a record in all; so the reader copies into
     * the view's own array and the view stores no reference per record.
     */
    private int kindCode = EMPTY;
    private boolean walked;
    private boolean fronted;
    private JournalReader origin;
    private long index;
    /** Whether {@link #bytes} is a record's own exact-length array, never refilled: kept requests and responses share it. */
    private boolean owned;
    /** See {@link #scanning()}. */
    private final boolean frontFirst;
    /** See {@link #handingOver()}. */
    private boolean handsOver;
    /** See {@link #handingOverFrontChecked()}. */
    private boolean restLeftToTaker;

    /** A view that checks each record whole when it is filled, as {@link JournalReader#next()} does. */
    public EventView() {
        this(false);
    }

    private EventView(boolean frontFirst) {
        this.frontFirst = frontFirst;
    }

    /**
     * A view for a scan that reads a few fields of many events: kind, time, connection id,
     * sequence, last byte time, status, outcome, the tenant and {@link #hasUpgradeHeader()}. A
     * request or response written by format 2.1 or later carries a checksum of just those (its
     * front); filling this view checks only that, and the whole record's checksum is checked
     * the first time anything else of the event is read (method, target, headers, body, a kept
     * copy, {@link #toEvent()}). No byte is read before it is checked. Other records are checked
     * whole when filled, as by {@code new EventView()}.
     *
     * <p>So damage after the front is found when that part is first read, not when the view is
     * filled: it is then a {@link JournalException} naming the record, with the message
     * {@code next()} gives, also from a reader that skips damaged records (the event has been
     * handed out by then). A reader skips, and counts, records whose front is damaged as before.
     */
    public static EventView scanning() {
        return new EventView(true);
    }

    /**
     * Makes this view read each record into a fresh array of the record's exact length, which
     * {@link #exactRecord()} then hands over instead of copying: for a reader that keeps every
     * record it reads (a merge's reorder window), the one copy a record then costs is the read.
     * A record that is skipped leaves its array to the next one of the same length.
     */
    EventView handingOver() {
        handsOver = true;
        return this;
    }

    /**
     * {@link #handingOver()} for records another thread lays out ({@link JournalSet#layOut}),
     * checked as by {@link #scanning()}: the front of a 2.1 request or response when read (what
     * the merge orders by: kind, time, ids), its rest by the thread that lays it out, which reads
     * the record next anyway. The checksum of a few hundred bytes is a seventh of the reading
     * thread's work, and that thread is the busier of the two.
     */
    static EventView handingOverFrontChecked() {
        EventView v = new EventView(true).handingOver();
        v.restLeftToTaker = true;
        return v;
    }

    /**
     * Whether the reader copies only the front of a 2.1 response read in place
     * ({@code Format2.RESP_FRONT_COPY}): a view handing records to a plan, which reads nothing of
     * a response past its front (sequence, status, times, body length). On a replay's journal
     * responses are about half the bytes; not copying their headers and stored body saves the
     * reading thread that copy and the planning thread their checksum. Such a view is the one
     * that leaves a record's rest to its taker: only a plan takes records that way.
     */
    boolean copiesResponseFronts() {
        return restLeftToTaker;
    }

    /**
     * The array the reader copies the next record into, at least {@code n} bytes: the view's own,
     * or a new one when that is too small or is a kept record's (an owned array may be shared by
     * kept requests: it must never be refilled). The view holds no event until {@link #filled}.
     */
    byte[] fill(int n) {
        kindCode = EMPTY;
        byte[] b = bytes;
        if (handsOver ? b.length != n || owned : owned || b.length < n) {
            b = new byte[handsOver ? n : Math.max(n, owned ? 128 : b.length * 2)];
            bytes = b;
            owned = false;
        }
        return b;
    }

    /** The array last handed out by {@link #fill}: what the reader copied a record into. */
    byte[] array() {
        return bytes;
    }

    /** The reader copied a record of {@code len} bytes into {@link #array()}; {@link #layOut()} checks it. */
    void filled(int len, JournalReader from, long at) {
        length = len;
        kindCode = EMPTY;
        if (origin != from) {
            origin = from; // stored only when it changes: see kindCode
        }
        index = at;
    }

    /**
     * Checks the taken record's length and checksum and reads its type and time; false for an
     * event type this build does not know.
     *
     * @throws MalformedEventException when it is corrupt
     */
    boolean layOut() {
        if (frontFirst) {
            layout.sealFront(bytes, length);
        } else {
            layout.seal(bytes, length);
        }
        return kindOf();
    }

    /**
     * Holds a record this view's reader already read, checked and laid out once, handed over
     * as its own exact-length array ({@link #exactRecord}): laid out again without paying for
     * its checksum a second time, every bound still checked as its fields are asked for.
     * {@link #keepRequest()} and {@link #keepResponse()} then share the array instead of copying it.
     */
    void holdChecked(byte[] record, JournalReader from, long at) {
        hold(record, from, at);
        try {
            layout.trust(record, record.length);
        } catch (MalformedEventException e) {
            throw new IllegalStateException("a checked record no longer lays out: " + e.getMessage(), e);
        }
        known();
    }

    /**
     * {@link #holdChecked} for a record a {@link #handingOverFrontChecked()} view read: the rest of
     * a record whose front alone was checked is checked now.
     *
     * @throws MalformedEventException when the rest does not match the record's checksum
     */
    void holdFrontChecked(byte[] record, JournalReader from, long at) {
        hold(record, from, at);
        layout.trustFront(record, record.length);
        known();
    }

    private void hold(byte[] record, JournalReader from, long at) {
        bytes = record;
        length = record.length;
        if (origin != from) {
            origin = from; // see kindCode
        }
        index = at;
        owned = true;
        kindCode = EMPTY;
    }

    private void known() {
        if (!kindOf()) {
            throw new IllegalStateException("a checked record is of an unknown type");
        }
    }

    /**
     * The held record as an array of its exact length, for {@link #holdChecked} later: the
     * view's own, given up, when the view is {@link #handingOver()} and the array is exactly the
     * record (the next fill then takes a new one), else a copy.
     */
    byte[] exactRecord() {
        if (frontFirst && !restLeftToTaker) {
            fields(); // checks the rest of a record whose front alone was checked: the copy is trusted later
        }
        held();
        byte[] b = bytes;
        if (handsOver && b.length == length) {
            owned = true; // never refilled: the array is the caller's now
            return b;
        }
        return Arrays.copyOf(b, length);
    }

    /** Where the held record lies in its journal. */
    long index() {
        return index;
    }

    private boolean kindOf() {
        if (!EventLayout.knows(layout.type())) {
            return false;
        }
        walked = false;
        fronted = false;
        pointed = 0;
        kindCode = switch (layout.type()) {
            case EventCodec.TYPE_CONNECTION_OPENED -> Kind.CONNECTION_OPENED.ordinal();
            case EventCodec.TYPE_REQUEST -> Kind.REQUEST.ordinal();
            case EventCodec.TYPE_RESPONSE -> Kind.RESPONSE.ordinal();
            case EventCodec.TYPE_CONNECTION_CLOSED -> Kind.CONNECTION_CLOSED.ordinal();
            case EventCodec.TYPE_UPGRADE -> Kind.UPGRADE.ordinal();
            default -> throw new IllegalStateException("laid out an event of type " + layout.type());
        };
        return true;
    }

    /** Forgets the event, so that a view left after the end cannot be mistaken for a current one. */
    void clear() {
        kindCode = EMPTY;
    }

    /** What kind of event the view holds. */
    public Kind kind() {
        return held();
    }

    /** {@link JournalEvent#timeNanos()}: for a request or response, its first byte. */
    public long timeNanos() {
        held();
        return layout.timeNanos();
    }

    /** Every kind of event has one. */
    public long connectionId() {
        front();
        return layout.connectionId();
    }

    /** Of a request, a response or an upgrade. */
    public long sequence() {
        Kind k = front();
        require(k == Kind.REQUEST || k == Kind.RESPONSE || k == Kind.UPGRADE, "sequence");
        return layout.sequence();
    }

    /** Of a request or a response. */
    public long lastByteNanos() {
        Kind k = front();
        require(k == Kind.REQUEST || k == Kind.RESPONSE, "last byte time");
        return layout.lastByteNanos();
    }

    public CharSequence method() {
        return requestText(EventLayout.METHOD);
    }

    public CharSequence target() {
        return requestText(EventLayout.TARGET);
    }

    public CharSequence httpVersion() {
        return requestText(EventLayout.VERSION);
    }

    /** In a 2.x record the tenant is the first string, found with its own length alone, before anything else is walked. */
    public CharSequence tenant() {
        Kind k = held();
        if (!walked && k == Kind.REQUEST && layout.format2()) {
            StoredText t = texts[EventLayout.TENANT];
            if ((pointed & 1 << EventLayout.TENANT) == 0) {
                try {
                    layout.tenant2(fronted);
                } catch (MalformedEventException e) {
                    throw origin.corrupt(index, e);
                }
                fronted = true;
                t.point(bytes, layout.stringEnd(EventLayout.TENANT), layout.stringHead(EventLayout.TENANT));
                pointed |= 1 << EventLayout.TENANT;
            }
            return t;
        }
        return requestText(EventLayout.TENANT);
    }

    /**
     * Of a request: the tenant as a String, the same String for every request of a tenant (while
     * this view's table of a few thousand tenants keeps it) rather than a copy per request. Found
     * by the stored bytes, without going through {@link #tenant()}'s {@link CharSequence} a
     * character at a time: a plan of millions of requests names each one's tenant.
     */
    public String tenantName() {
        if (tenantNames == null) {
            tenantNames = new InternedTexts();
        }
        return ((StoredText) tenant()).toString(tenantNames);
    }

    public int status() {
        require(front() == Kind.RESPONSE, "status");
        return layout.status();
    }

    public Outcome outcome() {
        require(front() == Kind.RESPONSE, "outcome");
        return Outcome.ofCode(layout.outcomeCode());
    }

    /** Of a request or a response: how many headers, in wire order. */
    public int headerCount() {
        requireExchange("headers");
        return layout.headerCount();
    }

    public CharSequence headerName(int i) {
        checkHeader(i);
        headers();
        return headerName.point(bytes, layout.headerNameEnd(i), layout.headerNameHead(i));
    }

    public CharSequence headerValue(int i) {
        checkHeader(i);
        headers();
        return headerValue.point(bytes, layout.headerValueEnd(i), layout.headerValueHead(i));
    }

    /**
     * Whether the event has a header of this name, matched without regard to case as
     * {@link RequestEvent#header(String)} matches it; compared where the names lie, with no copy.
     */
    public boolean hasHeader(String name) {
        int n = headerCount();
        headers();
        int want = name.length();
        for (int i = 0; i < n; i++) {
            int head = layout.headerNameHead(i);
            if ((head & 1) != 0) {
                if (name.equalsIgnoreCase(headerName(i).toString())) {
                    return true;
                }
            } else if (head >>> 1 == want && HeaderNames.latin1EqualsIgnoreCase(bytes, layout.headerNameEnd(i) - want, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Of a request: whether it has a header named {@code Upgrade}, by the rule of
     * {@link #hasHeader(String)}. A request written by format 2.1 or later says so in a flag of
     * its front, read without walking (or, in a {@link #scanning()} view, checking) its headers;
     * an older one has its headers searched.
     */
    public boolean hasUpgradeHeader() {
        require(held() == Kind.REQUEST, "Upgrade header");
        Boolean flag = layout.upgradeFlag();
        return flag != null ? flag : hasHeader("Upgrade");
    }

    /**
     * Keeps the request past the next fill: a copy of its stored bytes, with its sequence, method
     * and body truncation read now and the rest decoded when first asked for.
     */
    public StoredRequest keepRequest() {
        Kind k = fields();
        require(k == Kind.REQUEST, "request to keep");
        return new StoredRequest(record(), layout.sequence(), knownMethod(), layout.bodyTruncated());
    }

    /** Keeps the response past the next fill: a copy of its stored bytes, decoded when first asked for. */
    public StoredResponse keepResponse() {
        if (layout.frontOnly()) {
            front();
            try {
                return StoredResponse.front(layout.sequence(), layout.status(), layout.timeNanos(),
                        layout.lastByteNanos(), layout.frontBodyLength());
            } catch (MalformedEventException e) {
                throw origin.corrupt(index, e);
            }
        }
        Kind k = fields();
        require(k == Kind.RESPONSE, "response to keep");
        return new StoredResponse(record(), layout.sequence(), layout.status(), layout.timeNanos(),
                layout.lastByteNanos());
    }

    /** The record to keep: the held array itself when it is the record's own, else a copy of the reused buffer. */
    private byte[] record() {
        return owned ? bytes : Arrays.copyOf(bytes, length);
    }

    /** The request's method, the same String for the common ones rather than a copy per request. */
    private String knownMethod() {
        StoredText m = (StoredText) method();
        for (String known : METHODS) {
            if (m.sameAs(known)) {
                return known;
            }
        }
        return m.toString();
    }

    /** {@link Body#length()}: the body's true length, also when only part of it was stored. */
    public long bodyLength() {
        requireExchange("body");
        return layout.bodyLength();
    }

    /** How many of the body's bytes are stored. */
    public int storedBodyLength() {
        requireExchange("body");
        return layout.bodyStored();
    }

    public boolean bodyTruncated() {
        requireExchange("body");
        return layout.bodyTruncated();
    }

    /** Copies the stored body bytes to {@code dst} at {@code off}; returns how many. */
    public int copyBody(byte[] dst, int off) {
        int n = storedBodyLength();
        System.arraycopy(bytes, layout.bodyStart(), dst, off, n);
        return n;
    }

    public CharSequence clientAddress() {
        return text(Kind.CONNECTION_OPENED, EventLayout.CLIENT, "client address");
    }

    public CharSequence listenerAddress() {
        return text(Kind.CONNECTION_OPENED, EventLayout.LISTENER, "listener address");
    }

    public CloseSide side() {
        require(fields() == Kind.CONNECTION_CLOSED, "close side");
        return CloseSide.ofCode(layout.sideCode());
    }

    public CharSequence protocol() {
        return text(Kind.UPGRADE, EventLayout.PROTOCOL, "protocol");
    }

    /** The whole event, decoded: equal to what {@link JournalReader#next()} returns for this record. */
    public JournalEvent toEvent() {
        Kind k = fields();
        if (k == Kind.REQUEST || k == Kind.RESPONSE) {
            headers();
        }
        if (codec == null) {
            codec = new EventCodec();
        }
        try {
            return codec.decode(bytes, 0, length);
        } catch (MalformedEventException e) {
            throw new IllegalStateException("a checked record no longer decodes: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return kindCode == EMPTY ? "EventView[empty]" : "EventView[" + KINDS[kindCode] + " at " + layout.timeNanos() + "]";
    }

    private CharSequence requestText(int slot) {
        return text(Kind.REQUEST, slot, "request fields");
    }

    private CharSequence text(Kind of, int slot, String what) {
        require(fields() == of, what);
        StoredText t = texts[slot];
        if ((pointed & 1 << slot) == 0) {
            t.point(bytes, layout.stringEnd(slot), layout.stringHead(slot));
            pointed |= 1 << slot;
        }
        return t;
    }

    private void checkHeader(int i) {
        int n = headerCount();
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("header " + i + " of " + n);
        }
    }

    /**
     * The event's kind, once its fields after the time have been walked and checked: the first
     * time any of them is asked for. A record whose checksum matches but whose fields do not
     * parse (a writer's bug, never damage on disk) fails here with the message next() gives.
     */
    private Kind fields() {
        Kind k = held();
        if (!walked) {
            try {
                layout.walk();
            } catch (MalformedEventException e) {
                throw origin.corrupt(index, e);
            }
            walked = true;
        }
        return k;
    }

    /** The headers of a walked request or response, once their block has been walked (a 2.x record walks it only now). */
    private void headers() {
        if (!layout.headersWalked()) {
            try {
                layout.walkHeaders();
            } catch (MalformedEventException e) {
                throw origin.corrupt(index, e);
            }
        }
    }

    /** The kind, once the numbers at the front of the event have been read (see {@link EventLayout#front}). */
    private Kind front() {
        Kind k = held();
        if (!fronted && !walked) {
            try {
                layout.front();
            } catch (MalformedEventException e) {
                throw origin.corrupt(index, e);
            }
            fronted = true;
        }
        return k;
    }

    private Kind held() {
        int k = kindCode;
        if (k == EMPTY) {
            throw new IllegalStateException("the view holds no event: fill it with JournalReader.next(EventView)");
        }
        return KINDS[k];
    }

    private void requireExchange(String what) {
        Kind k = fields();
        require(k == Kind.REQUEST || k == Kind.RESPONSE, what);
    }

    private void require(boolean has, String what) {
        if (!has) {
            throw new IllegalStateException("a " + KINDS[kindCode] + " event has no " + what);
        }
    }
}
