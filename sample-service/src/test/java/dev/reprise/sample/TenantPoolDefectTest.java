package dev.reprise.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The tenant-pool defect, driven through real sockets: skew saturates it, volume alone does not. */
@Timeout(120)
class TenantPoolDefectTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    SampleService service;

    SampleService start(Defect defect) throws IOException {
        service = SampleService.start(new InetSocketAddress("127.0.0.1", 0), "staging", defect, 2);
        return service;
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    CompletableFuture<Integer> get(String path, String tenant) {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://" + HostPort.format(service.address()) + path))
                .timeout(Duration.ofSeconds(30)).header("X-Tenant-Id", tenant).build();
        return client.sendAsync(r, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    /** Sends all requests at once and counts the statuses each tenant got. */
    Map<String, Map<Integer, Integer>> burst(List<String> tenants) {
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < tenants.size(); i++) {
            futures.add(get("/api/products/" + i, tenants.get(i)));
        }
        Map<String, Map<Integer, Integer>> byTenant = new HashMap<>();
        for (int i = 0; i < tenants.size(); i++) {
            int status = futures.get(i).join();
            byTenant.computeIfAbsent(tenants.get(i), t -> new HashMap<>()).merge(status, 1, Integer::sum);
        }
        return byTenant;
    }

    JsonNode stats() throws IOException {
        return JSON.readTree(service.statsJson());
    }

    @Test
    void aHotTenantFillsItsSlotsAndQueueAndTheRestGet503WhileOthersAreServed() throws Exception {
        // The hold is long so that all of the burst arrives while the first requests still hold their slots.
        start(new Defect.TenantPool(2, 2, 1_500));
        List<String> tenants = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tenants.add("hot");
        }
        tenants.addAll(List.of("calm-1", "calm-2", "calm-1"));
        Map<String, Map<Integer, Integer>> got = burst(tenants);
        assertThat(got.get("hot")).containsEntry(200, 4).containsEntry(503, 8);
        assertThat(got.get("calm-1")).containsOnlyKeys(200);
        assertThat(got.get("calm-2")).containsOnlyKeys(200);
        JsonNode hot = stats().get("tenants").get("hot");
        assertThat(hot.get("rejected").asInt()).isEqualTo(8);
        assertThat(hot.get("maxConcurrency").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(stats().get("tenants").get("calm-1").get("rejected").asInt()).isZero();
    }

    @Test
    void theSameVolumeSpreadOverTenantsIsNeverRefused() throws Exception {
        start(new Defect.TenantPool(2, 2, 1_500));
        List<String> tenants = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            tenants.add("tenant-" + (i % 8));
        }
        Map<String, Map<Integer, Integer>> got = burst(tenants);
        got.forEach((t, statuses) -> assertThat(statuses).as(t).containsOnlyKeys(200));
        assertThat(stats().get("rejected").asInt()).isZero();
    }

    @Test
    void withoutTheDefectNothingIsRefused() throws Exception {
        start(new Defect.None());
        List<String> tenants = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tenants.add("hot");
        }
        assertThat(burst(tenants).get("hot")).containsOnlyKeys(200);
    }

    /**
     * The defaults against the demo's profile, open loop at a fixed rate: 20 Zipf tenants at 60
     * requests/s pass untouched; the top tenant sped up 8.5 times (copies 3, x10, volume kept)
     * is refused while the second tenant at three times its rate is not.
     */
    @Test
    void defaultsPassTheCapturedProfileAndFailTheAmplifiedOne() throws Exception {
        start(Defect.TenantPool.defaults());
        double[] share = zipfShares(20);
        Map<String, Map<Integer, Integer>> plain = drive(60, 3, share, 1.0, 1.0);
        plain.forEach((t, statuses) -> assertThat(statuses).as(t).containsOnlyKeys(200));

        service.close();
        start(Defect.TenantPool.defaults());
        Map<String, Map<Integer, Integer>> amplified = drive(60, 3, share, 8.5, 3.0);
        assertThat(amplified.get("tenant-01").getOrDefault(503, 0)).isPositive();
        assertThat(amplified.get("tenant-02")).containsOnlyKeys(200);
    }

    static double[] zipfShares(int n) {
        double h = 0;
        for (int i = 1; i <= n; i++) {
            h += 1.0 / i;
        }
        double[] s = new double[n];
        for (int i = 1; i <= n; i++) {
            s[i - 1] = 1.0 / i / h;
        }
        return s;
    }

    /**
     * Sends Poisson-timed requests for {@code seconds}: the top tenant at {@code topFactor} times
     * its Zipf share of {@code rate}, the second at {@code secondFactor} times, the others at theirs.
     */
    Map<String, Map<Integer, Integer>> drive(double rate, int seconds, double[] share, double topFactor,
                                             double secondFactor) throws Exception {
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(share.length);
        Map<String, Map<Integer, Integer>> got = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> all = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sent = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            for (int i = 0; i < share.length; i++) {
                double factor = i == 0 ? topFactor : i == 1 ? secondFactor : 1.0;
                double tenantRate = rate * share[i] * factor;
                String tenant = String.format("tenant-%02d", i + 1);
                Random random = new Random(42 + i);
                timer.execute(new Runnable() {
                    @Override
                    public void run() {
                        if (System.nanoTime() > end) {
                            return;
                        }
                        sent.incrementAndGet();
                        all.add(get("/api/products/" + random.nextInt(1000), tenant).thenAccept(status ->
                                got.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>()).merge(status, 1, Integer::sum)));
                        long gap = (long) (-Math.log(1 - random.nextDouble()) / tenantRate * 1e9);
                        timer.schedule(this, gap, TimeUnit.NANOSECONDS);
                    }
                });
            }
            while (System.nanoTime() < end) {
                Thread.sleep(50);
            }
        } finally {
            timer.shutdown();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        }
        List<CompletableFuture<Void>> copy;
        synchronized (all) {
            copy = new ArrayList<>(all);
        }
        CompletableFuture.allOf(copy.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(sent.get()).isPositive();
        return got;
    }
}
