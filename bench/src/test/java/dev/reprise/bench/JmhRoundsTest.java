package dev.reprise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JmhRoundsTest {
    /** Two benchmarks of three forks, two measured iterations each, as JMH writes them with -rf json. */
    private static final String RESULTS = """
            [ {"benchmark": "dev.reprise.format.CodecBenchmark.appendJournal", "mode": "thrpt",
               "primaryMetric": {"score": 2.0, "scoreUnit": "ops/us", "rawData": [[1.0, 3.0], [4.0, 4.0], [1.0, 1.0]]},
               "secondaryMetrics": {"\u00b7gc.alloc.rate.norm": {"score": 0.5, "scoreUnit": "B/op",
                                    "rawData": [[0.0, 0.0], [1.0, 1.0], [2.0, 4.0]]}}},
              {"benchmark": "dev.reprise.format.CodecBenchmark.appendRaw", "mode": "thrpt",
               "primaryMetric": {"score": 4.0, "scoreUnit": "ops/us", "rawData": [[4.0, 4.0], [8.0, 8.0], [2.0, 2.0]]},
               "secondaryMetrics": {}} ]
            """;

    @Test
    void eachForkIsARoundScoredByTheMeanOfItsIterations() throws Exception {
        List<String> lines = JmhRounds.lines(results(), List.of());

        // forks: (1+3)/2 = 2, 4, 1 -> median 2, min 1, max 4
        assertThat(lines).containsExactly(
                "appendJournal median 2.00000 min 1.00000 max 4.00000 forks 3 unit ops/us",
                "appendJournal:gc.alloc.rate.norm median 1.00000 min 0.00000 max 3.00000 forks 3 unit B/op",
                "appendRaw median 4.00000 min 2.00000 max 8.00000 forks 3 unit ops/us");
    }

    @Test
    void aRatioIsTakenForkByForkAndSummedUpAsMedianMinAndMax() throws Exception {
        List<String> lines = JmhRounds.lines(results(), List.of("appendJournal/appendRaw"));

        // 2/4, 4/8, 1/2: every fork's ratio is 0.5, though the medians' ratio would be the same by chance only
        assertThat(lines).last().isEqualTo("appendJournal/appendRaw median 0.500000 min 0.500000 max 0.500000 forks 3 unit ratio");
    }

    @Test
    void aRatioOfABenchmarkThatDidNotRunIsAnErrorNamingIt() throws Exception {
        assertThatThrownBy(() -> JmhRounds.lines(results(), List.of("readJournal/readRaw")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("readJournal/readRaw")
                .hasMessageContaining("appendRaw");
    }

    private static JsonNode results() throws Exception {
        return new ObjectMapper().readTree(RESULTS);
    }
}
