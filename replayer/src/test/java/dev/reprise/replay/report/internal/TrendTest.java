package dev.reprise.replay.report.internal;

import dev.reprise.cli.Units;
import dev.reprise.replay.report.ReplayReport.Drift;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrendTest {
    private static final Trend.Rule RULE = new Trend.Rule(0.2, 500, Units::micros);

    private static int[] minutes(int n) {
        return IntStream.range(0, n).toArray();
    }

    @Test
    void mannKendallOfAStrictlyRisingSeriesIsItsMaximum() {
        double[] y = IntStream.range(0, 10).asDoubleStream().toArray();
        // S = 45, var = 10·9·25/18 = 125, z = (45 − 1)/√125
        assertThat(Trend.mannKendallZ(y)).isCloseTo(44 / Math.sqrt(125), within(1e-12));
    }

    @Test
    void mannKendallAccountsForTies() {
        double[] y = {1, 1, 1, 1, 1, 2, 2, 2, 2, 2};
        // S = 25; var = (10·9·25 − 2·(5·4·15))/18 = (2250 − 600)/18
        assertThat(Trend.mannKendallZ(y)).isCloseTo(24 / Math.sqrt(1650 / 18.0), within(1e-12));
        assertThat(Trend.mannKendallZ(new double[]{3, 3, 3, 3})).isZero();
    }

    @Test
    void theilSenIgnoresAnOutlier() {
        double[] y = {0, 2, 4, 6, 1000, 10, 12, 14, 16, 18};
        double[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertThat(Trend.theilSenSlope(x, y)).isEqualTo(2.0);
    }

    @Test
    void flagsASteadyRiseAndMeasuresIt() {
        double[] y = IntStream.range(0, 20).mapToDouble(m -> 10_000 + 1_000 * m).toArray();
        Drift d = Trend.of("p99", minutes(20), y, RULE);

        assertThat(d.flagged()).isTrue();
        assertThat(d.slopePerMinute()).isEqualTo(1_000.0);
        assertThat(d.riseOverRun()).isEqualTo(19_000.0);
        assertThat(d.relativeRise()).isCloseTo(19_000 / 19_500.0, within(1e-9));
    }

    @Test
    void doesNotFlagASignificantButTinyRise() {
        double[] y = IntStream.range(0, 20).mapToDouble(m -> 10_000 + 10 * m).toArray();
        Drift d = Trend.of("p99", minutes(20), y, RULE);

        assertThat(d.z()).isGreaterThan(Trend.Z_CRITICAL);
        assertThat(d.flagged()).isFalse();
        assertThat(d.verdict()).isEqualTo("steady");
    }

    @Test
    void flagsNoFlatNoisySeriesAcrossManySeeds() {
        int flagged = 0;
        for (int seed = 0; seed < 200; seed++) {
            Random r = new Random(seed);
            double[] y = IntStream.range(0, 30).mapToDouble(m -> 10_000 * (0.7 + 0.6 * r.nextDouble())).toArray();
            if (Trend.of("p99", minutes(30), y, RULE).flagged()) {
                flagged++;
            }
        }
        // A 1% one-sided test plus a 20% size rule: false alarms must stay rare.
        assertThat(flagged).isLessThanOrEqualTo(4);
    }

    @Test
    void binsLongSeriesAndStillSeesTheTrend() {
        int n = 5_000;
        Random r = new Random(1);
        double[] y = IntStream.range(0, n).mapToDouble(m -> 10_000 + 2 * m + 500 * r.nextGaussian()).toArray();
        Drift d = Trend.of("p99", minutes(n), y, RULE);

        assertThat(d.minutes()).isEqualTo(n);
        assertThat(d.flagged()).isTrue();
        assertThat(d.slopePerMinute()).isCloseTo(2.0, within(0.2));
    }

    @Test
    void refusesToJudgeFewerThanTheMinimumMinutes() {
        Drift d = Trend.of("p99", minutes(9), IntStream.range(0, 9).mapToDouble(m -> m * 1e6).toArray(), RULE);

        assertThat(d.verdict()).isEqualTo("not-enough-minutes");
        assertThat(d.flagged()).isFalse();
        assertThat(d.slopePerMinute()).isNull();
        assertThat(d.summary()).isEqualTo("not enough minutes to judge a trend in p99 (9 of 10 needed)");
    }
}
