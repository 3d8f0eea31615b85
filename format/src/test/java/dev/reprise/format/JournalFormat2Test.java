package dev.reprise.format;

import dev.reprise.format.internal.EventCodec;
import dev.reprise.format.internal.MalformedEventException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.reprise.format.TestJournals.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Format 2.0's layout, as format/README.md specifies it, and how a reader meets a damaged or hostile 2.0 record. */
@Timeout(60)
class JournalFormat2Test {
    private static final long AT_MILLIS = T0 / 1_000_000L;

    @TempDir
    Path tmp;

    @Test
    void aWriterWritesFormat2WithTheTenantFirstAndEveryNumberAtItsFixedOffset() {
        RequestEvent request = SampleEvents.request(7, 3, T0);
        ByteBuffer b = ByteBuffer.wrap(TestJournals.encoded(request)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.get(0)).isEqualTo((byte) 0x23);
        assertThat(b.getLong(1)).isEqualTo(T0);
        assertThat(b.getLong(9)).isEqualTo(7);
        assertThat(b.getLong(17)).isEqualTo(3);
        assertThat(b.getLong(25)).isEqualTo(T0 + 1_500);
        assertThat(b.getInt(33)).isEqualTo("acme".length() << 1);
        assertThat(new String(b.array(), 70, 4, StandardCharsets.ISO_8859_1)).isEqualTo("acme");
        assertThat(b.getInt(37)).isEqualTo("POST".length() << 1);
        assertThat(new String(b.array(), 74, 4, StandardCharsets.ISO_8859_1)).isEqualTo("POST");
        assertThat(b.getInt(49)).isEqualTo(4); // header count
        assertThat(b.getLong(57)).isEqualTo(4096); // the body's true length, truncated
        assertThat(b.get(69) & 1).as("truncated").isEqualTo(1);

        Path dir = tmp.resolve("written");
        TestJournals.write(dir, List.of(request));
        try (JournalReader r = JournalReader.open(dir)) {
            assertThat(r.header().formatMajor()).isEqualTo(2);
            assertThat(r.header().formatMinor()).isEqualTo(1); // 2.1 adds a front checksum: JournalFormat21Test
        }
    }

    @Test
    void aJournalWrittenInFormat11ReadsTheSameThroughNextAndTheView() {
        Path dir = tmp.resolve("one-one");
        List<JournalEvent> events = everyKind();
        try (JournalWriter w = JournalWriter.create(dir).writerId("old").startNanos(T0).format1().open()) {
            events.forEach(w::append);
        }
        try (JournalReader r = JournalReader.openStrict(dir)) {
            assertThat(r.header().formatMajor()).isEqualTo(1);
            assertThat(TestJournals.readAll(r)).containsExactlyElementsOf(events);
        }
        assertThat(viewed(dir)).containsExactlyElementsOf(events);
        Path current = tmp.resolve("two-oh");
        TestJournals.write(current, events);
        assertThat(viewed(current)).containsExactlyElementsOf(events);
    }

    @Test
    void aRecordCutShortFailsWithOneLineNamingTheRecordAndTheRestIsRead() {
        byte[] request = TestJournals.encoded(SampleEvents.request(1, 0, T0));
        assertDamaged(TestJournals.sealed(Arrays.copyOf(request, 50)),
                "a 2.x request needs 70 bytes before its checksum, this event has 50");
        assertDamaged(TestJournals.sealed(Arrays.copyOf(request, 72)),
                "string length 4 at offset 70 runs past the event end 72");
    }

    @Test
    void aLengthOrOffsetPastTheEndOfTheRecordFailsWithOneLine() {
        byte[] request = TestJournals.encoded(SampleEvents.request(1, 0, T0));
        int end = request.length - 4;
        assertDamaged(resealed(with(request, 41, 0x7FFF_FFF0)), "string length 1073741816 at offset 78 runs past the event end " + end);
        assertDamaged(resealed(with(request, 53, end)), "headers of " + end + " bytes at offset ");
        assertDamaged(resealed(with(request, 53, -1)), "headers of 4294967295 bytes at offset ");
        assertDamaged(resealed(with(request, 49, 1_000_000)), "count 1000000 cannot fit in the ");
        assertDamaged(resealed(with(request, 49, 3)), "3 headers end at offset ");
        assertDamaged(resealed(with(request, 65, 5_000)), "length 5000 at offset ");
        assertDamaged(resealed(with(request, 57, 10)), "body length 10 disagrees with ");
        byte[] negative = request.clone();
        ByteBuffer.wrap(negative).order(ByteOrder.LITTLE_ENDIAN).putLong(9, -5);
        assertDamaged(resealed(negative), "negative connection id -5");
    }

