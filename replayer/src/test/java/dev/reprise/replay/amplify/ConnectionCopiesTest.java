package dev.reprise.replay.amplify;

import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(60)
class ConnectionCopiesTest {
    private static final long JITTER = 100_000_000L;

    private static GeneratedWindow window(long connections) {
        return new GeneratedWindow(connections, 1_000_000L, 3, 2_000_000L, i -> i % 2 == 0 ? "acme" : "beta");
    }

    @Test
    void integerCopiesReplayEveryConnectionExactlyKTimesEachOnItsOwnConnection() {
        List<PlanEvent> plan = GeneratedWindow.drain(new ConnectionCopies(window(500).open(0), 3, JITTER, 7, null));

        Map<ConnectionKey, Integer> sends = PlanContract.check(plan, 3);

        assertThat(sends).hasSize(1500);
        Map<Long, Set<Integer>> copiesById = sends.keySet().stream().collect(
                Collectors.groupingBy(ConnectionKey::connectionId, Collectors.mapping(ConnectionKey::copy, Collectors.toSet())));
        assertThat(copiesById).hasSize(500);
        assertThat(copiesById.values()).allSatisfy(c -> assertThat(c).containsExactlyInAnyOrder(0, 1, 2));
    }

    @Test
    void fractionalCopiesAddOneMoreCopyToASeededShareOfConnections() {
        List<PlanEvent> plan = GeneratedWindow.drain(new ConnectionCopies(window(8_000).open(0), 2.5, JITTER, 7, null));

        Map<ConnectionKey, Integer> sends = PlanContract.check(plan, 3);

        assertThat((double) sends.size() / 8_000).isCloseTo(2.5, within(0.05));
        assertThat(sends.keySet()).allSatisfy(k -> assertThat(k.copy()).isBetween(0, 2));
    }

    @Test
    void originalsKeepTheirTimesAndCopiesStartWithinTheJitter() {
        Map<ConnectionKey, Long> opens = new HashMap<>();
        for (PlanEvent e : GeneratedWindow.drain(new ConnectionCopies(window(300).open(0), 2, JITTER, 7, null))) {
            if (e instanceof PlanEvent.Open) {
                opens.put(e.connection(), e.captureNanos());
            }
        }
        long distinctShifts = 0;
        Set<Long> shifts = new java.util.HashSet<>();
        for (long i = 0; i < 300; i++) {
            long original = opens.get(new ConnectionKey(0, i, 0));
            assertThat(original).isEqualTo(GeneratedWindow.START + i * 1_000_000L);
            long shift = opens.get(new ConnectionKey(0, i, 1)) - original;
            assertThat(shift).isBetween(0L, JITTER);
            shifts.add(shift);
        }
        distinctShifts = shifts.size();
        assertThat(distinctShifts).as("copies not in lockstep").isGreaterThan(250);
    }

    @Test
    void copyTenantsGiveEachCopyASyntheticTenantInTheRequestAndTheReport() {
        List<PlanEvent> plan = GeneratedWindow.drain(
                new ConnectionCopies(window(10).open(0), 3, JITTER, 7, TenantRenaming.REPORT_ONLY));

        Map<Integer, Set<String>> tenantsByCopy = plan.stream().filter(e -> e instanceof PlanEvent.Send)
                .map(e -> (PlanEvent.Send) e)
                .collect(Collectors.groupingBy(s -> s.connection().copy(), Collectors.mapping(PlanEvent.Send::tenant, Collectors.toSet())));
        assertThat(tenantsByCopy.get(0)).containsExactlyInAnyOrder("acme", "beta");
        assertThat(tenantsByCopy.get(1)).containsExactlyInAnyOrder("acme~2", "beta~2");
        assertThat(tenantsByCopy.get(2)).containsExactlyInAnyOrder("acme~3", "beta~3");
    }

    @Test
    void withoutCopyTenantsCopiesKeepTheirTenants() {
        List<PlanEvent> plan = GeneratedWindow.drain(new ConnectionCopies(window(10).open(0), 3, JITTER, 7, null));

        assertThat(plan.stream().filter(e -> e instanceof PlanEvent.Send).map(e -> ((PlanEvent.Send) e).tenant()))
                .containsOnly("acme", "beta");
    }

    @Test
    void theSameSeedMakesTheSamePlanAndAnotherSeedAnother() {
        List<PlanEvent> a = GeneratedWindow.drain(new ConnectionCopies(window(400).open(0), 1.5, JITTER, 42, null));
        List<PlanEvent> b = GeneratedWindow.drain(new ConnectionCopies(window(400).open(0), 1.5, JITTER, 42, null));
        List<PlanEvent> c = GeneratedWindow.drain(new ConnectionCopies(window(400).open(0), 1.5, JITTER, 43, null));

        assertThat(GeneratedWindow.described(a)).isEqualTo(GeneratedWindow.described(b));
        assertThat(copied(a)).isNotEqualTo(copied(c));
    }

    @Test
    void aConnectionsCopiesDoNotDependOnWhatWasReadBeforeIt() {
        Set<Long> fromLongRead = copied(GeneratedWindow.drain(new ConnectionCopies(window(400).open(0), 1.5, JITTER, 42, null)));
        Set<Long> fromShortRead = copied(GeneratedWindow.drain(new ConnectionCopies(window(100).open(0), 1.5, JITTER, 42, null)));

        assertThat(fromLongRead.stream().filter(id -> id < 100).collect(Collectors.toSet())).isEqualTo(fromShortRead);
    }

    @Test
    void stateStaysBoundedByConcurrencyOverALongStream() {
        // 50,000 connections, about 7 open at a time: state must not grow with the stream.
        ConnectionCopies copies = new ConnectionCopies(window(50_000).open(0), 10, JITTER, 7, null);
        long events = 0;
        int maxState = 0;
        for (PlanEvent e = copies.next(); e != null; e = copies.next()) {
            events++;
            maxState = Math.max(maxState, copies.stateSize());
        }
        copies.close();

        assertThat(events).isEqualTo(50_000L * 10 * 8);
        // the jitter span (100 ms) holds about 100 connections' copies of a few events each
        assertThat(maxState).isLessThan(20_000);
    }

    private static Set<Long> copied(List<PlanEvent> plan) {
        return plan.stream().filter(e -> e instanceof PlanEvent.Open && e.connection().copy() == 1)
                .map(e -> e.connection().connectionId()).collect(Collectors.toSet());
    }
}
