package dev.reprise.replay.report.html;

import dev.reprise.replay.report.ReplayReport;
import dev.reprise.testing.HeadlessChromium;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How long the page of a week-long replay (10 M requests, 10,080 minute buckets) takes to render
 * and to open in headless Chromium, against the page of a three-minute replay, in one JMH run.
 * Each measured iteration is one render or one open. "Opened" is from navigation to the page's
 * script having drawn every chart and table, as seen over the DevTools protocol; after each measured
 * open, the page's own clock at that point ({@code reprise.readyMillis}) is printed as
 * {@code drawn after ms BENCHMARK VALUE}. Run by {@code scripts/bench/html-page}; needs chromium.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 5, jvmArgsAppend = "-Xmx2g")
public class HtmlPageBenchmark {

    /** The two replays' reports, and their pages written once. */
    @State(Scope.Benchmark)
    public static class Pages {
        Path dir;
        ReplayReport week;
        Path weekPage;
        Path smallPage;

        @Setup(Level.Trial)
        public void write() throws IOException {
            dir = Files.createTempDirectory("reprise-html-bench-");
            ReplayReport small = SampleReplays.threeMinutes(1.0, "p99>30ms");
            week = SampleReplays.aWeekOfTenMillion(small);
            weekPage = dir.resolve("week.html");
            smallPage = dir.resolve("three-minutes.html");
            ReplayPage.of(week).write(weekPage);
            ReplayPage.of(small).write(smallPage);
            System.out.printf(Locale.ROOT, "week page bytes %d%n", Files.size(weekPage));
            System.out.printf(Locale.ROOT, "three-minute page bytes %d%n", Files.size(smallPage));
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            Files.deleteIfExists(weekPage);
            Files.deleteIfExists(smallPage);
            Files.deleteIfExists(dir);
        }
    }

    /** One browser per fork, its caches warmed once on the small page. */
    @State(Scope.Benchmark)
    public static class Browser {
        HeadlessChromium chromium;

        @Setup(Level.Trial)
        public void start(Pages pages) throws IOException, InterruptedException {
            chromium = HeadlessChromium.start(1280, 900);
            chromium.open(pages.smallPage);
        }

        /** The page's own clock once it had drawn, and no errors logged by it. */
        @TearDown(Level.Iteration)
        public void drawn(BenchmarkParams benchmark, IterationParams iteration) {
            if (!chromium.errors().isEmpty()) {
                throw new IllegalStateException("the page logged errors: " + chromium.errors());
            }
            if (iteration.getType() == IterationType.MEASUREMENT) {
                String name = benchmark.getBenchmark().substring(benchmark.getBenchmark().lastIndexOf('.') + 1);
                System.out.printf(Locale.ROOT, "drawn after ms %s %.1f%n", name, chromium.evaluate("reprise.readyMillis").asDouble());
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            chromium.close();
        }
    }

    @Benchmark
    public void renderWeek(Pages pages) throws IOException {
        ReplayPage.of(pages.week).write(pages.weekPage);
    }

    @Benchmark
    public void openWeek(Browser browser, Pages pages) {
        browser.chromium.open(pages.weekPage);
    }

    @Benchmark
    public void openThreeMinutes(Browser browser, Pages pages) {
        browser.chromium.open(pages.smallPage);
    }
}
