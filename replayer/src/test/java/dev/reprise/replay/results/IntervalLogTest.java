package dev.reprise.replay.results;

import dev.reprise.replay.report.ErrorKind;
import dev.reprise.format.RepriseException;
import dev.reprise.replay.report.RunInfo;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.reprise.replay.results.Exchanges.T0;
import static dev.reprise.replay.results.Exchanges.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@Timeout(30)
class IntervalLogTest {
    private static final long EPOCH = 1_800_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void writesOneSecondIntervalsThatHdrHistogramsReaderReadsBackWithTenantTags() throws Exception {
        Path hlog = dir.resolve("run.hlog");
        ResultCollector c = new ResultCollector(CollectorOptions.defaults().withHlog(hlog));
        c.begin(T0, EPOCH);
        for (int i = 0; i < 30; i++) {
            c.onResult(exchange().tenant("acme").service(2_000).build());
        }
        for (int i = 0; i < 10; i++) {
            c.onResult(exchange().tenant("big co,inc").service(8_000).build());
        }
        c.tick(T0 + SECOND);
        for (int i = 0; i < 5; i++) {
            c.onResult(exchange().tenant("acme").service(4_000).build());
        }
        c.onResult(exchange().tenant("acme").failed(ErrorKind.RESET).build());
        c.finish(T0 + 2500 * 1_000_000L, EPOCH + 2500);

        List<EncodableHistogram> read = new ArrayList<>();
        try (HistogramLogReader reader = new HistogramLogReader(hlog.toFile())) {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                read.add(h);
            }
            assertThat(reader.getStartTimeSec()).isCloseTo(EPOCH / 1000.0, within(0.001));
        }
        List<Histogram> overall = read.stream().filter(h -> h.getTag() == null).map(h -> (Histogram) h).toList();
        Map<String, Long> perTag = new HashMap<>();
        read.stream().filter(h -> h.getTag() != null)
                .forEach(h -> perTag.merge(h.getTag(), ((Histogram) h).getTotalCount(), Long::sum));

        assertThat(overall).hasSize(2);
        assertThat(overall).extracting(Histogram::getTotalCount).containsExactly(40L, 5L);
        assertThat(overall.get(0).getStartTimeStamp()).isEqualTo(EPOCH);
        assertThat(overall.get(0).getEndTimeStamp()).isEqualTo(EPOCH + 1000);
        assertThat(overall.get(1).getEndTimeStamp()).isEqualTo(EPOCH + 2500);
        assertThat(overall.get(1).getMaxValue()).isCloseTo(4_000L, within(5L));
        assertThat(perTag).containsOnly(Map.entry("acme", 35L), Map.entry("big_co_inc", 10L));
        assertThat(Files.readString(hlog)).contains("#[Histogram log format version").contains("Tag=acme,");
    }

    @Test
    void hdrHistogramsLogProcessorSummarisesTheLogPerTenant() throws Exception {
        Path hlog = dir.resolve("run.hlog");
        ResultCollector c = new ResultCollector(CollectorOptions.defaults().withHlog(hlog));
        c.begin(T0, EPOCH);
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 100; i++) {
                c.onResult(exchange().tenant("acme").service(1_000 + i * 10).build());
                c.onResult(exchange().tenant("beta").service(50_000).build());
            }
            c.tick(T0 + (s + 1) * SECOND);
        }
        c.finish(T0 + 3 * SECOND, EPOCH + 3000);

        Path out = dir.resolve("acme");
        new org.HdrHistogram.HistogramLogProcessor(new String[]{"-i", hlog.toString(), "-o", out.toString(),
                "-tag", "acme", "-outputValueUnitRatio", "1000"}).run();
        String summary = Files.readString(dir.resolve("acme.hgrm"));

        // The processor prints milliseconds; acme's 300 responses took 1.0 to 1.99 ms.
        assertThat(summary).containsPattern("#\\[Max +=\\s+1\\.99\\d?, Total count +=\\s+300\\]");
    }

    @Test
    void failsClearlyWhenTheLogCannotBeWritten() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        ResultCollector c = new ResultCollector(CollectorOptions.defaults().withHlog(notADir.resolve("run.hlog")));

        assertThatThrownBy(() -> c.begin(T0, EPOCH)).isInstanceOf(RepriseException.class)
                .hasMessageStartingWith("cannot write the interval log " + notADir.resolve("run.hlog") + ": ");
    }

    @Test
    void reportsAFailedLogAsAWarningAndStillReports() {
        Path full = Path.of("/dev/full");
        assertThat(Files.isWritable(full)).as("this test writes to /dev/full, which every Linux has").isTrue();
        ResultCollector c = new ResultCollector(CollectorOptions.defaults().withHlog(full));
        c.begin(T0, EPOCH);
        for (int i = 0; i < 1000; i++) {
            c.onResult(exchange().tenant("t" + i).build());
        }
        c.tick(T0 + SECOND);
        c.finish(T0 + 2 * SECOND, EPOCH + 2000);

        var report = c.report(RunInfo.of(List.of(), List.of(), 1.0));
        assertThat(report.warnings()).singleElement().asString()
                .startsWith("writing the interval log /dev/full failed");
        assertThat(report.totals().requests()).isEqualTo(1000);
    }

    @Test
    void reportsWhereTheLogWasWritten() {
        Path hlog = dir.resolve("out/run.hlog");
        ResultCollector c = new ResultCollector(CollectorOptions.defaults().withHlog(hlog));
        c.begin(T0, EPOCH);
        c.finish(T0 + SECOND, EPOCH + 1000);

        assertThat(c.report(RunInfo.of(List.of(), List.of(), 1.0)).hlog()).isEqualTo(hlog.toString());
        assertThat(hlog).exists();
    }
}
