package dev.reprise.format;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.reprise.format.TestJournals.HOUR;
import static dev.reprise.format.TestJournals.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * After each record Chronicle reads, the reader reads the records that follow in the same mapped
 * chunk in place, from their Chronicle headers. These show that it hands out exactly the records
 * Chronicle would, in order, with their indexes, wherever a run of them has to end: at an index
 * record, at a chunk's end, at a roll file's end, at the journal's current end, at a seek.
 */
@Timeout(120)
class InPlaceReadTest {
    @TempDir
    Path tmp;

    /** A request whose 1 KB body makes a journal of {@code n} of them span more than one 64 MB chunk of a roll file. */
    private static RequestEvent request(long seq, long t) {
        RequestEvent r = SampleEvents.request(1, seq, t);
        return new RequestEvent(r.connectionId(), seq, t, t + 1_500, r.method(), r.target(), r.httpVersion(), r.headers(),
                Body.of(new byte[1_024]), r.tenant());
    }

    @Test
    void everyRecordIsReadOnceInOrderAcrossIndexRecordsChunksAndRollFiles() {
        Path dir = tmp.resolve("big");
        int inFirstFile = 80_000; // about 90 MB: Chronicle's index records among them, and more than one chunk
        int inSecondFile = 3_000;
        try (JournalWriter w = JournalWriter.create(dir).writerId("test").startNanos(T0).cycleByEventTime().open()) {
            for (int i = 0; i < inFirstFile; i++) {
                w.append(request(i, T0 + i * 1_000L));
            }
            for (int i = inFirstFile; i < inFirstFile + inSecondFile; i++) {
                w.append(request(i, T0 + HOUR + i * 1_000L));
            }
        }
        assertThat(TestJournals.rollFiles(dir)).hasSize(2);
        for (EventView view : List.of(EventView.scanning(), new EventView())) {
            try (JournalReader r = JournalReader.open(dir)) {
                long seq = 0;
                long lastIndex = -1;
                while (r.next(view)) {
                    assertThat(view.sequence()).isEqualTo(seq);
                    assertThat("acme".contentEquals(view.tenant())).isTrue();
                    if (seq > 0 && seq != inFirstFile) {
                        assertThat(view.index()).as("index of record %d", seq).isEqualTo(lastIndex + 1);
                    }
                    lastIndex = view.index();
                    seq++;
                }
                assertThat(seq).isEqualTo(inFirstFile + inSecondFile);
                assertThat(r.skippedRecords()).isZero();
            }
        }
        try (JournalReader r = JournalReader.open(dir)) {
            long seq = 0;
            for (JournalEvent e; (e = r.next()) != null; seq++) {
                assertThat(((RequestEvent) e).sequence()).isEqualTo(seq);
                assertThat(((RequestEvent) e).body().length()).isEqualTo(1_024);
            }
            assertThat(seq).isEqualTo(inFirstFile + inSecondFile);
        }
    }

    @Test
    void metadataRecordsAmongTheEventsAreSteppedOver() {
        Path dir = tmp.resolve("metadata");
        List<JournalEvent> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            events.add(request(i, T0 + i * 1_000L));
        }
        TestJournals.write(dir, events);
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_HOURLY)
                .timeProvider(() -> T0 / 1_000_000L).build();
             ExcerptAppender a = q.createAppender()) {
            for (int i = 100; i < 200; i++) {
                if (i % 3 == 0) {
                    try (DocumentContext dc = a.writingDocument(true)) {
                        dc.wire().bytes().write(new byte[1 + i % 7]); // lengths of every remainder mod 4
                    }
                }
                try (DocumentContext dc = a.writingDocument()) {
                    dc.wire().bytes().write(TestJournals.encoded(request(i, T0 + i * 1_000L)));
                }
            }
        }
        for (EventView view : List.of(EventView.scanning(), new EventView())) {
            try (JournalReader r = JournalReader.open(dir)) {
                long seq = 0;
                while (r.next(view)) {
                    assertThat(view.sequence()).isEqualTo(seq++);
                }
                assertThat(seq).isEqualTo(200);
                assertThat(r.skippedRecords()).isZero();
            }
        }
    }

    @Test
    void recordsAppendedAfterTheReaderReachedTheEndAreReadNext() {
        Path dir = tmp.resolve("growing");
        EventView view = EventView.scanning();
        try (JournalWriter w = JournalWriter.create(dir).writerId("test").startNanos(T0).open()) {
            for (int i = 0; i < 1_000; i++) {
                w.append(request(i, T0 + i * 1_000L));
            }
            try (JournalReader r = JournalReader.open(dir)) {
                List<Long> seqs = new ArrayList<>();
                while (r.next(view)) {
                    seqs.add(view.sequence());
                }
                for (int i = 1_000; i < 2_500; i++) {
                    w.append(request(i, T0 + i * 1_000L));
                }
                while (r.next(view)) {
                    seqs.add(view.sequence());
                }
                assertThat(seqs).hasSize(2_500);
                for (int i = 0; i < seqs.size(); i++) {
                    assertThat(seqs.get(i)).isEqualTo(i);
                }
            }
        }
    }

    @Test
    void aSeekInTheMiddleOfARunReadsFromTheSoughtTime() {
        Path dir = tmp.resolve("seek");
        List<JournalEvent> events = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            events.add(request(i, T0 + i * 1_000_000L));
        }
        TestJournals.write(dir, events);
        EventView view = EventView.scanning();
        try (JournalReader r = JournalReader.open(dir)) {
            for (int i = 0; i < 2_000; i++) {
                assertThat(r.next(view)).isTrue();
            }
            r.seek(T0 + 500 * 1_000_000L);
            assertThat(r.next(view)).isTrue();
            assertThat(view.sequence()).isEqualTo(500);
            long seq = 500;
            while (r.next(view)) {
                assertThat(view.sequence()).isEqualTo(++seq);
            }
            assertThat(seq).isEqualTo(2_999);
        }
    }
}
