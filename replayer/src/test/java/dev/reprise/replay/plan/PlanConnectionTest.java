package dev.reprise.replay.plan;

import dev.reprise.replay.source.JournalWindow;
import dev.reprise.testing.JournalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PlanConnectionTest {
    private static final PlanConnection.Slot<String> NOTE = PlanConnection.Slot.named("test note");
    private static final PlanConnection.Slot<String> OTHER_NOTE = PlanConnection.Slot.named("another test note");

    @TempDir
    Path dir;

    private static List<PlanEvent> read(PlanSource plan) {
        List<PlanEvent> out = new ArrayList<>();
        try (plan) {
            for (PlanEvent e = plan.next(); e != null; e = plan.next()) {
                out.add(e);
            }
        }
        return out;
    }

    private JournalWindow window(JournalBuilder j) {
        return JournalWindow.open(List.of(j.write(dir.resolve("j"))), null, null, null, Set.of());
    }

    @Test
    void everyEventOfACapturedConnectionCarriesTheSameConnectionAndNoOtherConnectionsEventsDo() {
        JournalBuilder j = JournalBuilder.create();
        j.connection(1, 0, 3, 10);
        j.connection(2, 5, 3, 10); // interleaved with the first
        List<PlanEvent> plan = read(window(j).open(0));

        Map<PlanConnection, Set<ConnectionKey>> keysOf = new IdentityHashMap<>();
        for (PlanEvent e : plan) {
            keysOf.computeIfAbsent(e.planConnection(), c -> new java.util.HashSet<>()).add(e.connection());
        }
        assertThat(keysOf).hasSize(2);
        assertThat(keysOf.values()).containsExactlyInAnyOrder(Set.of(new ConnectionKey(0, 1, 0)), Set.of(new ConnectionKey(0, 2, 0)));
        assertThat(plan).filteredOn(e -> e.connection().connectionId() == 1).hasSize(8); // open, 3 requests, 3 baselines, close
    }

    @Test
    void aConnectionIdTheCaptureReusesAfterClosingItIsANewConnectionWithAnEqualKey() {
        JournalBuilder j = JournalBuilder.create();
        j.open(1, 0).request(1, 0, 5, "/first").close(1, 50);
        j.open(1, 100).request(1, 0, 105, "/second").close(1, 150);
        List<PlanEvent> plan = read(window(j).open(0));

        List<PlanEvent.Send> sends = plan.stream().filter(e -> e instanceof PlanEvent.Send).map(e -> (PlanEvent.Send) e).toList();
        assertThat(sends).hasSize(2);
        assertThat(sends.get(0).connection()).isEqualTo(sends.get(1).connection());
        assertThat(sends.get(0).planConnection()).isNotSameAs(sends.get(1).planConnection());
        PlanEvent firstClose = plan.stream().filter(e -> e instanceof PlanEvent.Close).findFirst().orElseThrow();
        assertThat(firstClose.planConnection()).isSameAs(sends.get(0).planConnection());
    }

    @Test
    void eachReadOfTheWindowMakesItsOwnConnections() {
        JournalBuilder j = JournalBuilder.create();
        j.connection(1, 0, 2, 10);
        JournalWindow window = window(j);

        PlanConnection first = read(window.open(0)).get(0).planConnection();
        PlanConnection second = read(window.open(0)).get(0).planConnection();

        assertThat(second.key()).isEqualTo(first.key());
        assertThat(second).isNotSameAs(first);
    }

    @Test
    void aStageSeesOnlyWhatItSetItselfNotWhatAnotherInstanceOfItSet() {
        PlanConnection c = new PlanConnection(new ConnectionKey(0, 1, 0));
        Object replayA = new Object();
        Object replayB = new Object();

        c.set(NOTE, replayA, "a's");
        assertThat(c.get(NOTE, replayA)).isEqualTo("a's");
        assertThat(c.get(NOTE, replayB)).isNull();

        c.set(NOTE, replayB, "b's");
        assertThat(c.get(NOTE, replayB)).isEqualTo("b's");
        assertThat(c.get(NOTE, replayA)).as("b's value replaced a's, and is not a's").isNull();
    }

    @Test
    void slotsAreIndependentAndClearingForgetsOnlyTheClearingOwnersValue() {
        PlanConnection c = new PlanConnection(new ConnectionKey(0, 1, 0));
        Object stage = new Object();
        Object other = new Object();
        c.set(NOTE, stage, "note");
        c.set(OTHER_NOTE, stage, "other note");

        c.clear(NOTE, other);
        assertThat(c.get(NOTE, stage)).as("cleared by someone else").isEqualTo("note");

        c.clear(NOTE, stage);
        assertThat(c.get(NOTE, stage)).isNull();
        assertThat(c.get(OTHER_NOTE, stage)).isEqualTo("other note");
    }
}
