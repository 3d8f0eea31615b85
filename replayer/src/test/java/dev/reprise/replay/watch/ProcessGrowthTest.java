package dev.reprise.replay.watch;

import dev.reprise.replay.report.ResourceReport;
import dev.reprise.replay.report.ResourceReport.MemoryGrowth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The watch on a real child process read through {@code /proc}, whose memory grows at a rate the
 * test sets: the fit must find the rate, and put it down to the right cause.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ProcessGrowthTest {
    private static final double MIB = 1 << 20;
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private static ResourceWatch watch(GrowingChild child) {
        return ResourceWatch.start(new WatchSettings(List.of(new WatchTarget.Pid(child.pid())), List.of(), INTERVAL),
                child.answered::get);
    }

    @Test
    void memoryGrowingOnATimerUnderSteadyTrafficIsFoundAtItsRateAndPutDownToUptime() throws Exception {
        try (GrowingChild child = GrowingChild.start("uptime", "1024", "100")) { // 10 MiB/s
            ResourceWatch watch = watch(child);
            child.drive(50, 8_000);
            ResourceReport.Watched w = watch.stop().watched().get(0);

            MemoryGrowth m = w.memory();
            assertThat(w.failures()).isZero();
            assertThat(m.bytesPerHour() / 3600 / MIB).isCloseTo(10, within(1.0));
            assertThat(m.flagged()).isTrue();
            assertThat(m.trafficSteady()).isTrue();
            assertThat(m.drivenBy()).isEqualTo("uptime");
            assertThat(m.verdict()).startsWith("memory grows with uptime at ").contains("under steady traffic");
        }
    }

    @Test
    void memoryThatKeepsGrowingWhileTrafficPausesIsPutDownToUptimeNotTraffic() throws Exception {
        try (GrowingChild child = GrowingChild.start("uptime", "512", "100")) { // 5 MiB/s
            ResourceWatch watch = watch(child);
            for (int burst = 0; burst < 3; burst++) {
                child.drive(100, 1_500);
                Thread.sleep(1_500);
            }
            ResourceReport.Watched w = watch.stop().watched().get(0);

            MemoryGrowth m = w.memory();
            assertThat(m.bytesPerHour() / 3600 / MIB).isCloseTo(5, within(0.5));
            assertThat(m.trafficSteady()).isFalse();
            assertThat(m.drivenBy()).isEqualTo("uptime");
            assertThat(m.verdict()).contains("not with traffic");
            assertThat(m.rSquaredUptime()).isGreaterThan(m.rSquaredTraffic());
        }
    }

    @Test
    void memoryThatFollowsRequestsIsPutDownToTrafficAtItsCostPerRequest() throws Exception {
        try (GrowingChild child = GrowingChild.start("traffic", "64")) { // 64 KiB per request
            ResourceWatch watch = watch(child);
            for (int burst = 0; burst < 3; burst++) {
                child.drive(100, 1_500);
                Thread.sleep(1_500);
            }
            ResourceReport.Watched w = watch.stop().watched().get(0);

            MemoryGrowth m = w.memory();
            assertThat(child.answered.get()).isEqualTo(3 * 150);
            assertThat(m.bytesPerRequest() / 1024).isCloseTo(64, within(6.4));
            assertThat(m.trafficSteady()).isFalse();
            assertThat(m.drivenBy()).isEqualTo("traffic");
            assertThat(m.verdict()).startsWith("memory grows with traffic at ").contains("not with uptime");
            assertThat(w.cost().memoryBytesPerRequest()).isEqualTo(m.bytesPerRequest());
        }
    }

    @Test
    void readsThreadsCpuAndDescriptorsAndFlagsDescriptorsThatOnlyGrow() throws Exception {
        try (GrowingChild child = GrowingChild.start("fds", "100")) {
            ResourceWatch watch = watch(child);
            child.drive(50, 4_000);
            ResourceReport.Watched w = watch.stop().watched().get(0);

            assertThat(w.series()).containsExactly(Series.MEMORY, Series.CPU, Series.FDS, Series.THREADS);
            assertThat(w.drift(Series.FDS).flagged()).isTrue();
            assertThat(w.drift(Series.FDS).riseOverRun()).isCloseTo(40, within(8.0));
            assertThat(w.timeline()).isNotEmpty();
            assertThat(w.timeline().get(0).levels().get(Series.THREADS)).isGreaterThan(5);
            assertThat(w.cost().cpuMillisPerRequest()).isPositive();
        }
    }

    @Test
    void aProcessThatExitsMidRunIsCountedAsFailedSamplesAndTheWatchGoesOn() throws Exception {
        GrowingChild child = GrowingChild.start("uptime", "64", "100");
        ResourceWatch watch = watch(child);
        Thread.sleep(1_000);
        child.close();
        Thread.sleep(1_000);
        ResourceReport.Watched w = watch.stop().watched().get(0);

        assertThat(w.samples()).isGreaterThanOrEqualTo(4);
        assertThat(w.failures()).isGreaterThanOrEqualTo(3);
        assertThat(w.lastFailure()).isEqualTo("process " + child.pid() + " is gone");
    }
}
