package dev.reprise.replay.source.internal;

import dev.reprise.format.Body;
import dev.reprise.format.CloseSide;
import dev.reprise.format.ConnectionClosed;
import dev.reprise.format.ConnectionOpened;
import dev.reprise.format.Header;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalSet;
import dev.reprise.format.JournalWriter;
import dev.reprise.format.Outcome;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.format.UpgradeEvent;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading ahead, on one thread or on several each reading chunks of the window's time, plans
 * exactly what reading on the planning thread plans: the same events, in the same order, at the
 * same times, with the same tenants, requests and connections, across every chunk boundary.
 */
class ReadAheadPlanTest {
    private static final long T0 = 1_795_442_400_000_000_000L;
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    /** Of the journal written: its requests, and those of them with an Upgrade header. */
    private int requests;
    private int upgradeRequests;

    /**
     * Ten minutes of 60 keep-alive connections: four tenants, five methods, requests with an
     * Upgrade header (in three spellings) and their upgrades, truncated bodies, connections opened
     * before any window, never closed, closed without being seen open and opened twice; and
     * requests appended up to 9 s after younger events (a slow upload), as the capture does.
     */
    private Path journal() {
        Random random = new Random(11);
        List<long[]> order = new ArrayList<>(); // append time, index into events
        List<JournalEvent> events = new ArrayList<>();
        String[] tenants = {"acme", "globex", "initech", "umbrella"};
        String[] methods = {"GET", "GET", "POST", "PUT", "DELETE", "PATCH"};
        String[] upgrade = {"Upgrade", "upgrade", "UPGRADE"};
        for (int c = 1; c <= 60; c++) {
            long t = T0 + (long) (random.nextDouble() * 480 * S);
            boolean openedBefore = c % 13 == 0; // its open precedes the windows read below
            if (openedBefore) {
                add(events, order, new ConnectionOpened(c, T0 - 5 * S, "10.0.0." + c + ":4000", "10.0.0.1:8080"), T0 - 5 * S);
            } else {
                add(events, order, new ConnectionOpened(c, t, "10.0.0." + c + ":4000", "10.0.0.1:8080"), t);
            }
            if (c % 17 == 0) { // opened twice
                add(events, order, new ConnectionOpened(c, t + MS, "10.0.0." + c + ":4001", "10.0.0.1:8080"), t + MS);
            }
            int n = 5 + random.nextInt(30);
            String tenant = tenants[random.nextInt(tenants.length)];
            for (int seq = 0; seq < n; seq++) {
                t += (long) (random.nextDouble() * 4 * S) + MS;
                String method = methods[random.nextInt(methods.length)];
                List<Header> headers = new ArrayList<>(List.of(new Header("Host", "shop.example.com"),
                        new Header("X-Tenant-Id", tenant)));
                boolean upgrades = random.nextInt(12) == 0;
                requests++;
                if (upgrades) {
                    upgradeRequests++;
                    headers.add(new Header("Connection", "upgrade"));
                    headers.add(new Header(upgrade[random.nextInt(upgrade.length)], "websocket"));
                }
                byte[] bytes = ("body " + c + "/" + seq).getBytes(StandardCharsets.UTF_8);
                Body body = random.nextInt(10) == 0 ? new Body(bytes, bytes.length + 100L) : Body.of(bytes);
                // A slow upload: the request is appended when its last byte arrives, after younger events.
                long lastByte = t + (random.nextInt(6) == 0 ? (long) (random.nextDouble() * 9 * S) : 2 * MS);
                add(events, order, new RequestEvent(c, seq, t, lastByte, method, "/c" + c + "/r" + seq, "HTTP/1.1",
                        headers, body, tenant), lastByte);
                long r = lastByte + 5 * MS;
                add(events, order, new ResponseEvent(c, seq, upgrades ? 101 : 200, List.of(new Header("Content-Length", "2")),
                        Body.of("ok".getBytes(StandardCharsets.UTF_8)), r, r + MS, Outcome.COMPLETE), r + MS);
                if (upgrades) {
                    add(events, order, new UpgradeEvent(c, seq, r + MS, "websocket"), r + MS);
                }
                t = r + MS;
            }
            if (c % 7 != 0) { // the rest stay open to the end
                add(events, order, new ConnectionClosed(c, t + 10 * MS, c % 2 == 0 ? CloseSide.CLIENT : CloseSide.UPSTREAM),
                        t + 10 * MS);
            }
        }
        add(events, order, new ConnectionClosed(999, T0 + 200 * S, CloseSide.CLIENT), T0 + 200 * S); // never opened
        order.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        Path j = dir.resolve("j");
        try (JournalWriter w = JournalWriter.create(j).startNanos(T0 - 5 * S).open()) {
            for (long[] o : order) {
                w.append(events.get((int) o[1]));
            }
        }
        return j;
    }

