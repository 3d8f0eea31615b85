package dev.reprise.replay.amplify;

import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class SoakLoopTest {
    private static final long GAP = 10_000_000L;

    /** 1,000 connections over 10 s, each lasting 4 s, so passes overlap at their joins. */
    private static GeneratedWindow window() {
        return new GeneratedWindow(1_000, GAP, 4, 1_000_000_000L, i -> "acme");
    }

    @Test
    void eachPassIsTheWindowShiftedByItsLengthOnConnectionsOfItsOwn() {
        GeneratedWindow w = window();
        long length = w.endNanos() - w.startNanos();
        List<PlanEvent> plan = Amplified.plan(w, "--loop", "3");

        Map<ConnectionKey, Integer> sends = PlanContract.check(plan, 4);
        assertThat(sends).hasSize(3_000);
        Map<ConnectionKey, Long> opens = plan.stream().filter(e -> e instanceof PlanEvent.Open)
                .collect(Collectors.toMap(PlanEvent::connection, PlanEvent::captureNanos));
        for (int pass = 0; pass < 3; pass++) {
            for (long i = 0; i < 1_000; i += 97) {
                assertThat(opens.get(new ConnectionKey(0, i, pass)))
                        .isEqualTo(GeneratedWindow.START + pass * length + i * GAP);
            }
        }
    }

    @Test
    void loopUntilStopsOpeningConnectionsAtTheDurationAndLetsOpenOnesFinish() {
        List<PlanEvent> plan = Amplified.plan(window(), "--loop-until", "25s");

        Map<ConnectionKey, Integer> sends = PlanContract.check(plan, 4);
        assertThat(sends).hasSize(2_500);
        assertThat(plan.stream().filter(e -> e instanceof PlanEvent.Open).mapToLong(PlanEvent::captureNanos).max().getAsLong())
                .isLessThan(GeneratedWindow.START + 25_000_000_000L);
    }

    @Test
    void copiesAcrossLoopsStayDistinct() {
        List<PlanEvent> plan = Amplified.plan(window(), "--loop", "2", "--copies", "3", "--seed", "9");

        Map<ConnectionKey, Integer> sends = PlanContract.check(plan, 4);
        assertThat(sends).hasSize(6_000);
        assertThat(sends.keySet().stream().map(ConnectionKey::copy).distinct().count()).isEqualTo(6);
    }

    @Test
    void onlyTheOverlappingPassesAreHeldOpen() {
        GeneratedWindow w = window();
        SoakLoop loop = new SoakLoop(w, 50, Long.MAX_VALUE);
        int maxState = 0;
        long events = 0;
        for (PlanEvent e = loop.next(); e != null; e = loop.next()) {
            events++;
            maxState = Math.max(maxState, loop.stateSize());
        }
        loop.close();

        assertThat(events).isEqualTo(50L * 1_000 * 10);
        assertThat(maxState).isLessThanOrEqualTo(2);
    }
}
