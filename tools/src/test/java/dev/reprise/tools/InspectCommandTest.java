package dev.reprise.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.format.ConnectionOpened;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.RequestEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.reprise.tools.HandBuiltJournal.MS;
import static dev.reprise.tools.HandBuiltJournal.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(60)
class InspectCommandTest {
    @TempDir
    Path tmp;

    private JsonNode inspectJson(String... args) throws Exception {
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void reportsExactFiguresForAHandBuiltJournal() throws Exception {
        Path j = tmp.resolve("j");
        HandBuiltJournal.twoConnections().writerId("proxy-a").write(j);
        JsonNode p = inspectJson("inspect", "--json", j.toString());

        assertThat(p.at("/events/total").asLong()).isEqualTo(14);
        assertThat(p.at("/events/connectionsOpened").asLong()).isEqualTo(2);
        assertThat(p.at("/events/requests").asLong()).isEqualTo(5);
        assertThat(p.at("/events/responses").asLong()).isEqualTo(5);
        assertThat(p.at("/events/connectionsClosed").asLong()).isEqualTo(2);
        assertThat(p.at("/span/first").asText()).isEqualTo("2026-06-01T10:00:00Z");
        assertThat(p.at("/span/seconds").asDouble()).isEqualTo(4.0);

        assertThat(p.at("/rate/peak").asLong()).isEqualTo(3);
        assertThat(p.at("/rate/peakAt").asText()).isEqualTo("2026-06-01T10:00:00Z");
        assertThat(p.at("/rate/mean").asDouble()).isCloseTo(1.25, within(1e-9));
        assertThat(p.at("/rate/timeline").size()).isEqualTo(4);
        assertThat(p.at("/rate/timeline/0/requests").asLong()).isEqualTo(3);
        assertThat(p.at("/rate/timeline/1/requests").asLong()).isZero();

        assertThat(p.at("/concurrency/openConnections/max").asLong()).isEqualTo(2);
        assertThat(p.at("/concurrency/openConnections/mean").asDouble()).isCloseTo(1.8, within(1e-6));
        assertThat(p.at("/concurrency/inFlightRequests/max").asLong()).isEqualTo(2);
        assertThat(p.at("/concurrency/requestsPerConnection/max").asDouble()).isEqualTo(3.0);
        assertThat(p.at("/latency/count").asLong()).isEqualTo(5);

        assertThat(p.at("/tenants/count").asLong()).isEqualTo(2);
        assertThat(p.at("/tenants/top/0/tenant").asText()).isEqualTo("acme");
        assertThat(p.at("/tenants/top/0/share").asDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(p.at("/tenants/gini").asDouble()).isCloseTo(0.3, within(1e-9));
        assertThat(p.at("/tenants/top1PercentShare").asDouble()).isCloseTo(0.8, within(1e-9));

        assertThat(p.at("/endpoints").findValuesAsText("endpoint"))
                .containsExactly("GET /api/orders/{id}", "GET /api/products/{id}", "POST /api/orders");
        assertThat(p.at("/endpoints/0/requests").asLong()).isEqualTo(2);
        assertThat(p.at("/endpoints/1/serverErrorShare").asDouble()).isCloseTo(0.5, within(1e-9));

        assertThat(p.at("/statuses/classes/2xx").asLong()).isEqualTo(3);
        assertThat(p.at("/statuses/classes/4xx").asLong()).isEqualTo(1);
        assertThat(p.at("/statuses/classes/5xx").asLong()).isEqualTo(1);
        assertThat(p.at("/bytes/requestBodies/total").asLong()).isEqualTo(100);
        assertThat(p.at("/bytes/requestBodies/stored").asLong()).isEqualTo(64);
        assertThat(p.at("/bytes/requestBodies/truncated").asLong()).isEqualTo(1);
        assertThat(p.at("/journals/0/writerId").asText()).isEqualTo("proxy-a");
        assertThat(p.at("/journals/0/tenantRules/0").asText()).isEqualTo("header:X-Tenant-Id");
    }

    @Test
    void textReportShowsTheSameFiguresInAlignedSections() {
        Path j = tmp.resolve("j");
        HandBuiltJournal.twoConnections().writerId("proxy-a").write(j);
        CliRun run = CliRun.run("inspect", j.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("2026-06-01 10:00:00.000 → 2026-06-01 10:00:04.000 UTC  (4s)")
                .contains("14:  2 opened · 5 requests · 5 responses · 2 closed")
                .contains("peak 3/s at 2026-06-01 10:00:00 UTC")
                .contains("Gini 0.30")
                .containsPattern("acme\\s+4\\s+80\\.0%")
                .containsPattern("GET /api/orders/\\{id}\\s+2\\s+40\\.0%")
                .containsPattern("open connections\\s+1\\.8\\s+2\\s+2")
                .containsPattern("in-flight requests\\s+\\S+\\s+\\S+\\s+2\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void mergesJournalsKeepingTheirConnectionsApart() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        HandBuiltJournal.twoConnections().writerId("proxy-a").write(a);
        // the same connection ids in a second journal, half a second later: 4 connections open at once
        List<JournalEvent> shifted = HandBuiltJournal.twoConnections().events().stream().map(e -> shift(e, 50 * MS)).toList();
        HandBuiltJournal.journal().writerId("proxy-b").events(shifted).write(b);
        JsonNode p = inspectJson("inspect", "--json", a.toString(), b.toString());
        assertThat(p.at("/journals").size()).isEqualTo(2);
        assertThat(p.at("/events/requests").asLong()).isEqualTo(10);
        assertThat(p.at("/concurrency/openConnections/max").asLong()).isEqualTo(4);
        assertThat(p.at("/rate/peak").asLong()).isEqualTo(6);
        assertThat(p.at("/tenants/top/0/requests").asLong()).isEqualTo(8);
    }

    @Test
    void aTimeWindowCountsOnlyItsEvents() throws Exception {
        Path j = tmp.resolve("j");
        HandBuiltJournal.twoConnections().writerId("proxy-a").write(j);
        JsonNode p = inspectJson("inspect", "--json", "--from", "2026-06-01T10:00:02Z", "--to",
                "2026-06-01T10:00:03.050Z", j.toString());
        assertThat(p.at("/events/requests").asLong()).isEqualTo(2);
        assertThat(p.at("/events/responses").asLong()).isEqualTo(1);
        assertThat(p.at("/span/first").asText()).isEqualTo("2026-06-01T10:00:02.100Z");
    }

    @Test
    void aWindowAfterTheLastEventSaysItIsEmpty() {
        Path j = tmp.resolve("j");
        HandBuiltJournal.twoConnections().writerId("proxy-a").write(j);
        CliRun run = CliRun.run("inspect", "--from", "2026-06-02", j.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("No events in the window read.");
    }

    @Test
    void generatedJournalProfileMatchesWhatWasAskedFor() throws Exception {
        Path j = tmp.resolve("g");
        CliRun gen = CliRun.run("generate", "--journal", j.toString(), "--seed", "3", "--duration", "20m",
                "--rate", "50", "--start", "2026-06-01T14:00:00Z", "--tenants", "30");
        assertThat(gen.exitCode()).as(gen.err()).isZero();
        JsonNode p = inspectJson("inspect", "--json", j.toString());
        assertThat(p.at("/rate/mean").asDouble()).isBetween(45.0, 55.0);
        assertThat(p.at("/tenants/count").asLong()).isBetween(20L, 30L);
        assertThat(p.at("/tenants/top/0/tenant").asText()).isEqualTo("tenant-001");
        assertThat(p.at("/concurrency/requestsPerConnection/mean").asDouble()).isGreaterThan(4);
        assertThat(p.at("/endpoints").size()).isEqualTo(7);
    }

    private static JournalEvent shift(JournalEvent e, long by) {
        if (e instanceof ConnectionOpened o) {
            return new ConnectionOpened(o.connectionId(), o.timeNanos() + by, o.clientAddress(), o.listenerAddress());
        }
        if (e instanceof RequestEvent r) {
            return new RequestEvent(r.connectionId(), r.sequence(), r.firstByteNanos() + by, r.lastByteNanos() + by,
                    r.method(), r.target(), r.httpVersion(), r.headers(), r.body(), r.tenant());
        }
        if (e instanceof dev.reprise.format.ResponseEvent r) {
            return new dev.reprise.format.ResponseEvent(r.connectionId(), r.sequence(), r.status(), r.headers(),
                    r.body(), r.firstByteNanos() + by, r.lastByteNanos() + by, r.outcome());
        }
        dev.reprise.format.ConnectionClosed c = (dev.reprise.format.ConnectionClosed) e;
        return new dev.reprise.format.ConnectionClosed(c.connectionId(), c.timeNanos() + by, c.side());
    }
}
