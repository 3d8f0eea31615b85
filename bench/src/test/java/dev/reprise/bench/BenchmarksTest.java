package dev.reprise.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class BenchmarksTest {
    @Test
    void forkedBenchmarkJvmsGetAnExportAndAnOpenFlagForEveryPackageTheRootPomLists() throws Exception {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        List<String> expected = new ArrayList<>();
        for (String pkg : property(pom, "chronicle.exports").split("\\s+")) {
            expected.add("--add-exports=" + pkg + "=ALL-UNNAMED");
        }
        for (String pkg : property(pom, "chronicle.opens").split("\\s+")) {
            expected.add("--add-opens=" + pkg + "=ALL-UNNAMED");
        }

        assertThat(Benchmarks.chronicleFlags()).isNotEmpty().containsExactlyElementsOf(expected);
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</").matcher(pom);
        assertThat(m.find()).as("<%s> in the root pom", name).isTrue();
        return m.group(1).strip();
    }
}
