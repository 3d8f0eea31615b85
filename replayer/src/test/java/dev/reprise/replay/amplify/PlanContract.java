package dev.reprise.replay.amplify;

import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.plan.PlanEvent;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every plan keeps: time order, each connection whole and in order, and each
 * connection one {@link PlanConnection} carried by all its events and by no other connection's.
 */
final class PlanContract {
    private PlanContract() {
    }

    /** Asserts the contract and returns the number of Send events per connection. */
    static Map<ConnectionKey, Integer> check(List<PlanEvent> plan, int requestsPerConnection) {
        assertThat(plan).as("a plan to check (an empty one keeps every contract vacuously)").isNotEmpty();
        long last = Long.MIN_VALUE;
        Map<ConnectionKey, Integer> sends = new HashMap<>();
        Map<ConnectionKey, Integer> recorded = new HashMap<>();
        Map<ConnectionKey, Boolean> closed = new HashMap<>();
        Map<ConnectionKey, PlanConnection> carried = new HashMap<>();
        Map<PlanConnection, ConnectionKey> keyOf = new IdentityHashMap<>();
        for (PlanEvent e : plan) {
            assertThat(e.captureNanos()).as("time order at %s", e).isGreaterThanOrEqualTo(last);
            last = e.captureNanos();
            ConnectionKey k = e.connection();
            PlanConnection c = e.planConnection();
            assertThat(carried.computeIfAbsent(k, x -> c)).as("one connection object for all of %s", k).isSameAs(c);
            assertThat(keyOf.computeIfAbsent(c, x -> k)).as("no other connection carries %s's object", k).isEqualTo(k);
            if (e instanceof PlanEvent.Open) {
                assertThat(sends).as("one Open for %s", k).doesNotContainKey(k);
                sends.put(k, 0);
                recorded.put(k, 0);
                continue;
            }
            assertThat(sends).as("%s opened before %s", k, e).containsKey(k);
            assertThat(closed).as("%s not closed before %s", k, e).doesNotContainKey(k);
            if (e instanceof PlanEvent.Send s) {
                assertThat(s.request().sequence()).as("request order on %s", k).isEqualTo((long) sends.get(k));
                sends.merge(k, 1, Integer::sum);
            } else if (e instanceof PlanEvent.Recorded r) {
                assertThat(r.sequence()).as("baseline order on %s", k).isEqualTo((long) recorded.get(k));
                recorded.merge(k, 1, Integer::sum);
            } else {
                closed.put(k, true);
            }
        }
        assertThat(closed.keySet()).as("every connection closed").isEqualTo(sends.keySet());
        for (ConnectionKey k : sends.keySet()) {
            assertThat(sends.get(k)).as("requests of %s", k).isEqualTo(requestsPerConnection);
            assertThat(recorded.get(k)).as("baselines of %s", k).isEqualTo(requestsPerConnection);
        }
        return sends;
    }
}
