package dev.reprise.tools.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TimeWeightedLevelTest {
    private static final long S = 1_000_000_000L;

    @Test
    void meanAndPercentileWeighTimeNotEvents() {
        TimeWeightedLevel l = new TimeWeightedLevel();
        l.change(0, 1);
        // a burst to 50 and back within one millisecond weighs almost nothing
        for (int i = 0; i < 49; i++) {
            l.change(10 * S, 1);
        }
        l.change(10 * S + 1_000_000, -49);
        l.change(99 * S, 1);
        l.advance(100 * S);
        assertThat(l.max()).isEqualTo(50);
        assertThat(l.mean()).isCloseTo(1.01, within(0.01));
        assertThat(l.percentile(50)).isEqualTo(1);
        assertThat(l.percentile(99.5)).isEqualTo(2);
    }

    @Test
    void neverGoesBelowZero() {
        TimeWeightedLevel l = new TimeWeightedLevel();
        l.change(0, -3);
        assertThat(l.value()).isZero();
    }
}
