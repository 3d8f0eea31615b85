package dev.reprise.capture.record;

import dev.reprise.format.Header;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A head's fields kept as the bytes they came in, split into {@link Header}s on first use. The
 * event loop copies the head once; the recorder's thread pays for the parsing and the strings,
 * off the forwarding path. One instance may stand for the heads of several exchanges whose
 * fields are the same bytes: the first split is kept, and if two threads should split it at once
 * each makes an equal unmodifiable list, so either may be kept.
 */
public final class UnparsedHeaders extends AbstractList<Header> {
    private final byte[] head;
    private final Function<byte[], List<Header>> parser;
    private List<Header> parsed;

    /**
     * @param parser a non-capturing function, so that no parser object is made per head; the list
     *               it gives must be unmodifiable ({@code List.of}), so that events can keep it as it is
     */
    public UnparsedHeaders(byte[] head, Function<byte[], List<Header>> parser) {
        this.head = head;
        this.parser = parser;
    }

    /** Bytes of the head as it came, which bound what its parsed fields take. */
    public int byteLength() {
        return head.length;
    }

    /**
     * True when this head's bytes from {@code from} to its end are {@code other}'s from
     * {@code otherFrom} to {@code otherEnd}: with both from just past the first line, the fields
     * are the same.
     */
    public boolean sameBytesAs(int from, byte[] other, int otherFrom, int otherEnd) {
        return Arrays.equals(head, from, head.length, other, otherFrom, otherEnd);
    }

    /**
     * The fields of {@code headers} as an unmodifiable list: when they are unparsed, the parser's
     * own list, which an event's {@code List.copyOf} keeps without copying; otherwise the list itself.
     */
    public static List<Header> fields(List<Header> headers) {
        return headers instanceof UnparsedHeaders u ? u.parsed() : headers;
    }

    private List<Header> parsed() {
        if (parsed == null) {
            parsed = parser.apply(head);
        }
        return parsed;
    }

    @Override
    public Header get(int index) {
        return parsed().get(index);
    }

    @Override
    public int size() {
        return parsed().size();
    }
}
