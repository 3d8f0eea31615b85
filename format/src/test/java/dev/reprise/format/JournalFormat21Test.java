package dev.reprise.format;

import dev.reprise.format.internal.EventCodec;
import dev.reprise.format.internal.MalformedEventException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.zip.CRC32C;

import static dev.reprise.format.TestJournals.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Format 2.1's front checksum and Upgrade flag, as format/README.md specifies them, and how a
 * scanning view ({@link EventView#scanning()}) meets a damaged or hostile 2.1 record: damage is
 * reported when the part holding it is first read, and no byte is used before it is checked.
 */
@Timeout(120)
class JournalFormat21Test {
    private static final long AT_MILLIS = T0 / 1_000_000L;
    /** A request's fixed part, before its tenant's bytes; a response's. */
    private static final int REQUEST_FIXED = 70;
    private static final int RESPONSE_FIXED = 61;

    @TempDir
    Path tmp;

    @Test
    void aWriterWrites21WithAChecksumOfTheFrontBeforeTheRecordsChecksumAndFlagsInTheFlagsByte() {
        byte[] request = TestJournals.encoded(SampleEvents.request(7, 3, T0));
        ByteBuffer b = ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.get(0)).isEqualTo((byte) 0x23);
        assertThat(b.get(69)).as("truncated body, front sealed, no Upgrade header").isEqualTo((byte) 0x03);
        assertThat(b.getInt(request.length - 8)).isEqualTo(crc(request, 0, REQUEST_FIXED + "acme".length()));
        assertThat(b.getInt(request.length - 4)).isEqualTo(crc(request, 0, request.length - 4));

        byte[] response = TestJournals.encoded(SampleEvents.response(7, 3, T0));
        ByteBuffer r = ByteBuffer.wrap(response).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(r.get(60)).isEqualTo((byte) 0x02);
        assertThat(r.getInt(response.length - 8)).isEqualTo(crc(response, 0, RESPONSE_FIXED));

        byte[] upgrade = TestJournals.encoded(upgradeRequest("UPGRADE"));
        assertThat(upgrade[69]).isEqualTo((byte) 0x06);

        // The other kinds are laid out as in 2.0, one checksum over the whole record.
        for (JournalEvent e : List.of(SampleEvents.opened(1, T0), SampleEvents.closed(1, T0), new UpgradeEvent(1, 2, T0, "h2c"))) {
            byte[] bytes = TestJournals.encoded(e);
            assertThat(bytes).as("%s", e).hasSize(expectedLength20(e));
        }

        Path dir = tmp.resolve("written");
        TestJournals.write(dir, List.of(SampleEvents.request(7, 3, T0)));
        try (JournalReader reader = JournalReader.open(dir)) {
            assertThat(reader.header().formatMajor()).isEqualTo(2);
            assertThat(reader.header().formatMinor()).isEqualTo(1);
        }
    }

    @Test
    void a21RecordIsA20RecordWithItsFrontChecksumAfterItsVariablePartsSoA20ReaderReadsItAsItIs() {
        for (JournalEvent e : everyKind()) {
            byte[] current = TestJournals.encoded(e);
            byte[] older = as20(current);
            EventCodec codec = new EventCodec();
            assertThat(codec.decode(older, 0, older.length)).as("%s", e).isEqualTo(e);
            assertThat(codec.decode(current, 0, current.length)).as("%s", e).isEqualTo(e);
        }
    }

    @Test
    void everyFlippedBitIsCaughtWhenThePartHoldingItIsFirstRead() {
        try (Origin origin = new Origin()) {
            for (JournalEvent e : everyKind()) {
                byte[] good = TestJournals.encoded(e);
                int front = frontOf(good);
                for (int bit = 0; bit < good.length * 8; bit++) {
                    byte[] bad = good.clone();
                    int at = bit / 8;
                    bad[at] ^= (byte) (1 << (bit % 8));
                    String what = "bit " + bit + " of " + e;

                    assertThatThrownBy(() -> origin.fill(new EventView(), bad)).as(what)
                            .isInstanceOf(MalformedEventException.class).hasMessage("checksum mismatch");

                    boolean inFront = front == 0 || at < front || (at >= good.length - 8 && at < good.length - 4);
                    EventView scan = EventView.scanning();
                    if (inFront) {
                        assertThatThrownBy(() -> origin.fill(scan, bad)).as(what)
                                .isInstanceOf(MalformedEventException.class).hasMessage("checksum mismatch");
                        continue;
                    }
                    origin.fill(scan, bad);
                    assertThat(front(scan)).as(what).isEqualTo(front(origin.filled(EventView.scanning(), good)));
                    for (Function<EventView, Object> rest : restOf(scan.kind())) {
                        EventView v = origin.filled(EventView.scanning(), bad);
                        assertThatThrownBy(() -> rest.apply(v)).as(what).isInstanceOf(JournalException.class)
                                .hasMessageEndingWith(": corrupt record: checksum mismatch");
                    }
                }
            }
        }
    }

    @Test
    void aScanningViewReadsTheFrontOfARecordDamagedBehindItAndFailsAtTheFirstFieldBehindIt() {
        RequestEvent good = SampleEvents.request(1, 0, T0);
        byte[] bad = TestJournals.encoded(SampleEvents.request(1, 1, T0 + 1));
        bad[bad.length - 20] ^= 0x10; // in the body
        Path dir = journal(TestJournals.encoded(good), bad, TestJournals.encoded(SampleEvents.closed(1, T0 + 5)));
        String record = "journal " + TestJournals.rollFiles(dir).get(0) + " record 2: corrupt record: checksum mismatch";

        // A view that checks records whole, and next(), skip it and say so, as for any damaged record.
        try (JournalReader r = JournalReader.open(dir)) {
            EventView v = new EventView();
            List<EventView.Kind> kinds = new ArrayList<>();
            while (r.next(v)) {
                kinds.add(v.kind());
            }
            assertThat(kinds).containsExactly(EventView.Kind.REQUEST, EventView.Kind.CONNECTION_CLOSED);
            assertThat(r.damage()).containsExactly(record);
        }
        for (boolean strict : new boolean[] {false, true}) {
            try (JournalReader r = strict ? JournalReader.openStrict(dir) : JournalReader.open(dir)) {
                EventView v = EventView.scanning();
                assertThat(r.next(v)).isTrue();
                assertThat(v.target().toString()).isEqualTo(good.target());
                assertThat(r.next(v)).isTrue();
                assertThat(v.tenant().toString()).isEqualTo("acme");
                assertThat(v.sequence()).isEqualTo(1);
                assertThat(v.hasUpgradeHeader()).isFalse();
                assertThat(TestJournals.messageOf(v::target)).isEqualTo(record);
                assertThat(TestJournals.messageOf(v::keepRequest)).isEqualTo(record);
                assertThat(r.next(v)).isTrue();
                assertThat(v.kind()).isEqualTo(EventView.Kind.CONNECTION_CLOSED);
                assertThat(r.skippedRecords()).isZero();
            }
        }
    }

    @Test
    void aScanningViewSkipsARecordWhoseFrontIsDamagedAsEveryReaderDoes() {
        byte[] bad = TestJournals.encoded(SampleEvents.request(1, 1, T0 + 1));
        bad[REQUEST_FIXED + 1] ^= 0x04; // in the tenant
        Path dir = journal(TestJournals.encoded(SampleEvents.request(1, 0, T0)), bad,
                TestJournals.encoded(SampleEvents.closed(1, T0 + 5)));
        String record = "journal " + TestJournals.rollFiles(dir).get(0) + " record 2: corrupt record: checksum mismatch";
        try (JournalReader r = JournalReader.open(dir)) {
            EventView v = EventView.scanning();
            assertThat(r.next(v)).isTrue();
            assertThat(r.next(v)).isTrue();
            assertThat(v.kind()).isEqualTo(EventView.Kind.CONNECTION_CLOSED);
            assertThat(r.damage()).containsExactly(record);
        }
        try (JournalReader r = JournalReader.openStrict(dir)) {
            EventView v = EventView.scanning();
            assertThat(r.next(v)).isTrue();
            assertThat(TestJournals.messageOf(() -> r.next(v))).isEqualTo(record);
        }
    }

    @Test
    void aRecordCutShortIsCaughtByTheChecksumThatCoversWhereItWasCut() {
        byte[] request = TestJournals.encoded(SampleEvents.request(1, 0, T0));
        // Cut behind the tenant and sealed again: the front checksum it names is not where it should be.
        assertScanFails(TestJournals.sealed(Arrays.copyOf(request, 90)), v -> v.tenant(), "checksum mismatch");
        // Cut inside the fixed part: too short to hold a front checksum, so the record is checked
        // whole (it passes: it was sealed again) and its layout fails where 2.0's does.
        assertScanFails(TestJournals.sealed(Arrays.copyOf(request, 72)), v -> v.tenant(),
                "string length 4 at offset 70 runs past the event end 72");
        assertScanFails(TestJournals.sealed(Arrays.copyOf(request, 50)), v -> v.connectionId(),
                "a 2.x request needs 70 bytes before its checksum, this event has 50");
    }

    @Test
    void hostileLengthsAndNumbersInACheckedFrontFailWithOneLine() {
        byte[] request = TestJournals.encoded(SampleEvents.request(1, 0, T0));
        int end = request.length - 4;
        // A tenant longer than the record: no front to check, so the whole record is (it was sealed again).
        byte[] longTenant = with(request, 33, 0x7FFF_FFF0);
        assertScanFails(TestJournals.sealed(Arrays.copyOf(longTenant, longTenant.length - 4)), v -> v.tenant(),
                "string length 1073741816 at offset 70 runs past the event end " + end);
        byte[] negative = request.clone();
        ByteBuffer.wrap(negative).order(ByteOrder.LITTLE_ENDIAN).putLong(9, -5);
        assertScanFails(resealed(negative, REQUEST_FIXED + 4), v -> v.connectionId(), "negative connection id -5");
        byte[] badTarget = with(request, 41, 0x7FFF_FFF0);
        assertScanFails(resealed(badTarget, REQUEST_FIXED + 4), v -> v.target(),
                "string length 1073741816 at offset 78 runs past the event end " + end);
    }

    @Test
    void theUpgradeFlagAnswersWithoutTheHeadersAndAnOlderRecordHasItsHeadersSearched() {
        byte[] with = TestJournals.encoded(upgradeRequest("upgrade"));
        byte[] without = TestJournals.encoded(SampleEvents.request(1, 0, T0));
        byte[] older = as20(with);
        Path dir = journal(with, without, older, TestJournals.encoded(SampleEvents.response(1, 0, T0)));
        for (EventView v : List.of(new EventView(), EventView.scanning())) {
            try (JournalReader r = JournalReader.openStrict(dir)) {
                assertThat(r.next(v)).isTrue();
                assertThat(v.hasUpgradeHeader()).isTrue();
                assertThat(r.next(v)).isTrue();
                assertThat(v.hasUpgradeHeader()).isFalse();
                assertThat(r.next(v)).isTrue();
                assertThat(v.hasUpgradeHeader()).isTrue();
                assertThat(v.hasHeader("Upgrade")).isTrue();
                assertThat(r.next(v)).isTrue();
                assertThatThrownBy(v::hasUpgradeHeader).isInstanceOf(IllegalStateException.class)
                        .hasMessage("a RESPONSE event has no Upgrade header");
            }
        }
        // The flag is in the checked front: a scan that reads it checks nothing behind it.
        byte[] damagedHeaders = with.clone();
        damagedHeaders[REQUEST_FIXED + 20] ^= 1;
        try (JournalReader r = JournalReader.openStrict(journal(damagedHeaders))) {
            EventView v = EventView.scanning();
            assertThat(r.next(v)).isTrue();
            assertThat(v.hasUpgradeHeader()).isTrue();
            assertThat(TestJournals.messageOf(() -> v.hasHeader("Upgrade"))).endsWith("corrupt record: checksum mismatch");
        }
    }

    /** A scanning view fails at the record, strict, when asked for the field; the record is the journal's first event. */
    private void assertScanFails(byte[] bad, Function<EventView, Object> field, String problem) {
        Path dir = journal(bad);
        String record = "journal " + TestJournals.rollFiles(dir).get(0) + " record 1: corrupt record: " + problem;
        String message = TestJournals.messageOf(() -> {
            try (JournalReader r = JournalReader.openStrict(dir)) {
                EventView v = EventView.scanning();
                if (r.next(v)) {
                    field.apply(v);
                }
            }
        });
        assertThat(message).isEqualTo(record);
    }

    private Path journal(byte[]... records) {
        Path dir = tmp.resolve("j-" + Integer.toHexString(Arrays.deepHashCode(records)));
        byte[][] all = new byte[records.length + 1][];
        all[0] = TestJournals.encoded(JournalHeader.current("w", T0, CaptureSettings.synthetic(1)));
        System.arraycopy(records, 0, all, 1, records.length);
        TestJournals.appendRaw(dir, AT_MILLIS, all);
        return dir;
    }

    /** A reader to name records in errors, and filling a view with given bytes as the reader would. */
    private final class Origin implements AutoCloseable {
        private final JournalReader reader;

        Origin() {
            Path dir = tmp.resolve("origin");
            TestJournals.write(dir, List.of(SampleEvents.closed(1, T0)));
            reader = JournalReader.open(dir);
        }

        void fill(EventView v, byte[] record) {
            byte[] into = v.fill(record.length);
            System.arraycopy(record, 0, into, 0, record.length);
            v.filled(record.length, reader, 1L);
            if (!v.layOut()) {
                throw new MalformedEventException("unknown type"); // not expected: every kind here is known
            }
        }

        EventView filled(EventView v, byte[] record) {
            fill(v, record);
            return v;
        }

        @Override
        public void close() {
            reader.close();
        }
    }

    /** What a scan reads of an event: its checked front. */
    private static List<Object> front(EventView v) {
        List<Object> out = new ArrayList<>(List.of(v.kind(), v.timeNanos(), v.connectionId()));
        switch (v.kind()) {
            case REQUEST -> out.addAll(List.of(v.sequence(), v.lastByteNanos(), v.tenant().toString(), v.hasUpgradeHeader()));
            case RESPONSE -> out.addAll(List.of(v.sequence(), v.lastByteNanos(), v.status(), v.outcome()));
            default -> throw new AssertionError("no front checksum in a " + v.kind());
        }
        return out;
    }

    /** Accessors that read behind the front, each of which must check it first. */
    private static List<Function<EventView, Object>> restOf(EventView.Kind kind) {
        List<Function<EventView, Object>> out = new ArrayList<>(List.of(EventView::headerCount, EventView::bodyLength,
                EventView::toEvent, v -> v.hasHeader("Host")));
        if (kind == EventView.Kind.REQUEST) {
            out.addAll(List.of(EventView::method, EventView::target, EventView::httpVersion, EventView::keepRequest));
        } else {
            out.add(EventView::keepResponse);
        }
        return out;
    }

    /** Where a record's front ends, from the layout the writer used; 0 for a kind with no front checksum. */
    private static int frontOf(byte[] record) {
        return switch (record[0]) {
            case 0x23 -> REQUEST_FIXED + (ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).getInt(33) >>> 1);
            case 0x24 -> RESPONSE_FIXED;
            default -> 0;
        };
    }

    /** The record as 2.0 wrote it: no front checksum, no flags but truncation. */
    private static byte[] as20(byte[] record) {
        if (frontOf(record) == 0) {
            return record;
        }
        byte[] out = Arrays.copyOf(record, record.length - 8);
        out[record[0] == 0x23 ? 69 : 60] &= 1;
        return TestJournals.sealed(out);
    }

    /** The record with both checksums made right again for its (changed) bytes, the front ending at {@code front}. */
    private static byte[] resealed(byte[] record, int front) {
        byte[] out = record.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(out.length - 8, crc(out, 0, front));
        b.putInt(out.length - 4, crc(out, 0, out.length - 4));
        return out;
    }

    private static byte[] with(byte[] sealed, int at, int value) {
        byte[] out = sealed.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return out;
    }

    private static int crc(byte[] b, int from, int to) {
        CRC32C c = new CRC32C();
        c.update(b, from, to - from);
        return (int) c.getValue();
    }

    /** A 2.0 record's length, from format/README.md's layout of each kind. */
    private static int expectedLength20(JournalEvent e) {
        if (e instanceof ConnectionOpened o) {
            return 25 + o.clientAddress().length() + o.listenerAddress().length() + 4;
        } else if (e instanceof ConnectionClosed) {
            return 18 + 4;
        }
        return 29 + ((UpgradeEvent) e).protocol().length() + 4;
    }

    private static RequestEvent upgradeRequest(String headerName) {
        return new RequestEvent(1, 0, T0, T0 + 10, "GET", "/chat", "HTTP/1.1",
                List.of(new Header("Host", "api.example.com"), new Header("Connection", "Upgrade"), new Header(headerName, "websocket")),
                Body.EMPTY, "acme");
    }

    private static List<JournalEvent> everyKind() {
        return List.of(SampleEvents.opened(1, T0), SampleEvents.request(1, 0, T0 + 10), upgradeRequest("Upgrade"),
                new ResponseEvent(1, 0, 201, List.of(new Header("X-\u00c9t\u00e9", "\u6771\u4eac")), Body.of(new byte[] {0, (byte) 0xFF}),
                        T0 + 20, T0 + 30, Outcome.UPSTREAM_RESET, 3),
                new RequestEvent(1, 1, T0 + 40, T0 + 40, "GET", "/\u00fc", "HTTP/1.1", List.of(), Body.EMPTY, "t\u00e9n\u6771"),
                new UpgradeEvent(1, 1, T0 + 50, "websocket"), SampleEvents.closed(1, T0 + 60));
    }
}