    @Test
    void theViewReadsATenantWithoutCheckingTheRestAndFailsAtTheFirstFieldThatIsBad() {
        byte[] request = TestJournals.encoded(SampleEvents.request(1, 0, T0));
        byte[] badTarget = resealed(with(request, 41, 0x7FFF_FFF0));
        Path dir = tmp.resolve("bad-target");
        TestJournals.appendRaw(dir, AT_MILLIS, TestJournals.encoded(JournalHeader.current("w", T0, CaptureSettings.synthetic(1))),
                badTarget);
        EventView view = new EventView();
        try (JournalReader r = JournalReader.openStrict(dir)) {
            assertThat(r.next(view)).isTrue();
            assertThat(view.tenant().toString()).isEqualTo("acme");
            assertThat(TestJournals.messageOf(view::target))
                    .endsWith(" record 1: corrupt record: string length 1073741816 at offset 78 runs past the event end "
                            + (request.length - 4));
        }
        byte[] badTenant = resealed(with(request, 33, 0x7FFF_FFF0));
        Path other = tmp.resolve("bad-tenant");
        TestJournals.appendRaw(other, AT_MILLIS, TestJournals.encoded(JournalHeader.current("w", T0, CaptureSettings.synthetic(1))),
                badTenant);
        try (JournalReader r = JournalReader.openStrict(other)) {
            assertThat(r.next(view)).isTrue();
            assertThat(TestJournals.messageOf(view::tenant)).endsWith(" record 1: corrupt record: string length 1073741816 at offset 70 runs past the event end "
                    + (request.length - 4));
        }
    }

    @Test
    void aRecordMarkedWithAFormatThisBuildDoesNotReadIsCorruptNotSkippedSilently() {
        byte[] request = TestJournals.encoded(SampleEvents.request(1, 0, T0));
        byte[] three = request.clone();
        three[0] = 0x33;
        assertDamaged(resealed(three), "type byte 0x33 is of format 3.x, not one this build reads (1.x, 2.x)");
        byte[] header = request.clone();
        header[0] = 0x21;
        assertDamaged(resealed(header), "type byte 0x21 is not an event of format 2.x");
    }

    @Test
    void aFlippedBitAnywhereInARecordIsCaughtByItsChecksum() {
        EventCodec codec = new EventCodec();
        for (JournalEvent e : everyKind()) {
            byte[] good = TestJournals.encoded(e);
            assertThat(codec.decode(good, 0, good.length)).isEqualTo(e);
            for (int bit = 0; bit < good.length * 8; bit++) {
                byte[] bad = good.clone();
                bad[bit / 8] ^= (byte) (1 << (bit % 8));
                assertThatThrownBy(() -> codec.decode(bad, 0, bad.length))
                        .as("bit %d of %s", bit, e).isInstanceOf(MalformedEventException.class).hasMessage("checksum mismatch");
            }
        }
        byte[] request = TestJournals.encoded(SampleEvents.request(1, 0, T0));
        request[71] ^= 0x04; // in the tenant
        assertDamaged(request, "checksum mismatch");
    }

