package dev.reprise.replay.cli;

import dev.reprise.replay.report.ReportJson;
import dev.reprise.testing.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCommandTest {
    @TempDir
    Path dir;

    private static final String ANY_REPORT_FIELDS = """
            {"format":"reprise-replay-report/1","run":{},"latency":{},"keepingUp":{},"statusClasses":[],
             "tracking":{},"endpoints":[],"tenants":[],"statusDivergence":{},"timeline":{},"thresholds":[]}""";

    private CommandRun report(String... args) {
        return CommandRun.of(new ReportCommand(), args);
    }

    private static void oneLineError(CommandRun run, int exit, String message) {
        assertThat(run.exitCode()).isEqualTo(exit);
        // One line saying what is wrong; a usage error adds the runner's "try: … --help" hint.
        assertThat(run.err().lines().findFirst().orElse("")).contains(message);
        assertThat(run.err().lines().skip(1)).allMatch(l -> l.startsWith("try: "));
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void refusesAMissingReportInOneLine() {
        oneLineError(report(dir.resolve("none.json").toString(), "--html", dir.resolve("x.html").toString()), 1,
                "none.json: no such file");
        assertThat(dir.resolve("x.html")).doesNotExist();
    }

    @Test
    void refusesAFileThatIsNotJson() throws Exception {
        Path f = Files.writeString(dir.resolve("run.json"), "<html>not a report</html>");
        oneLineError(report(f.toString(), "--html", dir.resolve("x.html").toString()), 1, "run.json: not JSON (line 1)");
    }

    @Test
    void refusesJsonThatIsNotAReplayReport() throws Exception {
        Path f = Files.writeString(dir.resolve("profile.json"), "{\"format\":\"reprise-profile/1\"}");
        oneLineError(report(f.toString(), "--html", dir.resolve("x.html").toString()), 1,
                "not a replay report (its format is \"reprise-profile/1\"");
    }

    @Test
    void refusesAReportCutShortNamingWhatIsMissing() throws Exception {
        Path f = Files.writeString(dir.resolve("cut.json"), ANY_REPORT_FIELDS);
        oneLineError(report(f.toString(), "--html", dir.resolve("x.html").toString()), 1, "has no \"totals\"");
        assertThat(dir.resolve("x.html")).doesNotExist();
    }

    @Test
    void refusesAnHtmlPathInAFolderThatDoesNotExistBeforeReadingAnything() throws Exception {
        Path f = Files.writeString(dir.resolve("cut.json"), ANY_REPORT_FIELDS);
        oneLineError(report(f.toString(), "--html", dir.resolve("no/such/folder/x.html").toString()), 2,
                "the folder " + dir.resolve("no/such/folder") + " does not exist");
        oneLineError(report(f.toString(), "--html", dir.toString()), 2, "is a folder; give a file name");
    }

    @Test
    void printsTheSummaryOfASavedReportWithoutHtml() throws Exception {
        Path f = dir.resolve("run.json");
        ReportJson.write(dev.reprise.replay.report.html.SampleReplaysAccess.threeMinutes(), f);

        CommandRun run = report(f.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("requests").contains("3,600");
    }

    @Test
    void writesTheHtmlPageAndSaysWhere() throws Exception {
        Path f = dir.resolve("run.json");
        ReportJson.write(dev.reprise.replay.report.html.SampleReplaysAccess.threeMinutes(), f);
        Path html = dir.resolve("run.html");

        CommandRun run = report(f.toString(), "--html", html.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("wrote " + html);
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("\"kind\":\"replay\"");
    }
}
