package dev.reprise.replay.watch.internal;

import dev.reprise.replay.watch.Series;
import dev.reprise.replay.watch.internal.ExpositionParser.Sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scrapes a Prometheus or OpenMetrics text endpoint, as Prometheus itself would, and picks out the
 * process, JVM and Go runtime series and any selectors asked for. A series exposed with several
 * label sets (the JVM heap's pools) is summed over those that match.
 */
public final class PrometheusSampler implements Sampler {
    /** Largest body read; a metrics page is kilobytes, a runaway one must not take the replayer's memory. */
    static final int MAX_BODY_BYTES = 16 << 20;
    private static final String ACCEPT = "text/plain;version=0.0.4;q=1.0,application/openmetrics-text;version=1.0.0;q=0.5,*/*;q=0.1";

    /** A standard series and the exposed metrics that give it, in order of preference. */
    private record Source(String series, List<Sample> selectors) {
    }

    private static final List<Source> SOURCES = List.of(
            source(Series.MEMORY, "process_resident_memory_bytes"),
            source(Series.CPU, "process_cpu_seconds_total"),
            source(Series.FDS, "process_open_fds"),
            source(Series.THREADS, "jvm_threads_current", "go_threads"),
            source(Series.JVM_HEAP, "jvm_memory_used_bytes{area=\"heap\"}", "jvm_memory_bytes_used{area=\"heap\"}"),
            source(Series.JVM_GC, "jvm_gc_collection_seconds_sum"),
            source(Series.GO_HEAP, "go_memstats_heap_inuse_bytes"),
            source(Series.GO_GOROUTINES, "go_goroutines"),
            source(Series.GO_GC, "go_gc_duration_seconds_sum"));

    private final URI url;
    private final Map<String, Sample> extra;
    private final Duration timeout;
    private final HttpClient client;

    /**
     * @param extra   {@code --watch-metric} selectors by the name they are reported under
     * @param timeout the longest a scrape may take; a slower one counts as failed
     */
    public PrometheusSampler(URI url, Map<String, Sample> extra, Duration timeout) {
        this.url = url;
        this.extra = Map.copyOf(extra);
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Map<String, Double> sample() throws WatchFailure {
        return pick(parse(fetch()));
    }

    /** The standard series and the extra selectors found in one scrape's samples. */
    Map<String, Double> pick(List<Sample> samples) {
        Map<String, Double> r = new LinkedHashMap<>();
        for (Source s : SOURCES) {
            for (Sample selector : s.selectors()) {
                Double v = sum(samples, selector);
                if (v != null) {
                    r.put(s.series(), v);
                    break;
                }
            }
        }
        extra.forEach((name, selector) -> {
            Double v = sum(samples, selector);
            if (v != null) {
                r.put(name, v);
            }
        });
        return r;
    }

    private static Double sum(List<Sample> samples, Sample selector) {
        double total = 0;
        boolean found = false;
        for (Sample s : samples) {
            if (s.name().equals(selector.name()) && s.labels().entrySet().containsAll(selector.labels().entrySet())) {
                total += s.value();
                found = true;
            }
        }
        return found ? total : null;
    }

    private String fetch() throws WatchFailure {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", ACCEPT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new WatchFailure(url + ": no answer within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            throw new WatchFailure(url + ": connection refused");
        } catch (IOException e) {
            throw new WatchFailure(url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WatchFailure(url + ": interrupted");
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new WatchFailure(url + ": HTTP " + response.statusCode());
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.contains("protobuf")) {
                throw new WatchFailure(url + ": answered in protobuf, not the text format");
            }
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new WatchFailure(url + ": the metrics page is larger than " + (MAX_BODY_BYTES >> 20) + " MiB");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WatchFailure(url + ": reading the page failed: " + e.getMessage());
        }
    }

    private static Source source(String series, String... selectors) {
        try {
            List<Sample> parsed = new java.util.ArrayList<>();
            for (String s : selectors) {
                parsed.add(ExpositionParser.parseSelector(s));
            }
            return new Source(series, List.copyOf(parsed));
        } catch (ExpositionParser.FormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parse errors name the endpoint as well as the line. */
    private List<Sample> parse(String body) throws WatchFailure {
        try {
            return ExpositionParser.parse(body);
        } catch (ExpositionParser.FormatException e) {
            throw new WatchFailure(url + ": not the Prometheus text format: " + e.getMessage());
        }
    }
}
