package dev.reprise.replay.source;

import dev.reprise.format.TimeSpec;
import dev.reprise.format.DurationText;
import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalReader;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.format.StoredResponse;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.testing.JournalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class JournalWindowTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private static List<PlanEvent> read(JournalWindow w, long shift) {
        List<PlanEvent> out = new ArrayList<>();
        try (PlanSource p = w.open(shift)) {
            for (PlanEvent e = p.next(); e != null; e = p.next()) {
                out.add(e);
            }
        }
        return out;
    }

    private static String describe(PlanEvent e) {
        String kind = e.getClass().getSimpleName();
        String seq = e instanceof PlanEvent.Send s ? " " + s.request().sequence()
                : e instanceof PlanEvent.Recorded r ? " " + r.sequence() : "";
        return kind + " c" + e.connection().connectionId() + seq;
    }

    @Test
    void turnsJournalEventsIntoOpenSendRecordedAndClose() {
        Path j = JournalBuilder.create().productionLatency(5).connection(1, 0, 2, 20).write(dir.resolve("j"));
        JournalWindow w = JournalWindow.open(List.of(j), null, null, null, Set.of());

        List<PlanEvent> plan = read(w, 0);

        assertThat(plan).extracting(JournalWindowTest::describe)
                .containsExactly("Open c1", "Send c1 0", "Recorded c1 0", "Send c1 1", "Recorded c1 1", "Close c1");
        assertThat(plan).allMatch(e -> e.connection().equals(new ConnectionKey(0, 1, 0)));
        assertThat(((PlanEvent.Send) plan.get(1)).tenant()).isEqualTo("acme");
        assertThat(plan.get(0).captureNanos()).isEqualTo(JournalBuilder.T0);
        assertThat(w.startNanos()).isEqualTo(JournalBuilder.T0);
        assertThat(w.endNanos()).isEqualTo(JournalBuilder.T0 + 71 * MS + 1);
    }

    @Test
    void aRequestWhoseConnectionOpenedBeforeTheWindowGetsAnOpen() {
        Path j = JournalBuilder.create().connection(1, 0, 4, 1000).write(dir.resolve("j"));
        JournalWindow w = JournalWindow.open(List.of(j), TimeSpec.parse("+1500ms"), null, null, Set.of());

        List<PlanEvent> plan = read(w, 0);

        assertThat(plan).extracting(JournalWindowTest::describe)
                .containsExactly("Open c1", "Send c1 2", "Recorded c1 2", "Send c1 3", "Recorded c1 3", "Close c1");
        assertThat(plan.get(0).captureNanos()).isEqualTo(plan.get(1).captureNanos());
    }

    @Test
    void theWindowEndsAtToOrAfterItsDuration() {
        Path j = JournalBuilder.create().connection(1, 0, 10, 100).write(dir.resolve("j"));

        List<PlanEvent> byTo = read(JournalWindow.open(List.of(j), null, TimeSpec.parse("+350ms"), null, Set.of()), 0);
        List<PlanEvent> byDuration = read(JournalWindow.open(List.of(j), TimeSpec.parse("+100ms"), null, 300 * MS, Set.of()), 0);

        assertThat(byTo.stream().filter(e -> e instanceof PlanEvent.Send).count()).isEqualTo(4); // at 1, 101, 201, 301 ms
        assertThat(byDuration.stream().filter(e -> e instanceof PlanEvent.Send).count()).isEqualTo(3); // 101, 201, 301
        assertThat(byTo.get(byTo.size() - 1)).isInstanceOf(PlanEvent.Close.class); // still-open connections are closed
    }

    @Test
    void theMethodFilterDropsRequestsAndTheirProductionResponses() {
        JournalBuilder t = JournalBuilder.create();
        t.open(1, 0);
        t.request(1, 0, 1, "/a");
        t.request(1, 1, 10, "POST", "/a", List.of(new Header("Host", "h")), Body.EMPTY);
        t.close(1, 30);
        Path j = t.write(dir.resolve("j"));

        List<PlanEvent> plan = read(JournalWindow.open(List.of(j), null, null, null, Set.of("get")), 0);

        assertThat(plan).extracting(JournalWindowTest::describe).containsExactly("Open c1", "Send c1 0", "Recorded c1 0", "Close c1");
    }

    @Test
    void sendsCarryTheCapturedRequestWholeAndBaselinesWhatProductionAnswered() {
        Path j = JournalBuilder.create().productionLatency(5).tenant("globex").connection(1, 0, 2, 20).write(dir.resolve("j"));
        List<JournalEvent> captured = new ArrayList<>();
        try (JournalReader r = JournalReader.open(j)) {
            for (JournalEvent e = r.next(); e != null; e = r.next()) {
                captured.add(e);
            }
        }

        List<PlanEvent> plan = read(JournalWindow.open(List.of(j), null, null, null, Set.of()), 0);

        List<PlanEvent.Send> sends = plan.stream().filter(e -> e instanceof PlanEvent.Send).map(e -> (PlanEvent.Send) e).toList();
        assertThat(sends).extracting(PlanEvent.Send::sequence).containsExactly(0L, 1L);
        assertThat(sends).extracting(s -> s.stored().method()).containsOnly("GET");
        assertThat(sends).extracting(PlanEvent.Send::tenant).containsOnly("globex");
        assertThat(sends).extracting(PlanEvent.Send::request)
                .containsExactlyElementsOf(captured.stream().filter(e -> e instanceof RequestEvent).map(e -> (RequestEvent) e).toList());
        // of production's response, what a replay compares with: its front, read without its headers and body
        assertThat(plan.stream().filter(e -> e instanceof PlanEvent.Recorded).map(e -> ((PlanEvent.Recorded) e).stored()))
                .containsExactlyElementsOf(captured.stream().filter(e -> e instanceof ResponseEvent)
                        .map(e -> StoredResponse.of((ResponseEvent) e)).toList());
        assertThat(plan.stream().filter(e -> e instanceof PlanEvent.Recorded).map(e -> (PlanEvent.Recorded) e))
                .extracting(PlanEvent.Recorded::status, PlanEvent.Recorded::durationNanos, PlanEvent.Recorded::bodyLength)
                .containsExactlyElementsOf(captured.stream().filter(e -> e instanceof ResponseEvent).map(e -> (ResponseEvent) e)
                        .map(r -> tuple(r.status(), r.lastByteNanos() - r.firstByteNanos(),
                                r.body().length())).toList());
    }

    @Test
    void onlyTheChosenMethodsAreReplayed() {
        JournalBuilder t = JournalBuilder.create();
        t.open(1, 0);
        t.request(1, 0, 1, "GET", "/a", List.of(new Header("Host", "h")), Body.EMPTY);
        t.request(1, 1, 2, "DELETE", "/a", List.of(new Header("Host", "h")), Body.EMPTY);
        t.close(1, 30);
        Path j = t.write(dir.resolve("j"));

        assertThat(read(JournalWindow.open(List.of(j), null, null, null, Set.of("delete")), 0))
                .extracting(JournalWindowTest::describe).containsExactly("Open c1", "Send c1 1", "Recorded c1 1", "Close c1");
    }

    @Test
    void upgradeRequestsAreNotReplayed() {
        JournalBuilder t = JournalBuilder.create();
        t.open(1, 0);
        t.request(1, 0, 1, "GET", "/ws", List.of(new Header("Host", "h"), new Header("Upgrade", "websocket")), Body.EMPTY);
        t.close(1, 30);
        Path j = t.write(dir.resolve("j"));

        assertThat(read(JournalWindow.open(List.of(j), null, null, null, Set.of()), 0))
                .extracting(JournalWindowTest::describe).containsExactly("Open c1", "Close c1");
    }

    @Test
    void severalJournalsMergeInTimeOrderWithTheirOwnConnectionKeys() {
        Path a = JournalBuilder.create().connection(1, 0, 2, 40).write(dir.resolve("a"));
        Path b = JournalBuilder.create().connection(1, 20, 2, 40).write(dir.resolve("b"));

        List<PlanEvent> plan = read(JournalWindow.open(List.of(a, b), null, null, null, Set.of()), 0);

        assertThat(plan).isSortedAccordingTo((x, y) -> Long.compare(x.captureNanos(), y.captureNanos()));
        assertThat(plan.stream().map(PlanEvent::connection).distinct())
                .containsExactlyInAnyOrder(new ConnectionKey(0, 1, 0), new ConnectionKey(1, 1, 0));
    }

    @Test
    void eachReadIsShiftedAsAsked() {
        Path j = JournalBuilder.create().connection(1, 0, 2, 40).write(dir.resolve("j"));
        JournalWindow w = JournalWindow.open(List.of(j), null, null, null, Set.of());

        List<PlanEvent> plain = read(w, 0);
        List<PlanEvent> shifted = read(w, 5_000 * MS);

        assertThat(shifted).hasSameSizeAs(plain);
        for (int i = 0; i < plain.size(); i++) {
            assertThat(shifted.get(i).captureNanos() - plain.get(i).captureNanos()).isEqualTo(5_000 * MS);
        }
    }

    @Test
    void aLongJournalStreamsThroughAFewOpenConnections() {
        // 2,000 connections one after another, never more than two open: the plan must hold only those.
        JournalBuilder t = JournalBuilder.create();
        for (int c = 0; c < 2000; c++) {
            t.connection(c, c * 100.0, 2, 3);
        }
        Path j = t.write(dir.resolve("j"));
        int open = 0;
        int maxOpen = 0;
        long sends = 0;
        try (PlanSource p = JournalWindow.open(List.of(j), null, null, null, Set.of()).open(0)) {
            for (PlanEvent e = p.next(); e != null; e = p.next()) {
                open += e instanceof PlanEvent.Open ? 1 : e instanceof PlanEvent.Close ? -1 : 0;
                maxOpen = Math.max(maxOpen, open);
                sends += e instanceof PlanEvent.Send ? 1 : 0;
            }
        }
        assertThat(sends).isEqualTo(4000);
        assertThat(maxOpen).isLessThanOrEqualTo(2);
        assertThat(open).isZero();
    }

    @Test
    void timesAreInstantsOrOffsetsFromTheStart() {
        assertThat(TimeSpec.parse("2026-11-23T14:00:01Z").resolve(0)).isEqualTo(JournalBuilder.T0 + 1_000 * MS);
        assertThat(TimeSpec.parse("2026-11-23T15:00:00+01:00").resolve(0)).isEqualTo(JournalBuilder.T0);
        assertThat(TimeSpec.parse("+2d3h").resolve(10)).isEqualTo(10 + (2 * 24 + 3) * 3_600_000 * MS);
        assertThat(DurationText.parseNanos("1h30m")).isEqualTo(90 * 60_000 * MS);
        assertThat(DurationText.parseNanos("250ms")).isEqualTo(250 * MS);
        assertThat(DurationText.parseNanos("1.5s")).isEqualTo(1_500 * MS);
        assertThatThrownBy(() -> DurationText.parseNanos("10")).hasMessageContaining("'10' is not a duration");
        assertThatThrownBy(() -> DurationText.parseNanos("5 parsecs")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> TimeSpec.parse("noon")).hasMessageContaining("is not a time: give ISO-8601");
    }

    @Test
    void anOpenWindowEndsJustAfterTheLastEventFoundThroughTheIndex() {
        // 8 requests 5 s apart: the probe has to step and bisect past its 10 s span to find the end.
        Path j = JournalBuilder.create().productionLatency(3).connection(1, 0, 8, 5_000).write(dir.resolve("j"));
        JournalWindow w = JournalWindow.open(List.of(j), TimeSpec.parse("+2s"), null, null, Set.of());

        long lastEvent = JournalBuilder.T0 + (1 + 7 * 5_000 + 50) * MS; // the close, 50 ms after the last request
        assertThat(w.endNanos()).isEqualTo(lastEvent + 1);
    }

    @Test
    void anEmptyWindowIsRefused() {
        Path j = JournalBuilder.create().connection(1, 0, 2, 40).write(dir.resolve("j"));

        assertThatThrownBy(() -> JournalWindow.open(List.of(j), TimeSpec.parse("+1h"), null, null, Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the window is empty");
        assertThatThrownBy(() -> JournalWindow.open(List.of(j), TimeSpec.parse("+1s"), TimeSpec.parse("+1s"), null, Set.of()))
                .hasMessageContaining("its end is not after its start");
    }
}
