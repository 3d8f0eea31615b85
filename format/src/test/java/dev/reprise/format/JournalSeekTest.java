package dev.reprise.format;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.reprise.format.TestJournals.HOUR;
import static dev.reprise.format.TestJournals.SECOND;
import static dev.reprise.format.TestJournals.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** A journal of 6 hourly roll files, one event every 50 ms, sequence numbers counting events. */
@Timeout(60)
class JournalSeekTest {
    private static final long STEP = 50_000_000L;
    private static final int EVENTS = (int) (6 * HOUR / STEP);

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeJournal() {
        try (JournalWriter w = JournalWriter.create(dir).writerId("seek").startNanos(T0).cycleByEventTime().open()) {
            for (int i = 0; i < EVENTS; i++) {
                w.append(new UpgradeEvent(1, i, T0 + i * STEP, "h2c"));
            }
        }
        assertThat(TestJournals.rollFiles(dir)).hasSizeGreaterThanOrEqualTo(6);
    }

    private static long seq(JournalEvent e) {
        return ((UpgradeEvent) e).sequence();
    }

    @Test
    void seekLandsOnTheFirstEventAtOrAfterTheTimeInEveryRollFile() {
        try (JournalReader r = JournalReader.open(dir)) {
            for (long i : new long[] {0, 1, 71_999, 72_000, 72_001, 150_000, 200_000, EVENTS - 1}) {
                r.seek(T0 + i * STEP);
                assertThat(seq(r.next())).as("exact time of event %d", i).isEqualTo(i);
                r.seek(T0 + i * STEP - 1);
                assertThat(seq(r.next())).as("just before event %d", i).isEqualTo(i);
                r.seek(T0 + i * STEP + 1);
                JournalEvent after = r.next();
                if (i == EVENTS - 1) {
                    assertThat(after).isNull();
                } else {
                    assertThat(seq(after)).as("just after event %d", i).isEqualTo(i + 1);
                }
            }
        }
    }

    @Test
    void seekReadsAFewHundredRecordsNotTheJournal() {
        try (JournalReader r = JournalReader.open(dir)) {
            long before = r.recordsRead();
            r.seek(T0 + 5 * HOUR + 17 * SECOND);
            assertThat(seq(r.next())).isEqualTo((5 * HOUR + 17 * SECOND) / STEP);
            // binary searches over files and records, then the disorder span (10 s = 200 events) read forward
            assertThat(r.recordsRead() - before).isLessThan(600).isLessThan(EVENTS / 100);
        }
    }

    @Test
    void seekBeforeTheStartAndPastTheEnd() {
        try (JournalReader r = JournalReader.open(dir)) {
            r.seek(T0 - HOUR);
            assertThat(seq(r.next())).isZero();
            r.seek(Long.MIN_VALUE);
            assertThat(seq(r.next())).isZero();
            r.seek(T0 + 7 * HOUR);
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void seekToTheStartAfterReadingGoesBackWithoutSearchingTheNewestFile() {
        try (JournalReader r = JournalReader.open(dir)) {
            r.seek(T0 + 4 * HOUR);
            assertThat(seq(r.next())).isEqualTo(4 * HOUR / STEP);
            long before = r.recordsRead();
            r.seek(T0);
            assertThat(seq(r.next())).isZero();
            assertThat(seq(r.next())).isEqualTo(1);
            // the first file's first event, then the header and two events read: no search at all
            assertThat(r.recordsRead() - before).isLessThan(10);
        }
    }

    @Test
    void untilStopsAtTheWindowEnd() {
        try (JournalReader r = JournalReader.open(dir)) {
            r.seek(T0 + 2 * HOUR);
            r.until(T0 + 2 * HOUR + 60 * SECOND);
            List<JournalEvent> window = TestJournals.readAll(r);
            assertThat(window).hasSize(1_200);
            assertThat(seq(window.get(0))).isEqualTo(2 * HOUR / STEP);
            assertThat(seq(window.get(window.size() - 1))).isEqualTo((2 * HOUR + 60 * SECOND) / STEP - 1);
            // it stopped reading soon after the window, not at the end of the journal
            assertThat(r.recordsRead()).isLessThan(EVENTS / 10);
        }
    }
}
