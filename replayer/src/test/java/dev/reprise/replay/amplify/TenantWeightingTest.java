package dev.reprise.replay.amplify;

import dev.reprise.replay.plan.PlanEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(60)
class TenantWeightingTest {
    private static final int CONNECTIONS = 20_000;
    private static final int REQUESTS = 2;

    /** Captured shares: big 50%, mid 30%, small 15%, tiny 5%. */
    private static GeneratedWindow window() {
        return new GeneratedWindow(CONNECTIONS, 1_000_000L, REQUESTS, 1_000_000L, i -> {
            int slot = (int) (i % 20);
            return slot < 10 ? "big" : slot < 16 ? "mid" : slot < 19 ? "small" : "tiny";
        });
    }

    @Test
    void weightsScaleEachTenantsVolumeAndKeepVolumeFalseLetsTheTotalChange() {
        List<PlanEvent> plan = Amplified.plan(window(), "--tenant-weight", "big=0.5,tiny=4", "--keep-volume=false", "--seed", "1");

        PlanContract.check(plan, REQUESTS);
        Map<String, Long> sent = Amplified.sendsByTenant(plan);
        long captured = (long) CONNECTIONS * REQUESTS;
        assertThat(sent.get("big")).isCloseTo((long) (captured * 0.50 * 0.5), within((long) (captured * 0.02)));
        assertThat(sent.get("mid")).isEqualTo((long) (captured * 0.30));
        assertThat(sent.get("small")).isEqualTo((long) (captured * 0.15));
        assertThat(sent.get("tiny")).isEqualTo((long) (captured * 0.05 * 4));
        assertThat(Amplified.sends(plan)).isNotCloseTo(captured, within((long) (captured * 0.05)));
    }

    @Test
    void byDefaultWeightsKeepTheCapturedVolume() {
        List<PlanEvent> plan = Amplified.plan(window(), "--tenant-weight", "big=0.5,tiny=4", "--seed", "1");

        long captured = (long) CONNECTIONS * REQUESTS;
        assertThat(Amplified.sends(plan)).isCloseTo(captured, within((long) (captured * 0.03)));
        Map<String, Double> shares = Amplified.shares(Amplified.sendsByTenant(plan));
        // intended volumes 25 : 30 : 15 : 20
        assertThat(shares.get("big")).isCloseTo(25 / 90.0, within(0.015));
        assertThat(shares.get("mid")).isCloseTo(30 / 90.0, within(0.015));
        assertThat(shares.get("small")).isCloseTo(15 / 90.0, within(0.015));
        assertThat(shares.get("tiny")).isCloseTo(20 / 90.0, within(0.015));
    }

    @Test
    void skewAboveOneConcentratesTrafficOnTheLargestTenants() {
        AmplifySettings options = Amplified.options("--skew", "2", "--seed", "1");
        TenantTally tally = new TenantTally(window());
        List<PlanEvent> plan = GeneratedWindow.drain(AmplifyPipeline.compose(options, tally));

        PlanContract.check(plan, REQUESTS);
        Map<String, Double> shares = Amplified.shares(Amplified.sendsByTenant(plan));
        double sum = 2500 + 900 + 225 + 25;
        assertThat(shares.get("big")).isCloseTo(2500 / sum, within(0.015));
        assertThat(shares.get("mid")).isCloseTo(900 / sum, within(0.015));
        assertThat(shares.get("small")).isCloseTo(225 / sum, within(0.01));
        assertThat(shares.get("tiny")).isCloseTo(25 / sum, within(0.005));
        long captured = (long) CONNECTIONS * REQUESTS;
        assertThat(Amplified.sends(plan)).isCloseTo(captured, within((long) (captured * 0.03)));

        TenantPlan tenants = tally.tenantPlan(options);
        assertThat(tenants.captured()).containsEntry("big", 0.5).containsEntry("tiny", 0.05);
        assertThat(tenants.intended().get("big")).isCloseTo(2500 / sum, within(1e-9));
    }

    @Test
    void skewBelowOneFlattensTheMix() {
        List<PlanEvent> plan = Amplified.plan(window(), "--skew", "0", "--seed", "1");

        Map<String, Double> shares = Amplified.shares(Amplified.sendsByTenant(plan));
        assertThat(shares.values()).allSatisfy(s -> assertThat(s).isCloseTo(0.25, within(0.02)));
    }

    @Test
    void onlyAndExcludeKeepOrDropWholeConnectionsByTenant() {
        List<PlanEvent> only = Amplified.plan(window(), "--only-tenants", "small,tiny");
        List<PlanEvent> excluded = Amplified.plan(window(), "--exclude-tenants", "big");

        PlanContract.check(only, REQUESTS);
        PlanContract.check(excluded, REQUESTS);
        long captured = (long) CONNECTIONS * REQUESTS;
        assertThat(Amplified.sendsByTenant(only)).containsOnlyKeys("small", "tiny")
                .containsEntry("small", (long) (captured * 0.15)).containsEntry("tiny", (long) (captured * 0.05));
        assertThat(Amplified.sendsByTenant(excluded)).containsOnlyKeys("mid", "small", "tiny");
    }

    @Test
    void aWeightBelowOneDropsTheSameConnectionsForTheSameSeed() {
        Set<Long> a = kept(Amplified.plan(window(), "--tenant-weight", "big=0.3", "--keep-volume=false", "--seed", "5"));
        Set<Long> b = kept(Amplified.plan(window(), "--tenant-weight", "big=0.3", "--keep-volume=false", "--seed", "5"));
        Set<Long> c = kept(Amplified.plan(window(), "--tenant-weight", "big=0.3", "--keep-volume=false", "--seed", "6"));

        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat((double) a.size() / (CONNECTIONS / 2)).isCloseTo(0.3, within(0.03));
    }

    private static Set<Long> kept(List<PlanEvent> plan) {
        return plan.stream().filter(e -> e instanceof PlanEvent.Open && e.connection().connectionId() % 20 < 10)
                .map(e -> e.connection().connectionId()).collect(Collectors.toSet());
    }
}
