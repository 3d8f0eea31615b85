package dev.reprise.replay.watch;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.replay.report.ResourceReport;
import dev.reprise.replay.watch.internal.CgroupSampler;
import dev.reprise.replay.watch.internal.ExpositionParser;
import dev.reprise.replay.watch.internal.ProcSampler;
import dev.reprise.replay.watch.internal.PrometheusSampler;
import dev.reprise.replay.watch.internal.ResourceAnalysis;
import dev.reprise.replay.watch.internal.Sample;
import dev.reprise.replay.watch.internal.SampleLog;
import dev.reprise.replay.watch.internal.Sampler;
import dev.reprise.replay.watch.internal.WatchFailure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Watches the target's resources while a replay runs: each watched target is sampled every
 * interval on its own daemon thread, so a slow or hung endpoint delays only its own samples and
 * never the replay. A sample that fails is counted, with its reason, and the watch goes on.
 * {@link #stop()} takes a last sample and returns what was seen.
 */
public final class ResourceWatch implements AutoCloseable {
    /** A scrape slower than this counts as failed, whatever the interval. */
    private static final Duration MAX_SCRAPE_TIME = Duration.ofSeconds(10);
    /** A scrape may take this long even at short intervals: the first one connects, and a JVM target may be warming up. */
    private static final Duration MIN_SCRAPE_TIME = Duration.ofSeconds(1);

    private final WatchSettings settings;
    private final LongSupplier requestsAnswered;
    private final List<Watcher> watchers;
    private final long startNanos;
    private ResourceReport report;

    /** One target's sampler, its samples and its failures. */
    private static final class Watcher {
        final WatchTarget target;
        final Sampler sampler;
        final SampleLog log = new SampleLog();
        final AtomicLong failures = new AtomicLong();
        volatile String lastFailure;
        ScheduledExecutorService thread;

        Watcher(WatchTarget target, Sampler sampler) {
            this.target = target;
            this.sampler = sampler;
        }
    }

    private ResourceWatch(WatchSettings settings, LongSupplier requestsAnswered, List<Watcher> watchers) {
        this.settings = settings;
        this.requestsAnswered = requestsAnswered;
        this.watchers = watchers;
        this.startNanos = System.nanoTime();
    }

    /**
     * Opens every target and starts sampling. A process or cgroup that does not exist is the
     * user's mistake and fails here, before anything is replayed; an endpoint that does not answer
     * may come up later, so it is only counted.
     *
     * @param requestsAnswered requests the target has answered so far; read with every sample
     * @throws InvalidSettingsException when a process or cgroup cannot be read, or a selector is malformed
     */
    public static ResourceWatch start(WatchSettings settings, LongSupplier requestsAnswered) {
        Map<String, ExpositionParser.Sample> selectors = new LinkedHashMap<>();
        for (String m : settings.metrics()) {
            try {
                selectors.put(m.trim(), ExpositionParser.parseSelector(m));
            } catch (ExpositionParser.FormatException e) {
                throw new InvalidSettingsException("--watch-metric '" + m + "': not a metric name or selector ("
                        + e.getMessage().replaceFirst("^line 1: ", "") + ")");
            }
        }
        Duration timeout = settings.interval().compareTo(MIN_SCRAPE_TIME) < 0 ? MIN_SCRAPE_TIME
                : settings.interval().compareTo(MAX_SCRAPE_TIME) > 0 ? MAX_SCRAPE_TIME : settings.interval();
        List<Watcher> watchers = new ArrayList<>();
        for (WatchTarget t : settings.targets()) {
            watchers.add(new Watcher(t, open(t, selectors, timeout)));
        }
        ResourceWatch watch = new ResourceWatch(settings, requestsAnswered, watchers);
        long period = settings.interval().toNanos();
        for (int i = 0; i < watchers.size(); i++) {
            Watcher w = watchers.get(i);
            String name = "reprise-watch-" + (i + 1);
            w.thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread th = new Thread(r, name);
                th.setDaemon(true);
                return th;
            });
            w.thread.scheduleAtFixedRate(() -> watch.sample(w), 0, period, TimeUnit.NANOSECONDS);
        }
        return watch;
    }

    private static Sampler open(WatchTarget t, Map<String, ExpositionParser.Sample> selectors, Duration timeout) {
        if (t instanceof WatchTarget.Prometheus p) {
            return new PrometheusSampler(p.url(), selectors, timeout);
        }
        if (t instanceof WatchTarget.Pid p) {
            ProcSampler s = new ProcSampler(p.pid());
            String why = s.unreadable();
            if (why != null) {
                throw new InvalidSettingsException("--watch " + t.describe() + ": " + why);
            }
            return s;
        }
        WatchTarget.Cgroup c = (WatchTarget.Cgroup) t;
        try {
            return CgroupSampler.open(c.path().toString());
        } catch (WatchFailure e) {
            throw new InvalidSettingsException("--watch " + t.describe() + ": " + e.getMessage());
        }
    }

    /** Never throws: a throwing task would silently end the schedule. */
    private void sample(Watcher w) {
        long requests = requestsAnswered.getAsLong();
        long at = System.nanoTime() - startNanos;
        try {
            Map<String, Double> values = w.sampler.sample();
            w.log.add(new Sample(at, requests, values));
        } catch (WatchFailure e) {
            fail(w, e.getMessage());
        } catch (RuntimeException e) {
            fail(w, e.toString());
        }
    }

    private static void fail(Watcher w, String why) {
        w.failures.incrementAndGet();
        w.lastFailure = why;
    }

    /** Samples that failed so far, over all targets. */
    public long failures() {
        return watchers.stream().mapToLong(w -> w.failures.get()).sum();
    }

    /** Stops sampling after one last sample of each target, and analyses what was seen. Idempotent. */
    public synchronized ResourceReport stop() {
        if (report != null) {
            return report;
        }
        List<ResourceReport.Watched> watched = new ArrayList<>();
        for (Watcher w : watchers) {
            w.thread.shutdown(); // a scrape under way finishes or times out: interrupting it would count a failure
            try {
                w.thread.awaitTermination(MAX_SCRAPE_TIME.toSeconds() + 1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sample(w); // the state the replay left the target in
            w.sampler.close();
            watched.add(ResourceAnalysis.analyse(w.target.describe(), w.log.samples(), w.failures.get(), w.lastFailure,
                    settings.interval().toNanos() / 1e9, settings.metrics().stream().map(String::trim).toList()));
        }
        report = new ResourceReport(settings.interval().toNanos() / 1e9, watched);
        return report;
    }

    @Override
    public void close() {
        stop();
    }
}
