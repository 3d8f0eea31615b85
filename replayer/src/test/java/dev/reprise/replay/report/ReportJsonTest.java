package dev.reprise.replay.report;

import dev.reprise.format.RepriseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.replay.results.CollectorOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class ReportJsonTest {
    @TempDir
    Path dir;

    @Test
    void writesTheDocumentedFieldsAndParsesBackToTheSameReport() throws Exception {
        Path hlog = dir.resolve("run.hlog");
        ReplayReport report = SampleRuns.twoMinutes(hlog, Thresholds.parse("p99>15ms,errors>5%")).report();
        Path out = dir.resolve("reports/out.json");

        ReportJson.write(report, out);
        JsonNode json = new ObjectMapper().readTree(out.toFile());

        assertThat(json.path("format").asText()).isEqualTo("reprise-replay-report/1");
        assertThat(json.at("/run/targets/0").asText()).isEqualTo("http://staging:8080");
        assertThat(json.at("/run/journals/0").asText()).isEqualTo("/data/week.journal");
        assertThat(json.at("/run/from").asText()).isEqualTo("2026-11-30T00:00:00Z");
        assertThat(json.at("/run/speed").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/run/controls/copies").asDouble()).isEqualTo(2.5);
        assertThat(json.at("/run/startedAt").asText()).isEqualTo("2027-01-15T08:00:00Z");
        assertThat(json.at("/run/durationSeconds").asDouble()).isEqualTo(120.0);
        assertThat(json.at("/totals/requests").asLong()).isEqualTo(1000);
        assertThat(json.at("/totals/errors").asLong()).isEqualTo(10);
        assertThat(json.at("/totals/errorsByKind/RESET").asLong()).isEqualTo(10);
        assertThat(json.at("/latency/fromIntended/p99Micros").asLong()).isBetween(20_900L, 21_100L);
        assertThat(json.at("/latency/fromSend/p50Micros").isNumber()).isTrue();
        assertThat(json.at("/latency/sendLag/p99Micros").asLong()).isBetween(999L, 1_001L);
        assertThat(json.at("/latency/production/count").asLong()).isEqualTo(990);
        assertThat(json.at("/keepingUp/replayerBehind").asBoolean()).isFalse();
        assertThat(json.at("/keepingUp/verdict").asText()).startsWith("The replayer kept up");
        assertThat(json.at("/statusClasses/0/statusClass").asText()).isEqualTo("2xx");
        assertThat(json.at("/tracking/maxEndpoints").asInt()).isEqualTo(CollectorOptions.DEFAULT_MAX_ENDPOINTS);
        assertThat(json.at("/endpoints/0/key").asText()).isEqualTo("GET /items/{id}");
        assertThat(json.at("/endpoints/0/ratio/p99").asDouble()).isBetween(1.99, 2.01);
        assertThat(json.at("/endpoints/0/production/p50Micros").asLong()).isBetween(9_990L, 10_010L);
        assertThat(json.at("/tenants/0/key").asText()).isEqualTo("acme");
        assertThat(json.at("/statusDivergence/compared").asLong()).isEqualTo(1000);
        assertThat(json.at("/statusDivergence/kinds/0/kind").asText()).isEqualTo("200→500");
        assertThat(json.at("/statusDivergence/kinds/0/count").asLong()).isEqualTo(20);
        assertThat(json.at("/statusDivergence/kinds/0/examples/0").asText()).isEqualTo("/items/0");
        assertThat(json.at("/timeline/minutes")).hasSize(2);
        assertThat(json.at("/timeline/minutes/0/requests").asLong()).isEqualTo(500);
        assertThat(json.at("/timeline/p99/verdict").asText()).isEqualTo("not-enough-minutes");
        assertThat(json.at("/timeline/errorRate/minMinutes").asInt()).isEqualTo(10);
        assertThat(json.at("/tenantShares/0/tenant").asText()).isEqualTo("acme");
        assertThat(json.at("/tenantShares/0/intendedShare").asDouble()).isEqualTo(0.8);
        assertThat(json.at("/tenantShares/0/sentShare").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/thresholds/0/expression").asText()).isEqualTo("p99>15ms");
        assertThat(json.at("/thresholds/0/crossed").asBoolean()).isTrue();
        assertThat(json.at("/thresholds/1/crossed").asBoolean()).isFalse();
        assertThat(json.at("/hlog").asText()).isEqualTo(hlog.toString());
        assertThat(json.has("anyThresholdCrossed")).isFalse();

        ReplayReport back = ReportJson.read(out);
        assertThat(back).isEqualTo(report);
        assertThat(back.anyThresholdCrossed()).isTrue();
        assertThat(dir.resolve("reports")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void keepsControlsJsonCannotHoldAsText() {
        java.util.Map<String, Object> controls = new java.util.LinkedHashMap<>();
        controls.put("from", java.time.Instant.parse("2026-11-30T00:00:00Z"));
        controls.put("loopUntil", java.time.Duration.ofHours(2));
        controls.put("tenantWeight", java.util.Map.of("acme", 10));
        controls.put("onlyTenants", java.util.Arrays.asList("acme", null));
        controls.put("keepVolume", false);
        RunInfo run = SampleRuns.runInfo().withControls(controls);

        assertThat(run.controls()).containsEntry("from", "2026-11-30T00:00:00Z").containsEntry("loopUntil", "PT2H")
                .containsEntry("tenantWeight", java.util.Map.of("acme", 10)).containsEntry("keepVolume", false);
        assertThat(run.controls().get("onlyTenants")).isEqualTo(java.util.Arrays.asList("acme", null));
        assertThat(java.util.List.copyOf(run.controls().keySet())).containsExactly("from", "loopUntil", "tenantWeight",
                "onlyTenants", "keepVolume");
    }

    @Test
    void failsWithOneLineNamingTheFileWhenTheReportCannotBeWritten() throws Exception {
        ReplayReport report = SampleRuns.twoMinutes(null, null).report();
        Path blocker = Files.writeString(dir.resolve("blocker"), "x");

        assertThatThrownBy(() -> ReportJson.write(report, blocker.resolve("out.json")))
                .isInstanceOf(RepriseException.class)
                .hasMessageStartingWith("cannot write the report " + blocker.resolve("out.json"));
    }

    @Test
    void rejectsAFileThatIsNotAReport() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"format\": [1,");

        assertThatThrownBy(() -> ReportJson.read(bad)).isInstanceOf(RepriseException.class)
                .hasMessageStartingWith("cannot read the report " + bad);
    }
}
