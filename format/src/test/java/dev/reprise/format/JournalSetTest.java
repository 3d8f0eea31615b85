package dev.reprise.format;

import dev.reprise.format.internal.Format2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.reprise.format.TestJournals.SECOND;
import static dev.reprise.format.TestJournals.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class JournalSetTest {
    @TempDir
    Path tmp;

    @Test
    void mergesJournalsIntoOneStreamInTimeOrder() {
        SplittableRandom rnd = new SplittableRandom(3);
        List<Path> dirs = new ArrayList<>();
        List<Long> allTimes = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            List<JournalEvent> events = new ArrayList<>();
            long t = T0;
            for (int i = 0; i < 2_000; i++) {
                t += rnd.nextLong(50_000_000L);
                events.add(SampleEvents.closed(i, t));
                allTimes.add(t);
            }
            Path dir = tmp.resolve("proxy-" + j);
            TestJournals.write(dir, events);
            dirs.add(dir);
        }
        try (JournalSet set = JournalSet.open(dirs)) {
            assertThat(set.headers()).hasSize(3);
            List<JournalEvent> merged = TestJournals.readAll(set);
            assertThat(merged).extracting(JournalEvent::timeNanos).isSorted()
                    .containsExactlyInAnyOrderElementsOf(allTimes);
        }
    }

    @Test
    void readingThroughViewsGivesTheSameEventsInTheSameOrderFromTheSameJournals() {
        SplittableRandom rnd = new SplittableRandom(5);
        List<Path> dirs = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            List<JournalEvent> events = new ArrayList<>();
            long t = T0;
            for (int i = 0; i < 1_500; i++) {
                t += rnd.nextLong(20_000_000L);
                // every tenth request is appended when its last byte came, after younger events
                long at = i % 10 == 3 ? t - rnd.nextLong(3 * SECOND) : t;
                events.add(i % 3 == 0 ? SampleEvents.request(i, 0, at)
                        : i % 3 == 1 ? SampleEvents.response(i - 1, 0, at) : SampleEvents.closed(i, at));
            }
            Path dir = tmp.resolve("views-" + j);
            TestJournals.write(dir, events);
            dirs.add(dir);
        }
        List<String> decoded = new ArrayList<>();
        try (JournalSet set = JournalSet.open(dirs)) {
            set.seek(T0 + 2 * SECOND);
            for (JournalEvent e; (e = set.next()) != null; ) {
                decoded.add(set.journalOf() + " " + e);
            }
        }
        List<String> viewed = new ArrayList<>();
        try (JournalSet set = JournalSet.open(dirs)) {
            set.seek(T0 + 2 * SECOND);
            for (EventView v; (v = set.nextView()) != null; ) {
                viewed.add(set.journalOf() + " " + v.toEvent());
            }
            assertThatThrownBy(set::next).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not both");
        }
        assertThat(viewed).hasSizeGreaterThan(3_000).containsExactlyElementsOf(decoded);
    }

    @Test
    void recordsReadOnOneThreadAndLaidOutOnAnotherAreTheEventsNextGivesInItsOrder() throws Exception {
        SplittableRandom rnd = new SplittableRandom(11);
        List<Path> dirs = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            List<JournalEvent> events = new ArrayList<>();
            long t = T0;
            for (int i = 0; i < 1_200; i++) {
                // coarse times: the journals tie often, and one journal runs ahead for long stretches
                t += j == 1 && i % 200 < 100 ? 0 : rnd.nextLong(3) * 10_000_000L;
                // some requests appended late, a few places back or a whole second
                long at = i % 7 == 3 ? t - rnd.nextLong(30_000_000L) : i % 97 == 5 ? t - SECOND : t;
                events.add(i % 3 == 0 ? SampleEvents.request(i, 0, at)
                        : i % 3 == 1 ? SampleEvents.response(i - 1, 0, at) : SampleEvents.closed(i, at));
            }
            Path dir = tmp.resolve("records-" + j);
            TestJournals.write(dir, events);
            dirs.add(dir);
        }
        List<String> decoded = new ArrayList<>();
        try (JournalSet set = JournalSet.open(dirs)) {
            for (JournalEvent e; (e = set.next()) != null; ) {
                decoded.add(set.journalOf() + " " + (e instanceof ResponseEvent r ? front(r) : e));
            }
        }
        record Read(byte[] record, int journal, long index) {
        }
        List<String> laidOut = new ArrayList<>();
        try (JournalSet set = JournalSet.open(dirs)) {
            List<Read> read = new ArrayList<>();
            Thread reader = new Thread(() -> {
                for (byte[] r; (r = set.nextRecord()) != null; ) {
                    read.add(new Read(r, set.journalOf(), set.recordIndex()));
                }
            });
            reader.start();
            reader.join();
            EventView view = new EventView();
            for (Read r : read) {
                EventView v = set.layOut(view, r.record(), r.journal(), r.index());
                laidOut.add(r.journal() + " " + (v.kind() == EventView.Kind.RESPONSE ? front(v) : v.toEvent()));
            }
        }
        assertThat(laidOut).hasSize(3_600).containsExactlyElementsOf(decoded);
    }

    @Test
    void ofAResponseReadForAnotherThreadOnlyTheFrontIsCopiedWhichIsAllAPlanReadsOfIt() {
        List<JournalEvent> events = requestsAndTheirResponses(300);
        Path dir = tmp.resolve("fronts");
        TestJournals.write(dir, events);
        List<byte[]> whole = new ArrayList<>();
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            for (EventView v; (v = set.nextView()) != null; ) {
                whole.add(v.exactRecord());
            }
        }
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            EventView view = new EventView();
            int i = 0;
            // every response, whether read in place or through Chronicle (the first of a run), comes as its front
            for (byte[] r; (r = set.nextRecord()) != null; i++) {
                EventView v = set.layOut(view, r, 0, set.recordIndex());
                if (!(events.get(i) instanceof ResponseEvent sent)) {
                    assertThat(r).isEqualTo(whole.get(i)); // a request is sent: it is read whole
                    assertThat(v.toEvent()).isEqualTo(events.get(i));
                    continue;
                }
                assertThat(r).hasSize(Format2.RESP_FRONT_COPY);
                assertThatThrownBy(v::headerCount).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("only the front of this response was read");
                StoredResponse kept = v.keepResponse();
                assertThat(kept.frontOnly()).isTrue();
                assertThatThrownBy(kept::event).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("its headers and body were not read");
                assertThat(kept).isEqualTo(StoredResponse.of(sent)).hasSameHashCodeAs(StoredResponse.of(sent));
                assertThat(List.of(v.timeNanos(), v.connectionId(), v.sequence(), (long) v.status(), v.lastByteNanos(),
                        kept.bodyLength(), (long) kept.status(), kept.firstByteNanos(), kept.lastByteNanos()))
                        .containsExactly(sent.timeNanos(), sent.connectionId(), sent.sequence(), (long) sent.status(),
                                sent.lastByteNanos(), sent.body().length(), (long) sent.status(), sent.firstByteNanos(),
                                sent.lastByteNanos());
            }
            assertThat(i).isEqualTo(300);
        }
    }

    @Test
    void aResponseWhoseFrontIsDamagedIsSkippedAndCountedWhenReadForAnotherThread() throws Exception {
        List<JournalEvent> events = requestsAndTheirResponses(200);
        Path dir = tmp.resolve("damaged-response-front");
        TestJournals.write(dir, events);
        // the status of the response to connection 100's request (event 101, after the journal's header)
        flipByte(dir, 102, Format2.RESP_STATUS);
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            List<String> seen = new ArrayList<>();
            EventView view = new EventView();
            for (byte[] r; (r = set.nextRecord()) != null; ) {
                EventView v = set.layOut(view, r, 0, set.recordIndex());
                seen.add(v.kind() + " " + v.connectionId());
            }
            assertThat(seen).hasSize(199).contains("REQUEST 100").doesNotContain("RESPONSE 100");
            assertThat(set.skippedRecords()).isEqualTo(1);
            assertThat(set.damage()).singleElement().asString().contains("corrupt record: checksum mismatch");
        }
    }

    @Test
    void aResponseDamagedPastItsFrontIsReadForAnotherThreadAsItsFrontWhichHoldsWhileInspectingItFindsTheDamage() {
        List<JournalEvent> events = requestsAndTheirResponses(200);
        Path dir = tmp.resolve("damaged-response-body");
        TestJournals.write(dir, events);
        // the last byte of the stored body of the response to connection 100's request, past its front
        int bodyEnd = TestJournals.encoded(events.get(101)).length - 9;
        flipByte(dir, 102, bodyEnd);
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            assertThat(set.nextView()).isNotNull();
            int read = 1;
            while (set.nextView() != null) {
                read++;
            }
            assertThat(read).isEqualTo(199);
            assertThat(set.damage()).singleElement().asString().contains("corrupt record: checksum mismatch");
        }
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            EventView view = new EventView();
            StoredResponse damaged = null;
            int read = 0;
            for (byte[] r; (r = set.nextRecord()) != null; read++) {
                EventView v = set.layOut(view, r, 0, set.recordIndex());
                if (v.kind() == EventView.Kind.RESPONSE && v.connectionId() == 100) {
                    damaged = v.keepResponse();
                }
            }
            assertThat(read).isEqualTo(200);
            assertThat(set.skippedRecords()).isZero();
            assertThat(damaged).isEqualTo(StoredResponse.of((ResponseEvent) events.get(101)));
        }
    }

    @Test
    void aRecordShapedLikeAResponsesFrontAloneIsCorruptToEveryReaderButAPlans() {
        List<JournalEvent> events = requestsAndTheirResponses(4);
        Path dir = tmp.resolve("front-shaped");
        TestJournals.write(dir, events);
        // a 2.1 response cut after its fixed part and sealed again: it checks whole, and its fields do not parse
        byte[] shaped = TestJournals.sealed(java.util.Arrays.copyOf(TestJournals.encoded(events.get(1)), Format2.RESP_FIXED));
        assertThat(shaped).hasSize(Format2.RESP_FRONT_COPY);
        TestJournals.appendRaw(dir, T0 / 1_000_000L, shaped);

        try (JournalReader r = JournalReader.open(dir)) {
            assertThat(TestJournals.readAll(r)).hasSize(4);
            assertThat(r.skippedRecords()).isEqualTo(1);
        }
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            List<String> failures = new ArrayList<>();
            for (EventView v; (v = set.nextView()) != null; ) {
                try {
                    v.headerCount();
                } catch (JournalException e) {
                    failures.add(e.getMessage());
                }
            }
            assertThat(failures).singleElement().asString().contains("corrupt record");
        }
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            EventView view = new EventView();
            List<StoredResponse> kept = new ArrayList<>();
            for (byte[] r; (r = set.nextRecord()) != null; ) {
                EventView v = set.layOut(view, r, 0, set.recordIndex());
                if (v.kind() == EventView.Kind.RESPONSE) {
                    kept.add(v.keepResponse());
                }
            }
            // read for a plan, it is the front it looks like: what a plan reads of it is checked and in bounds
            StoredResponse answered = StoredResponse.of((ResponseEvent) events.get(1));
            assertThat(kept).containsExactlyInAnyOrder(answered, answered, StoredResponse.of((ResponseEvent) events.get(3)));
        }
    }

    /** Flips one byte of a record of the journal's first roll file, {@code at} bytes into the record. */
    private static void flipByte(Path dir, long record, int at) {
        Path file = TestJournals.rollFiles(dir).get(0);
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            long offset = DamagedJournalTest.offsetOfRecord(dir, record) + 4 + at;
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x5A);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Request i on connection i at even i, its response at i + 1, a millisecond apart. */
    private static List<JournalEvent> requestsAndTheirResponses(int n) {
        List<JournalEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = T0 + i * 1_000_000L;
            events.add(i % 2 == 0 ? SampleEvents.request(i, 0, t) : SampleEvents.response(i - 1, 0, t));
        }
        return events;
    }

    /** What a plan reads of a response: its front. */
    private static String front(ResponseEvent r) {
        return "response " + r.connectionId() + "/" + r.sequence() + " " + r.status() + " " + r.firstByteNanos() + "-"
                + r.lastByteNanos() + " body " + r.body().length();
    }

    private static String front(EventView v) {
        StoredResponse kept = v.keepResponse();
        return "response " + v.connectionId() + "/" + kept.sequence() + " " + kept.status() + " " + kept.firstByteNanos()
                + "-" + kept.lastByteNanos() + " body " + kept.bodyLength();
    }

    @Test
    void eachRecordHandedOverIsAnArrayOfItsOwnThatNoLaterReadTouchesAlsoPastASkippedDamagedRecord() throws Exception {
        // records of one length, so the array of a damaged record could be read into again
        Path dir = requestsWithRecord150Damaged("handed-over", 40);
        List<JournalEvent> decoded = new ArrayList<>();
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            for (JournalEvent e; (e = set.next()) != null; ) {
                decoded.add(e);
            }
        }
        List<byte[]> records = new ArrayList<>();
        List<Long> indexes = new ArrayList<>();
        List<JournalEvent> laidOut = new ArrayList<>();
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            for (byte[] r; (r = set.nextRecord()) != null; ) {
                records.add(r);
                indexes.add(set.recordIndex());
            }
            assertThat(set.skippedRecords()).isEqualTo(1);
            EventView view = new EventView();
            for (int i = 0; i < records.size(); i++) {
                laidOut.add(set.layOut(view, records.get(i), 0, indexes.get(i)).toEvent());
            }
        }
        assertThat(decoded).hasSize(399);
        assertThat(laidOut).containsExactlyElementsOf(decoded);
        java.util.Set<byte[]> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        distinct.addAll(records);
        assertThat(distinct).hasSize(399);
    }

    @Test
    @Timeout(30)
    void aBatchReadsAsRecordByRecordDoesAndCloseWaitsForItsEndThenEndsItsReads() throws Exception {
        List<JournalEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(SampleEvents.request(1, i, T0 + i * 1_000_000L));
        }
        Path dir = tmp.resolve("batches");
        TestJournals.write(dir, events);
        List<JournalEvent> one = new ArrayList<>();
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            for (byte[] r; (r = set.nextRecord()) != null; ) {
                one.add(set.layOut(new EventView(), r, 0, set.recordIndex()).toEvent());
            }
        }
        JournalSet set = JournalSet.open(List.of(dir));
        Object[] batch = new Object[100];
        set.beginBatch();
        int n = 0;
        while (n < batch.length && set.nextRecordInto(batch, n)) {
            n++;
        }
        java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
        Thread closer = new Thread(() -> {
            closing.countDown();
            set.close();
        });
        closer.start();
        closing.await();
        closer.join(300);
        assertThat(closer.isAlive()).as("close waits for the batch's end: its files are still being read").isTrue();
        set.endBatch();
        closer.join(10_000);
        assertThat(closer.isAlive()).as("the batch's end lets close go on").isFalse();
        List<JournalEvent> batched = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batched.add(set.layOut(new EventView(), (byte[]) batch[i], 0, 0).toEvent());
        }
        assertThat(batched).hasSize(100).containsExactlyElementsOf(one.subList(0, 100));
    }

    @Test
    void aRecordDamagedPastItsFrontIsHandedOutThenPassedOverAndCountedWhenLaidOutOrIsAnErrorWhenStrict() throws Exception {
        // past the front the merge orders by (type, flags, ids, times and the tenant: 74 bytes here), in the target
        Path dir = requestsWithRecord150Damaged("damaged-past-front", 120);
        List<JournalEvent> decoded = new ArrayList<>();
        List<String> decodedDamage;
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            for (JournalEvent e; (e = set.next()) != null; ) {
                decoded.add(e);
            }
            decodedDamage = set.damage();
        }
        assertThat(decoded).hasSize(399);
        List<JournalEvent> laidOut = new ArrayList<>();
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            List<byte[]> records = new ArrayList<>();
            List<Long> indexes = new ArrayList<>();
            for (byte[] r; (r = set.nextRecord()) != null; ) {
                records.add(r);
                indexes.add(set.recordIndex());
            }
            assertThat(records).hasSize(400); // its front checks: it is read, in its place
            assertThat(set.skippedRecords()).isZero();
            EventView view = new EventView();
            for (int i = 0; i < records.size(); i++) {
                EventView v = set.layOut(view, records.get(i), 0, indexes.get(i));
                if (v != null) {
                    laidOut.add(v.toEvent());
                }
            }
            assertThat(set.skippedRecords()).isEqualTo(1);
            assertThat(set.damage()).isEqualTo(decodedDamage).singleElement().asString().contains("corrupt record: checksum mismatch");
        }
        assertThat(laidOut).containsExactlyElementsOf(decoded);

        try (JournalSet strict = JournalSet.open(List.of(dir), true)) {
            EventView view = new EventView();
            assertThatThrownBy(() -> {
                for (byte[] r; (r = strict.nextRecord()) != null; ) {
                    strict.layOut(view, r, 0, strict.recordIndex());
                }
            }).isInstanceOf(JournalException.class).hasMessageContaining("corrupt record: checksum mismatch")
                    .hasMessage(decodedDamage.get(0));
            assertThat(strict.skippedRecords()).isZero();
        }
    }

    @Test
    void requestsAndResponsesKeptFromAMergeOfViewsOutliveEveryLaterViewAndDecodeAsNextGivesThem() {
        List<JournalEvent> events = new ArrayList<>();
        long t = T0;
        for (int i = 0; i < 600; i++) {
            t += 1_000_000L;
            // every fifth request is appended after younger events: it waits in the window out of order
            long at = i % 5 == 2 ? t - 3 * SECOND / 2 : t;
            events.add(i % 2 == 0 ? SampleEvents.request(i, 0, at) : SampleEvents.response(i - 1, 0, at));
        }
        Path dir = tmp.resolve("kept");
        TestJournals.write(dir, events);
        List<JournalEvent> decoded = new ArrayList<>();
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            for (JournalEvent e; (e = set.next()) != null; ) {
                decoded.add(e);
            }
        }
        List<Object> kept = new ArrayList<>();
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            for (EventView v; (v = set.nextView()) != null; ) {
                kept.add(v.kind() == EventView.Kind.REQUEST ? v.keepRequest() : v.keepResponse());
            }
        }
        List<JournalEvent> fromKept = new ArrayList<>();
        for (Object k : kept) {
            fromKept.add(k instanceof StoredRequest r ? r.event() : ((StoredResponse) k).event());
        }
        assertThat(fromKept).hasSize(600).containsExactlyElementsOf(decoded);
    }

    @Test
    void tiesKeepJournalOrderThenAppendOrder() {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        TestJournals.write(a, List.of(SampleEvents.closed(1, T0), SampleEvents.closed(2, T0), SampleEvents.closed(3, T0 + 1)));
        TestJournals.write(b, List.of(SampleEvents.closed(10, T0), SampleEvents.closed(11, T0 + 1)));
        List<String> order = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            order.clear();
            try (JournalSet set = JournalSet.open(List.of(a, b))) {
                for (JournalEvent e; (e = set.next()) != null; ) {
                    order.add(set.journalOf() + ":" + ((ConnectionClosed) e).connectionId());
                }
            }
            assertThat(order).containsExactly("0:1", "0:2", "1:10", "0:3", "1:11");
        }
    }

    @Test
    void reordersEventsAppendedLateWithinTheDisorderBound() {
        // Requests are appended at their last byte: a slow upload comes after faster, later requests.
        long late = JournalReader.MAX_DISORDER_NANOS - SECOND;
        List<JournalEvent> appended = List.of(
                SampleEvents.closed(1, T0 + 2 * SECOND),
                SampleEvents.closed(2, T0 + 3 * SECOND),
                SampleEvents.request(3, 0, T0 + 3 * SECOND - late),
                SampleEvents.closed(4, T0 + 4 * SECOND),
                SampleEvents.closed(5, T0 + 4 * SECOND - 1));
        Path dir = tmp.resolve("a");
        TestJournals.write(dir, appended);
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            assertThat(TestJournals.readAll(set)).extracting(JournalEvent::timeNanos)
                    .containsExactly(T0 + 3 * SECOND - late, T0 + 2 * SECOND, T0 + 3 * SECOND,
                            T0 + 4 * SECOND - 1, T0 + 4 * SECOND);
        }
    }

    @Test
    void aCaptureDenserThanTheWindowsHoldIsReadInBoundedMemoryAndALateRecordPastThemComesOutCounted() {
        // 100 events a millisecond apart, then one appended late, 5 ms after its time: well within
        // the disorder span, but behind more records than the window is allowed to hold.
        List<JournalEvent> appended = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            appended.add(SampleEvents.closed(i, T0 + i * 1_000_000L));
        }
        appended.add(SampleEvents.closed(100, T0 + 95 * 1_000_000L - 500_000L));
        Path dir = tmp.resolve("a");
        TestJournals.write(dir, appended);

        try (JournalSet roomy = JournalSet.open(List.of(dir))) {
            assertThat(TestJournals.readAll(roomy)).extracting(JournalEvent::timeNanos).isSorted();
            assertThat(roomy.outOfOrder()).isZero();
            assertThat(SkippedDamage.of(roomy).warnings()).isEmpty();
        }
        try (JournalSet tight = JournalSet.open(List.of(dir)).holdAtMost(2, Long.MAX_VALUE)) {
            List<JournalEvent> read = TestJournals.readAll(tight);
            // Held two at a time, it comes out as soon as it is read: after 98, before 99.
            assertThat(read).hasSize(101);
            assertThat(read.get(99).timeNanos()).isEqualTo(T0 + 95 * 1_000_000L - 500_000L);
            assertThat(read.get(98).timeNanos()).isEqualTo(T0 + 98 * 1_000_000L);
            assertThat(tight.outOfOrder()).isEqualTo(1);
            assertThat(SkippedDamage.of(tight).warnings()).singleElement().asString()
                    .startsWith("warning: 1 event came out after a younger one: appended more than 10 s after their time,"
                            + " or in a capture denser than the reader holds (1000000 records or 256 MiB at once)");
        }
        try (JournalSet tightBytes = JournalSet.open(List.of(dir)).holdAtMost(Integer.MAX_VALUE, 1)) {
            List<Long> times = new ArrayList<>();
            for (EventView v; (v = tightBytes.nextView()) != null; ) {
                times.add(v.timeNanos());
            }
            // A byte is less than any record: each comes out as soon as it is read.
            assertThat(times).hasSize(101).last().isEqualTo(T0 + 95 * 1_000_000L - 500_000L);
            assertThat(tightBytes.outOfOrder()).isEqualTo(1);
        }
    }

    @Test
    void aRecordAppendedLaterThanTheDisorderSpanComesOutAsSoonAsReadAndIsCounted() {
        // 1 s is appended after 23 s: by then 12 s, 11 s younger than it, has already come out.
        List<JournalEvent> appended = List.of(
                SampleEvents.closed(1, T0),
                SampleEvents.closed(2, T0 + 12 * SECOND),
                SampleEvents.closed(3, T0 + 23 * SECOND),
                SampleEvents.closed(4, T0 + SECOND));
        Path dir = tmp.resolve("a");
        TestJournals.write(dir, appended);
        try (JournalSet set = JournalSet.open(List.of(dir))) {
            assertThat(TestJournals.readAll(set)).extracting(JournalEvent::timeNanos)
                    .containsExactly(T0, T0 + 12 * SECOND, T0 + SECOND, T0 + 23 * SECOND);
            assertThat(set.outOfOrder()).isEqualTo(1);
        }
    }

    @Test
    void aSetClosedBeforeItsEndLetsGoOfTheRecordsItsWindowHeldAndStillAnswersItsCounts() {
        List<JournalEvent> appended = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            appended.add(SampleEvents.closed(i, T0 + i * 1_000_000L));
        }
        Path dir = tmp.resolve("a");
        TestJournals.write(dir, appended);
        JournalSet set = JournalSet.open(List.of(dir));
        assertThat(set.nextView()).isNotNull();
        assertThat(set.held()).isEqualTo(99); // all within the disorder span of the first

        set.close();

        assertThat(set.held()).isZero();
        assertThat(set.skippedRecords()).isZero();
        assertThat(set.outOfOrder()).isZero();
    }

    @Test
    void seekAndUntilApplyToEveryJournal() {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        List<JournalEvent> ea = new ArrayList<>();
        List<JournalEvent> eb = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            ea.add(SampleEvents.closed(i, T0 + i * SECOND));
            eb.add(SampleEvents.closed(i, T0 + i * SECOND + SECOND / 2));
        }
        TestJournals.write(a, ea);
        TestJournals.write(b, eb);
        try (JournalSet set = JournalSet.open(List.of(a, b))) {
            set.seek(T0 + 100 * SECOND);
            set.until(T0 + 200 * SECOND);
            List<JournalEvent> window = TestJournals.readAll(set);
            assertThat(window).hasSize(200).extracting(JournalEvent::timeNanos).isSorted();
            assertThat(window.get(0).timeNanos()).isEqualTo(T0 + 100 * SECOND);
            assertThat(window.get(199).timeNanos()).isEqualTo(T0 + 199 * SECOND + SECOND / 2);
        }
    }

    @Test
    void namesTheBadPathAmongSeveral() {
        Path good = tmp.resolve("good");
        TestJournals.write(good, List.of(SampleEvents.closed(1, T0)));
        Path missing = tmp.resolve("missing");
        assertThat(TestJournals.messageOf(() -> JournalSet.open(List.of(good, missing))))
                .isEqualTo("journal " + missing + ": no such file or directory");
    }

    /** A journal of 400 requests of one length, one byte of the 150th record flipped {@code at} bytes into it. */
    private Path requestsWithRecord150Damaged(String name, int at) throws Exception {
        List<JournalEvent> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            events.add(SampleEvents.request(1, 1_000 + i, T0 + i * 1_000_000L));
        }
        Path dir = tmp.resolve(name);
        TestJournals.write(dir, events);
        Path file = TestJournals.rollFiles(dir).get(0);
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            long offset = DamagedJournalTest.offsetOfRecord(dir, 150) + at;
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x5A);
        }
        return dir;
    }
}
