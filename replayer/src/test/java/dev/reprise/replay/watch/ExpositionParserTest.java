package dev.reprise.replay.watch;

import dev.reprise.replay.watch.internal.ExpositionParser;
import dev.reprise.replay.watch.internal.ExpositionParser.FormatException;
import dev.reprise.replay.watch.internal.ExpositionParser.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpositionParserTest {
    @Test
    void readsThePrometheusTextFormatWithLabelsEscapesSpecialValuesAndTimestamps() throws Exception {
        List<Sample> samples = ExpositionParser.parse("""
                # HELP process_resident_memory_bytes Resident memory size in bytes.
                # TYPE process_resident_memory_bytes gauge
                process_resident_memory_bytes 1.06913792E8
                jvm_memory_used_bytes{area="heap"} 2.0563456E7
                http_requests_total{method="post",path="/a\\"b\\\\c\\nd",} 1027 1395066363000
                weird_value{le="+Inf"} +Inf
                negative -Inf
                not_a_number NaN

                go_gc_duration_seconds{quantile="0.5"} 1.5e-05
                """);

        assertThat(samples).hasSize(7);
        assertThat(samples.get(0)).isEqualTo(new Sample("process_resident_memory_bytes", Map.of(), 1.06913792E8));
        assertThat(samples.get(1).labels()).containsEntry("area", "heap");
        assertThat(samples.get(2).labels()).containsEntry("method", "post").containsEntry("path", "/a\"b\\c\nd");
        assertThat(samples.get(2).value()).isEqualTo(1027);
        assertThat(samples.get(3).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(samples.get(4).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(samples.get(5).value()).isNaN();
        assertThat(samples.get(6).value()).isEqualTo(1.5e-5);
    }

    @Test
    void readsOpenMetricsWithExemplarsAndStopsAtEof() throws Exception {
        List<Sample> samples = ExpositionParser.parse("""
                # TYPE process_cpu_seconds counter
                # UNIT process_cpu_seconds seconds
                process_cpu_seconds_total 4.2
                http_request_duration_seconds_bucket{le="0.5"} 129 # {trace_id="abc"} 0.3 1520879607.789
                # EOF
                """);

        assertThat(samples).extracting(Sample::name).containsExactly("process_cpu_seconds_total", "http_request_duration_seconds_bucket");
        assertThat(samples.get(1).value()).isEqualTo(129);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("ok 1\nbad{a=\"b\" 1", "line 2: expected ',' or '}' in the label set"),
                Arguments.of("ok 1\nno_value", "line 2: expected a space and a value after no_value"),
                Arguments.of("x 12abc", "line 1: '12abc' is not a number (value)"),
                Arguments.of("x 0x1F", "line 1: '0x1F' is not a number (value)"),
                Arguments.of("x Infinity", "line 1: 'Infinity' is not a number (value)"),
                Arguments.of("x{a=\"1\",a=\"2\"} 1", "line 1: label a given twice"),
                Arguments.of("x{a=\"\\q\"} 1", "line 1: unknown escape \\q in a label value"),
                Arguments.of("x{a=\"open} 1", "line 1: unterminated label value"),
                Arguments.of("1x 1", "line 1: '1' cannot start a metric name"),
                Arguments.of("x 1 2 3", "line 1: unexpected '3' after the value of x"),
                Arguments.of("<html><body>", "line 1: '<' cannot start a metric name"),
                Arguments.of("x 1\n# EOF\ny 2", "line 3: content after # EOF"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void rejectsTheFirstMalformedLineByNumber(String body, String message) {
        assertThatThrownBy(() -> ExpositionParser.parse(body))
                .isInstanceOf(FormatException.class).hasMessage(message);
    }

    @Test
    void readsASelectorWithTheSameGrammarAsASample() throws Exception {
        assertThat(ExpositionParser.parseSelector("jvm_memory_used_bytes{area=\"nonheap\"}"))
                .extracting(Sample::name, Sample::labels).containsExactly("jvm_memory_used_bytes", Map.of("area", "nonheap"));
        assertThat(ExpositionParser.parseSelector("go_goroutines").labels()).isEmpty();
        assertThatThrownBy(() -> ExpositionParser.parseSelector("rss bytes")).isInstanceOf(FormatException.class);
    }
}
