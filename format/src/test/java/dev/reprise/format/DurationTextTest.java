package dev.reprise.format;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationTextTest {
    @Test
    void readsUnitsCombinedFractionalAndIso() {
        assertThat(DurationText.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse("2d3h")).isEqualTo(Duration.ofHours(51));
        assertThat(DurationText.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse(" 14d ")).isEqualTo(Duration.ofDays(14));
        assertThat(DurationText.parse("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parseNanos("7us")).isEqualTo(7_000);
        assertThat(DurationText.parse("0s")).isZero();
        assertThat(DurationText.parse("+10m")).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void refusesWhatIsNotADurationNamingIt() {
        assertThatThrownBy(() -> DurationText.parse("30")).hasMessage("'30' is not a duration (e.g. 250ms, 30s, 10m, 1h30m, 7d)");
        assertThatThrownBy(() -> DurationText.parse("")).hasMessageContaining("empty duration");
        assertThatThrownBy(() -> DurationText.parse("5 weeks")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> DurationText.parse("5w")).hasMessage("'5w' is not a duration: unknown unit 'w' (units: d, h, m, s, ms, us, ns)");
        assertThatThrownBy(() -> DurationText.parse("1..5s")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> DurationText.parse("PT-5S")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> DurationText.parse("999999999999d")).hasMessageContaining("too long");
    }

    @Test
    void exactFormReadsBack() {
        for (long nanos : new long[]{0, 1, 1_500, 100_000_000L, 5_400_000_000_000L, 183_600_000_000_123L}) {
            assertThat(DurationText.parseNanos(DurationText.exact(nanos))).isEqualTo(nanos);
        }
        assertThat(DurationText.exact(5_400_000_000_000L)).isEqualTo("1h30m");
    }

    @Test
    void humanFormRoundsToTheTwoLargestUnits() {
        assertThat(DurationText.human(850_400_000L)).isEqualTo("850ms");
        assertThat(DurationText.human(4_240_000_000L)).isEqualTo("4.2s");
        assertThat(DurationText.human(119_992_000_000L)).isEqualTo("2m 00s");
        assertThat(DurationText.human(125_300_000_000L)).isEqualTo("2m 05s");
        assertThat(DurationText.human(Duration.ofHours(170).toNanos())).isEqualTo("7d 2h");
        assertThat(DurationText.human(Duration.ofMinutes(90).toNanos())).isEqualTo("1h 30m");
    }
}
