package dev.reprise.replay.report;

import dev.reprise.replay.results.CollectorOptions;
import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.results.ResultCollector;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.reprise.replay.results.Exchanges.T0;
import static dev.reprise.replay.results.Exchanges.exchange;

/** Finished runs with known figures, for the report tests. */
public final class SampleRuns {
    static final long EPOCH = 1_800_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    private SampleRuns() {
    }

    static RunInfo runInfo() {
        Map<String, Object> controls = new LinkedHashMap<>();
        controls.put("copies", 2.5);
        controls.put("seed", 42);
        controls.put("spike", "at=+10m,for=30s,x=5");
        return RunInfo.of(List.of("http://staging:8080"), List.of("/data/week.journal"), 1.0)
                .withWindow(Instant.parse("2026-11-30T00:00:00Z"), Instant.parse("2026-11-30T01:00:00Z"))
                .withControls(controls)
                .withShares(Map.of("acme", 0.6, "beta", 0.4), Map.of("acme", 0.8, "beta", 0.2));
    }

    /**
     * 1,000 requests over two minutes: acme's GET /items/{id} at 20ms against production's 10ms,
     * beta's POST /orders at 5ms like production; 10 resets; 20 answered 500 where production said 200;
     * send lag 1ms.
     */
    public static ReportAndCollector twoMinutes(Path hlog, Thresholds thresholds) {
        ResultCollector c = new ResultCollector(hlog == null ? CollectorOptions.defaults() : CollectorOptions.defaults().withHlog(hlog));
        c.begin(T0, EPOCH);
        for (int m = 0; m < 2; m++) {
            for (int i = 0; i < 500; i++) {
                int n = m * 500 + i;
                if (n % 2 == 0) {
                    c.onResult(exchange().tenant("acme").endpoint("GET /items/{id}").target("/items/" + n)
                            .lag(1_000).service(20_000).recorded(200, 10_000).status(n % 50 == 0 ? 500 : 200).build());
                } else if (n % 100 == 1) {
                    c.onResult(exchange().tenant("beta").endpoint("POST /orders").target("/orders")
                            .lag(1_000).recorded(201, 5_000).failed(ErrorKind.RESET).build());
                } else {
                    c.onResult(exchange().tenant("beta").endpoint("POST /orders").target("/orders")
                            .lag(1_000).service(5_000).recorded(201, 5_000).status(201).build());
                }
            }
            c.tick(T0 + (m + 1) * 60 * SECOND);
        }
        c.finish(T0 + 120 * SECOND, EPOCH + 120_000);
        return new ReportAndCollector(c.report(runInfo(), thresholds), c);
    }

    public record ReportAndCollector(ReplayReport report, ResultCollector collector) {
    }
}
