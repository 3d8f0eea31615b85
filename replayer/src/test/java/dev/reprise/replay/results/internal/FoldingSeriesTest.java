package dev.reprise.replay.results.internal;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class FoldingSeriesTest {
    @Test
    void keepsOnePointASecondUntilFullThenHalvesKeepingTheLargerOfEachPair() {
        FoldingSeries s = new FoldingSeries(4);
        s.put(0, 10);
        s.put(1, 30);
        s.put(3, 5);
        assertThat(s.secondsPerPoint()).isEqualTo(1);
        assertThat(s.points()).containsExactly(10L, 30L, null, 5L);

        s.put(4, 7);

        assertThat(s.secondsPerPoint()).isEqualTo(2);
        assertThat(s.points()).containsExactly(30L, 5L, 7L);
    }

    @Test
    void aLongRunFoldsAsOftenAsItNeedsAndKeepsItsWorstSecond() {
        FoldingSeries s = new FoldingSeries(1440);
        for (long second = 0; second < 7 * 24 * 3600; second++) {
            s.put(second, second == 300_000 ? 9_999 : 1);
        }
        assertThat(s.secondsPerPoint()).isEqualTo(512);
        assertThat(s.points()).hasSizeLessThanOrEqualTo(1440);
        assertThat(s.points().get((int) (300_000 / 512))).isEqualTo(9_999L);
        assertThat(s.points().stream().filter(v -> v == 9_999L).count()).isEqualTo(1);
        assertThat(Arrays.asList(s.points().get(0), s.points().get(1000))).containsOnly(1L);
    }
}