    /**
     * A damaged record between two good ones: a strict read fails there with one line naming the
     * journal file and record, through next() and through the view alike; a default read skips
     * it, says so in one line, and reads the rest.
     */
    private void assertDamaged(byte[] bad, String problem) {
        Path dir = tmp.resolve("bad-" + Integer.toHexString(Arrays.hashCode(bad)));
        RequestEvent good = SampleEvents.request(1, 0, T0);
        TestJournals.appendRaw(dir, AT_MILLIS, TestJournals.encoded(JournalHeader.current("w", T0, CaptureSettings.synthetic(1))),
                TestJournals.encoded(good), bad, TestJournals.encoded(SampleEvents.closed(1, T0 + 5)));
        String file = TestJournals.rollFiles(dir).get(0).toString();
        String withNext = TestJournals.messageOf(() -> {
            try (JournalReader r = JournalReader.openStrict(dir)) {
                while (r.next() != null) {
                    // reading to the damage
                }
            }
        });
        assertThat(withNext).startsWith("journal " + file + " record 2: corrupt record: " + problem).doesNotContain("\n");
        EventView view = new EventView();
        String withView = TestJournals.messageOf(() -> {
            try (JournalReader r = JournalReader.openStrict(dir)) {
                while (r.next(view)) {
                    view.toEvent();
                }
            }
        });
        assertThat(withView).isEqualTo(withNext);
        try (JournalReader r = JournalReader.open(dir)) {
            assertThat(TestJournals.readAll(r)).containsExactly(good, SampleEvents.closed(1, T0 + 5));
            assertThat(r.skippedRecords()).isEqualTo(1);
            assertThat(r.damage()).containsExactly(withNext);
        }
    }

    /** Every event through the view's accessors, rebuilt field by field, not through toEvent. */
    private static List<JournalEvent> viewed(Path dir) {
        List<JournalEvent> out = new ArrayList<>();
        EventView v = new EventView();
        try (JournalReader r = JournalReader.openStrict(dir)) {
            while (r.next(v)) {
                out.add(switch (v.kind()) {
                    case REQUEST -> new RequestEvent(v.connectionId(), v.sequence(), v.timeNanos(), v.lastByteNanos(),
                            v.method().toString(), v.target().toString(), v.httpVersion().toString(), headers(v), body(v),
                            v.tenant().toString());
                    case RESPONSE -> new ResponseEvent(v.connectionId(), v.sequence(), v.status(), headers(v), body(v),
                            v.timeNanos(), v.lastByteNanos(), v.outcome(), ((ResponseEvent) v.toEvent()).upstreamRetries());
                    case CONNECTION_OPENED -> new ConnectionOpened(v.connectionId(), v.timeNanos(), v.clientAddress().toString(),
                            v.listenerAddress().toString());
                    case CONNECTION_CLOSED -> new ConnectionClosed(v.connectionId(), v.timeNanos(), v.side());
                    case UPGRADE -> new UpgradeEvent(v.connectionId(), v.sequence(), v.timeNanos(), v.protocol().toString());
                });
                assertThat(v.toEvent()).isEqualTo(out.get(out.size() - 1));
            }
        }
        return out;
    }

    private static List<Header> headers(EventView v) {
        List<Header> out = new ArrayList<>();
        for (int i = 0; i < v.headerCount(); i++) {
            out.add(new Header(v.headerName(i).toString(), v.headerValue(i).toString()));
        }
        return out;
    }

    private static Body body(EventView v) {
        byte[] b = new byte[v.storedBodyLength()];
        v.copyBody(b, 0);
        return new Body(b, v.bodyLength());
    }

    private static List<JournalEvent> everyKind() {
        return List.of(SampleEvents.opened(1, T0), SampleEvents.request(1, 0, T0 + 10),
                new ResponseEvent(1, 0, 201, List.of(new Header("X-\u00c9t\u00e9", "\u6771\u4eac")), Body.of(new byte[] {0, (byte) 0xFF}),
                        T0 + 20, T0 + 30, Outcome.UPSTREAM_RESET, 3),
                new RequestEvent(1, 1, T0 + 40, T0 + 40, "GET", "/\u00fc", "HTTP/1.1", List.of(), Body.EMPTY, "t\u00e9n\u6771"),
                new UpgradeEvent(1, 1, T0 + 50, "websocket"), SampleEvents.closed(1, T0 + 60));
    }

    /** The record with the i32 at {@code at} set, checksum dropped: reseal it. */
    private static byte[] with(byte[] sealed, int at, int value) {
        byte[] out = sealed.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return out;
    }

    /** The record's bytes before its checksum (a sealed record's last four are dropped) sealed again, so only the layout is wrong. */
    private static byte[] resealed(byte[] withOldChecksum) {
        return TestJournals.sealed(Arrays.copyOf(withOldChecksum, withOldChecksum.length - 4));
    }
}
