package dev.reprise.replay.report.html;

import dev.reprise.replay.report.ReplayReport;
import dev.reprise.testing.HeadlessChromium;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * How long the page of a week-long replay (10 M requests, 10,080 minute buckets) takes to render
 * and to open in headless Chromium, against the page of a three-minute replay opened in the same
 * rounds. Run by {@code scripts/bench/html-page}.
 */
public final class HtmlPageBenchmark {
    private HtmlPageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        Path dir = Files.createTempDirectory("reprise-html-bench-");
        ReplayReport small = SampleReplays.threeMinutes(1.0, "p99>30ms");
        ReplayReport week = SampleReplays.aWeekOfTenMillion(small);
        Path weekPage = dir.resolve("week.html");
        Path smallPage = dir.resolve("three-minutes.html");
        List<Double> render = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long t = System.nanoTime();
            ReplayPage.of(week).write(weekPage);
            render.add((System.nanoTime() - t) / 1e6);
        }
        ReplayPage.of(small).write(smallPage);
        System.out.printf(Locale.ROOT, "week page bytes %d%n", Files.size(weekPage));
        System.out.printf(Locale.ROOT, "three-minute page bytes %d%n", Files.size(smallPage));
        List<Double> openWeek = new ArrayList<>();
        List<Double> drawnWeek = new ArrayList<>();
        List<Double> openSmall = new ArrayList<>();
        try (HeadlessChromium chromium = HeadlessChromium.start(1280, 900)) {
            chromium.open(smallPage); // warm the browser's caches once, for both
            for (int r = 0; r < rounds; r++) {
                long t = System.nanoTime();
                chromium.open(weekPage);
                openWeek.add((System.nanoTime() - t) / 1e6);
                drawnWeek.add(chromium.evaluate("reprise.readyMillis").asDouble());
                if (!chromium.errors().isEmpty()) {
                    throw new IllegalStateException("the week page logged errors: " + chromium.errors());
                }
                t = System.nanoTime();
                chromium.open(smallPage);
                openSmall.add((System.nanoTime() - t) / 1e6);
            }
        }
        print("render week ms", render);
        print("open week ms", openWeek);
        print("week drawn after ms", drawnWeek);
        print("open three-minute ms", openSmall);
    }

    private static void print(String what, List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        double median = v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
        System.out.printf(Locale.ROOT, "%-22s median %8.1f  min %8.1f  max %8.1f%n", what, median, v.get(0), v.get(v.size() - 1));
    }
}
