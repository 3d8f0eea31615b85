package dev.reprise.replay.amplify;

import dev.reprise.replay.plan.PlanEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(60)
class TrafficShapingTest {
    private static final long SECOND = 1_000_000_000L;

    /** 100 short connections a second, one request each. */
    private static GeneratedWindow window(int seconds) {
        return new GeneratedWindow(seconds * 100L, 10_000_000L, 1, 1_000_000L, i -> "acme");
    }

    private static long[] sendsPerSecond(List<PlanEvent> plan, int seconds) {
        long[] counts = new long[seconds + 1];
        for (PlanEvent e : plan) {
            if (e instanceof PlanEvent.Send) {
                counts[(int) Math.min(seconds, (e.captureNanos() - GeneratedWindow.START) / SECOND)]++;
            }
        }
        return counts;
    }

    @Test
    void aSpikeMultipliesTheTrafficInsideItsWindowOnly() {
        List<PlanEvent> plan = Amplified.plan(window(60), "--spike", "at=+20s,for=10s,x=5", "--seed", "3");

        PlanContract.check(plan, 1);
        long[] perSecond = sendsPerSecond(plan, 60);
        for (int s = 0; s < 60; s++) {
            if (s >= 21 && s <= 28) {
                assertThat(perSecond[s]).as("second %d", s).isCloseTo(500L, within(60L));
            } else if (s < 20 || s > 30) {
                assertThat(perSecond[s]).as("second %d", s).isEqualTo(100L);
            }
        }
    }

    @Test
    void aFractionalSpikeAndRepeatedSpikesMultiplyOnAverage() {
        List<PlanEvent> plan = Amplified.plan(window(60), "--spike", "at=+10s,for=10s,x=2.5",
                "--spike", "at=+40s,for=10s,x=0.5", "--seed", "3");

        long[] perSecond = sendsPerSecond(plan, 60);
        long inFirst = 0;
        long inSecond = 0;
        for (int s = 11; s < 20; s++) {
            inFirst += perSecond[s];
        }
        for (int s = 41; s < 50; s++) {
            inSecond += perSecond[s];
        }
        assertThat(inFirst).isCloseTo(9 * 250L, within(120L));
        assertThat(inSecond).isCloseTo(9 * 50L, within(60L));
    }

    @Test
    void aRampGrowsTheTrafficLinearlyThenHoldsIt() {
        List<PlanEvent> plan = Amplified.plan(window(120), "--ramp", "from=1,to=3,over=100s", "--seed", "3");

        PlanContract.check(plan, 1);
        long[] perSecond = sendsPerSecond(plan, 120);
        for (int bucket = 0; bucket < 10; bucket++) {
            long sum = 0;
            for (int s = bucket * 10; s < bucket * 10 + 10; s++) {
                sum += perSecond[s];
            }
            double expected = 1000 * (1 + 2 * (bucket * 10 + 5) / 100.0);
            assertThat((double) sum).as("seconds %d-%d", bucket * 10, bucket * 10 + 9).isCloseTo(expected, within(expected * 0.08));
        }
        long held = 0;
        for (int s = 101; s < 119; s++) {
            held += perSecond[s];
        }
        assertThat(held).isCloseTo(18 * 300L, within(200L));
    }
}
