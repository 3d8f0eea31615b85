package dev.reprise.replay.amplify;

import dev.reprise.replay.amplify.internal.ReplicatingSource;
import dev.reprise.replay.plan.PlanEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class ComposedStagesTest {
    @Test
    void everyControlTogetherKeepsTheContract() {
        GeneratedWindow w = new GeneratedWindow(3_000, 5_000_000L, 3, 3_000_000L, i -> "t" + (i % 7));
        List<PlanEvent> plan = Amplified.plan(w, "--loop", "2", "--exclude-tenants", "t6", "--tenant-weight", "t0=3,t1=0.4",
                "--skew", "1.3", "--copies", "2.5", "--copy-tenants", "--spike", "at=+5s,for=3s,x=3",
                "--ramp", "from=1,to=2,over=20s", "--seed", "17");

        PlanContract.check(plan, 3);
        assertThat(Amplified.sendsByTenant(plan).keySet()).noneMatch(t -> t.startsWith("t6"));
    }

    @Test
    void theStateOfAllStagesTogetherStaysBoundedOverALongStream() {
        // 100,000 connections of 3 requests, about 4 open at a time in the capture
        GeneratedWindow w = new GeneratedWindow(100_000, 2_000_000L, 3, 2_000_000L, i -> "t" + (i % 5));
        TenantFilter filter = new TenantFilter(w.open(0), new TenantFilter.Rule(Set.of(), Set.of("t4")));
        TenantWeighting weighting = new TenantWeighting(filter, Map.of("t0", 4.0, "t1", 0.5), 1, 100_000_000L, 3);
        ConnectionCopies copies = new ConnectionCopies(weighting, 3, 100_000_000L, 3, TenantRenaming.REPORT_ONLY);
        TrafficShaping shaping = new TrafficShaping(copies,
                new LoadShape(List.of(new Spike(50_000_000_000L, 60_000_000_000L, 4)), null), GeneratedWindow.START, 100_000_000L, 3);
        List<ReplicatingSource> stages = List.of(filter, weighting, copies, shaping);

        long sends = 0;
        int maxState = 0;
        for (PlanEvent e = shaping.next(); e != null; e = shaping.next()) {
            if (e instanceof PlanEvent.Send) {
                sends++;
            }
            if (sends % 64 == 0) {
                maxState = Math.max(maxState, stages.stream().mapToInt(ReplicatingSource::stateSize).sum());
            }
        }
        shaping.close();

        assertThat(sends).isGreaterThan(800_000L);
        // the jitter spans hold ~50 source connections' replicas; nothing grows with the 200 s stream
        assertThat(maxState).isLessThan(20_000);
    }
}
