package dev.reprise.replay.amplify;

import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.shard.Shard;
import dev.reprise.replay.shard.ShardAssignment;
import dev.reprise.replay.shard.ShardedPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class ShardedPlanTest {
    private static final List<List<String>> AMPLIFICATIONS = List.of(
            List.of(),
            List.of("--copies", "2.5", "--copy-tenants"),
            List.of("--tenant-weight", "t0=3,t1=0.4", "--skew", "1.3", "--spike", "at=+2s,for=1s,x=3"),
            List.of("--loop", "2", "--exclude-tenants", "t6", "--ramp", "from=1,to=2,over=4s"),
            List.of("--copies", "1.7", "--rate", "3000/s:poisson"));

    @Test
    void forSeveralSeedsAndAmplificationsTheShardsAreDisjointAndTogetherAreTheSinglePlanEventForEvent() {
        GeneratedWindow w = new GeneratedWindow(600, 5_000_000L, i -> 1 + (int) (i % 5), 3_000_000L, i -> "t" + (i % 7));
        for (long seed : new long[] {1, 17, 4242}) {
            for (List<String> amplification : AMPLIFICATIONS) {
                List<String> args = new ArrayList<>(amplification);
                args.addAll(List.of("--seed", Long.toString(seed)));
                List<PlanEvent> single = Amplified.plan(w, args.toArray(String[]::new));
                for (int n : new int[] {2, 3, 4}) {
                    List<List<PlanEvent>> shards = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        shards.add(GeneratedWindow.drain(ShardedPlan.of(
                                Amplified.source(w, args.toArray(String[]::new)), new Shard(i, n))));
                    }
                    String what = args + " in " + n + " shards";
                    assertThat(shards).as(what).allSatisfy(s -> assertThat(s).isNotEmpty());
                    assertDisjointByConnection(shards, what);
                    assertInterleaveTo(single, shards, what);
                }
            }
        }
    }

    @Test
    void shardsAreBalancedByRequestsWhenHeavyConnectionsComeEveryNth() {
        // every 4th connection is a heavy tenant's: 40 requests with large bodies; the others send 1
        GeneratedWindow w = new GeneratedWindow(2_000, 2_000_000L, i -> i % 4 == 0 ? 40 : 1, 1_000_000L,
                i -> i % 4 == 0 ? "heavy" : "light" + (i % 13));
        List<PlanEvent> single = Amplified.plan(w, "--seed", "3");
        long total = Amplified.sends(single);
        Map<Integer, Long> requests = new HashMap<>();
        Map<Integer, Long> heavyConnections = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            List<PlanEvent> shard = GeneratedWindow.drain(ShardedPlan.of(Amplified.source(w, "--seed", "3"), new Shard(i, 4)));
            requests.put(i, Amplified.sends(shard));
            heavyConnections.put(i, shard.stream().filter(e -> e instanceof PlanEvent.Open)
                    .filter(e -> e.connection().connectionId() % 4 == 0).count());
        }
        // round robin by connection would give shard 0 every heavy connection: 20,000 of 20,500 requests
        assertThat(requests.values()).allSatisfy(n -> assertThat((double) n).isBetween(total / 4 * 0.9, total / 4 * 1.1));
        assertThat(heavyConnections.values()).allSatisfy(n -> assertThat(n).isGreaterThan(100));
    }

    @Test
    void theAssignmentRemembersTheOpenConnectionsNotThePlan() {
        // 100,000 connections, one opening every 2 ms, each open for about 8 ms
        GeneratedWindow w = new GeneratedWindow(100_000, 2_000_000L, 3, 2_000_000L, i -> "t" + (i % 5));
        ShardAssignment assignment = new ShardAssignment(4);
        int most = 0;
        long events = 0;
        try (var plan = w.open(0)) {
            for (PlanEvent e = plan.next(); e != null; e = plan.next()) {
                assignment.shardOf(e);
                most = Math.max(most, assignment.remembered());
                events++;
            }
        }
        assertThat(events).isEqualTo(100_000L * 8);
        // those open, and those closed within the last second of capture time: 500 a second
        assertThat(most).isLessThan(600);
    }

    @Test
    void aWholePlanIsOneShard() {
        GeneratedWindow w = new GeneratedWindow(50, 5_000_000L, 2, 3_000_000L, i -> "t");
        List<PlanEvent> single = Amplified.plan(w, "--seed", "1");
        List<PlanEvent> whole = GeneratedWindow.drain(ShardedPlan.of(Amplified.source(w, "--seed", "1"), Shard.parse("0/1")));
        assertThat(whole.stream().map(ShardedPlanTest::describe).toList())
                .isEqualTo(single.stream().map(ShardedPlanTest::describe).toList());
    }

    private static void assertDisjointByConnection(List<List<PlanEvent>> shards, String what) {
        Set<ConnectionKey> seen = new HashSet<>();
        for (List<PlanEvent> shard : shards) {
            Set<ConnectionKey> mine = new HashSet<>();
            shard.forEach(e -> mine.add(e.connection()));
            for (ConnectionKey k : mine) {
                assertThat(seen.add(k)).as(what + ": connection " + k + " is in two shards").isTrue();
            }
        }
    }

    /** Every event of the single plan is the next event of exactly one shard, and nothing is left over. */
    private static void assertInterleaveTo(List<PlanEvent> single, List<List<PlanEvent>> shards, String what) {
        int[] at = new int[shards.size()];
        for (int k = 0; k < single.size(); k++) {
            String expected = describe(single.get(k));
            int found = -1;
            for (int s = 0; s < shards.size(); s++) {
                if (at[s] < shards.get(s).size() && describe(shards.get(s).get(at[s])).equals(expected)) {
                    found = s;
                    break;
                }
            }
            assertThat(found).as(what + ": event " + k + " of the single plan, " + expected + ", is no shard's next").isNotNegative();
            at[found]++;
        }
        for (int s = 0; s < shards.size(); s++) {
            assertThat(at[s]).as(what + ": shard " + s + " has events beyond the single plan").isEqualTo(shards.get(s).size());
        }
    }

    /** Everything an event carries that the replay uses. */
    private static String describe(PlanEvent e) {
        String base = e.getClass().getSimpleName() + " " + e.connection() + " @" + e.captureNanos();
        if (e instanceof PlanEvent.Send s) {
            return base + " " + s.tenant() + " " + s.request().method() + " " + s.request().target() + " #" + s.request().sequence()
                    + " " + s.request().headers() + " " + s.request().body().length();
        }
        if (e instanceof PlanEvent.Recorded r) {
            return base + " #" + r.sequence() + " " + r.status();
        }
        return base;
    }
}
