package dev.reprise.tools.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RateTimelineTest {
    private static final long DAY = 86_400;
    private static final long START = 1_780_000_000L / DAY * DAY; // a UTC midnight

    @Test
    void aWeekOfSecondsFoldsIntoRoundWindowsThatKeepEveryRequestAndTheBusiestSecond() {
        RateTimeline t = new RateTimeline();
        long total = 0;
        for (long s = START; s < START + 7 * DAY; s++) {
            long n = (s - START) % 3600 == 1800 ? 500 : 2; // one busy second per hour
            t.add(s, n);
            total += n;
        }
        List<RateTimeline.Window> rows = t.windows(24);
        assertThat(rows).hasSize(21);
        assertThat(rows.get(0).widthSeconds()).isEqualTo(8 * 3600);
        assertThat(rows.get(0).startSecond()).isEqualTo(START);
        assertThat(rows.stream().mapToLong(RateTimeline.Window::requests).sum()).isEqualTo(total);
        assertThat(rows).allSatisfy(w -> assertThat(w.peakPerSecond()).isEqualTo(500));
    }

    @Test
    void aShortSpanKeepsOneSecondWindows() {
        RateTimeline t = new RateTimeline();
        t.add(START + 5, 3);
        t.add(START + 7, 1);
        List<RateTimeline.Window> rows = t.windows(24);
        assertThat(rows).extracting(RateTimeline.Window::requests).containsExactly(3L, 0L, 1L);
        assertThat(rows.get(0).startSecond()).isEqualTo(START + 5);
    }

    @Test
    void windowsAlignToTheEpochWhateverTheFirstSecond() {
        RateTimeline t = new RateTimeline();
        for (long s = START + 1234; s < START + 1234 + 7200; s++) {
            t.add(s, 1);
        }
        List<RateTimeline.Window> rows = t.windows(24);
        assertThat(rows.get(0).widthSeconds()).isEqualTo(600);
        assertThat(rows).allSatisfy(w -> assertThat(w.startSecond() % 600).isZero());
        assertThat(rows.stream().mapToLong(RateTimeline.Window::requests).sum()).isEqualTo(7200);
    }
}