    private static void add(List<JournalEvent> events, List<long[]> order, JournalEvent e, long appendedAt) {
        order.add(new long[]{appendedAt, events.size()});
        events.add(e);
    }

    private static List<String> read(PlanSource p) {
        List<String> out = new ArrayList<>();
        try (p) {
            for (PlanEvent e = p.next(); e != null; e = p.next()) {
                out.add(describe(e));
            }
        }
        return out;
    }

    private static String describe(PlanEvent e) {
        String what;
        if (e instanceof PlanEvent.Send s) {
            what = "send " + s.sequence() + " " + s.stored().method() + " " + s.tenant() + " " + s.request().target()
                    + (s.stored().bodyTruncated() ? " truncated" : "");
        } else if (e instanceof PlanEvent.Recorded r) {
            what = "recorded " + r.sequence() + " " + r.status();
        } else {
            what = e instanceof PlanEvent.Open ? "open" : "close";
        }
        return e.captureNanos() + " " + e.connection() + " " + what;
    }

    private static JournalSet set(Path j, long from, Long until) {
        JournalSet set = JournalSet.open(List.of(j));
        set.seek(from);
        if (until != null) {
            set.until(until);
        }
        return set;
    }

    @Test
    void readingAheadOnAThreadOfItsOwnPlansWhatOneReadPlans() {
        Path j = journal();
        List<String> inline = read(new JournalPlanSource(set(j, T0 - 5 * S, null), Set.of(), 0));

        assertThat(inline).hasSizeGreaterThan(1500);
        assertThat(inline).anyMatch(s -> s.contains("truncated")).anyMatch(s -> s.contains(" DELETE "));
        assertThat(read(JournalPlanSource.readingAhead(set(j, T0 - 5 * S, null), Set.of(), 0))).isEqualTo(inline);
    }

    @Test
    void aWindowInsideTheJournalShiftedAndFilteredByMethodIsPlannedAlikeReadAhead() {
        Path j = journal();
        long from = T0 + 100 * S;
        long until = T0 + 400 * S;
        long shift = 3_600 * S;
        Set<String> methods = Set.of("POST", "DELETE");
        List<String> inline = read(new JournalPlanSource(set(j, from, until), methods, shift));

        assertThat(inline).anyMatch(s -> s.contains(" POST ")).noneMatch(s -> s.contains(" GET "));
        assertThat(read(JournalPlanSource.readingAhead(set(j, from, until), methods, shift))).isEqualTo(inline);
    }

    @Test
    void requestsWithAnUpgradeHeaderInAnySpellingAreLeftOutWhoeverChecks() {
        Path j = journal();
        List<String> inline = read(new JournalPlanSource(set(j, T0 - 5 * S, null), Set.of(), 0));
        List<String> ahead = read(JournalPlanSource.readingAhead(set(j, T0 - 5 * S, null), Set.of(), 0));

        assertThat(upgradeRequests).isGreaterThan(10);
        assertThat(inline.stream().filter(s -> s.contains(" send ")).count()).isEqualTo(requests - upgradeRequests);
        // Their 101 responses are not passed on either: a response goes with a request that was sent.
        assertThat(inline).noneMatch(s -> s.endsWith(" 101"));
        assertThat(ahead).isEqualTo(inline);
    }
    /** The events kept until all are read, and only then described (a stored request decodes once, when first asked). */
    private static List<String> readKeeping(PlanSource p) {
        List<PlanEvent> kept = new ArrayList<>();
        try (p) {
            for (PlanEvent e = p.next(); e != null; e = p.next()) {
                kept.add(e);
            }
        }
        return kept.stream().map(ReadAheadPlanTest::describeAgain).toList();
    }

    /** An event's record read over by another kind of record may no longer decode at all. */
    private static String describeAgain(PlanEvent e) {
        try {
            return describe(e);
        } catch (RuntimeException unreadable) {
            return "unreadable: " + unreadable;
        }
    }

    @Test
    void aReplaysPlanKeepsEveryRecordItsOwnWhileItsEventsAreHeldReadAheadOrNot() {
        Path j = journal();
        List<String> inline = read(new JournalPlanSource(set(j, T0 - 5 * S, null), Set.of(), 0));
        for (PlanSource p : List.of(new JournalPlanSource(set(j, T0 - 5 * S, null), Set.of(), 0),
                JournalPlanSource.readingAhead(set(j, T0 - 5 * S, null), Set.of(), 0))) {
            assertThat(readKeeping(p)).hasSizeGreaterThan(3 * JournalPlanSource.BATCH).isEqualTo(inline);
        }
    }
}
