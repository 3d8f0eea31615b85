package dev.reprise.replay.amplify;

import dev.reprise.format.Body;
import dev.reprise.format.RequestEvent;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class TenantLookaheadTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aConnectionIsJudgedByItsFirstRequestEvenWhenItComesSecondsAfterItOpened() {
        List<PlanEvent> events = new ArrayList<>();
        connection(events, 1, 0, 5 * SECOND, "acme");
        connection(events, 2, SECOND, SECOND + 1000, "beta");
        connection(events, 3, 2 * SECOND, 3 * SECOND, "acme");

        List<PlanEvent> plan = GeneratedWindow.drain(new TenantFilter(source(events), new TenantFilter.Rule(Set.of("acme"), Set.of())));

        PlanContract.check(plan, 1);
        assertThat(plan.stream().map(e -> e.connection().connectionId()).distinct()).containsExactly(1L, 3L);
    }

    @Test
    void aConnectionSilentForLongerThanTheLookaheadCountsAsUnknown() {
        List<PlanEvent> events = new ArrayList<>();
        connection(events, 1, 0, 30 * SECOND, "acme");
        connection(events, 2, SECOND, SECOND + 1000, "acme");

        List<PlanEvent> kept = GeneratedWindow.drain(new TenantFilter(source(events), new TenantFilter.Rule(Set.of("acme"), Set.of())));
        List<PlanEvent> unknown = GeneratedWindow.drain(new TenantFilter(source(events),
                new TenantFilter.Rule(Set.of(RequestEvent.UNKNOWN_TENANT), Set.of())));

        assertThat(kept.stream().map(e -> e.connection().connectionId()).distinct()).containsExactly(2L);
        assertThat(unknown.stream().map(e -> e.connection().connectionId()).distinct()).containsExactly(1L);
    }

    private static void connection(List<PlanEvent> out, long id, long open, long firstRequest, String tenant) {
        PlanConnection key = new PlanConnection(new ConnectionKey(0, id, 0));
        out.add(new PlanEvent.Open(key, open));
        out.add(new PlanEvent.Send(key, firstRequest, new RequestEvent(id, 0, firstRequest, firstRequest, "GET", "/", "HTTP/1.1",
                List.of(), Body.EMPTY, tenant), tenant));
        out.add(new PlanEvent.Recorded(key, firstRequest + 10, new dev.reprise.format.ResponseEvent(id, 0, 200, List.of(), Body.EMPTY,
                firstRequest + 10, firstRequest + 20, dev.reprise.format.Outcome.COMPLETE)));
        out.add(new PlanEvent.Close(key, firstRequest + 100));
    }

    private static PlanSource source(List<PlanEvent> events) {
        List<PlanEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(PlanEvent::captureNanos));
        Iterator<PlanEvent> it = sorted.iterator();
        return new PlanSource() {
            @Override
            public PlanEvent next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public void close() {
            }
        };
    }
}
