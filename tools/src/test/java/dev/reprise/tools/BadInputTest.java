package dev.reprise.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class BadInputTest {
    @TempDir
    Path tmp;

    private static void assertOneLineError(CliRun run, int exitCode, String... fragments) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        String firstLine = run.err().lines().findFirst().orElse("");
        assertThat(firstLine).startsWith("error: ").contains(fragments);
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.err().lines().count()).isLessThanOrEqualTo(2); // the error, and for usage errors a hint
    }

    private Path exportOfAJournal() throws Exception {
        Path j = tmp.resolve("j");
        HandBuiltJournal.twoConnections().writerId("proxy-a").write(j);
        Path jsonl = tmp.resolve("events.jsonl");
        Files.write(jsonl, CliRun.run("export", j.toString()).outBytes());
        return jsonl;
    }

    @Test
    void aMissingJournalIsNamed() {
        Path missing = tmp.resolve("nope");
        assertOneLineError(CliRun.run("inspect", missing.toString()), 1, missing.toString(), "no such file");
        assertOneLineError(CliRun.run("export", missing.toString()), 1, missing.toString(), "no such file");
    }

    @Test
    void aDirectoryThatIsNotAJournalIsNamed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("plain"));
        Files.writeString(dir.resolve("notes.txt"), "hello");
        assertOneLineError(CliRun.run("inspect", dir.toString()), 1, dir.toString(), "not a Reprise journal");
    }

    @Test
    void badDurationsRatesAndTimesAreUsageErrors() {
        String j = tmp.resolve("g").toString();
        assertOneLineError(CliRun.run("generate", "--journal", j, "--duration", "7x"), 2, "'7x' is not a duration");
        assertOneLineError(CliRun.run("generate", "--journal", j, "--duration", "10m", "--rate", "-3"), 2, "rate");
        assertOneLineError(CliRun.run("generate", "--journal", j, "--duration", "10m", "--tenants", "0"), 2, "tenants");
        assertOneLineError(CliRun.run("generate", "--journal", j, "--duration", "10m", "--start", "yesterday"), 2,
                "'yesterday' is not a time");
        assertOneLineError(CliRun.run("generate", "--journal", j), 2, "--duration");
        assertOneLineError(CliRun.run("inspect", "--from", "noon", j), 2, "'noon' is not a time");
        assertThat(Path.of(j)).doesNotExist();
    }

    @Test
    void aWindowThatEndsBeforeItStartsIsRefused() throws Exception {
        Path j = tmp.resolve("j");
        HandBuiltJournal.twoConnections().writerId("proxy-a").write(j);
        assertOneLineError(CliRun.run("inspect", "--from", "2026-06-01T11:00Z", "--to", "2026-06-01T10:00Z",
                j.toString()), 2, "--to", "is not after --from");
    }

    @Test
    void malformedLinesAreNamedByNumberAndLeaveNoJournal() throws Exception {
        Path jsonl = exportOfAJournal();
        String[] lines = Files.readString(jsonl).split("\n");
        Path target = tmp.resolve("imported");
        String[][] cases = {
                {"{\"type\":\"opened\",", "malformed JSON"},
                {"{\"type\":\"closed\",\"connectionId\":1,\"timeNanos\":5,\"side\":\"SIDEWAYS\"}", "'side' is 'SIDEWAYS'"},
                {"{\"type\":\"closed\",\"connectionId\":1,\"timeNanos\":5}", "missing field 'side'"},
                {"{\"type\":\"closed\",\"connectionId\":\"1\",\"timeNanos\":5,\"side\":\"CLIENT\"}", "'connectionId' must be a 64-bit integer"},
                {"{\"type\":\"closed\",\"connectionId\":1,\"timeNanos\":5,\"side\":\"CLIENT\",\"extra\":1}", "unknown field 'extra'"},
                {"{\"type\":\"teleport\"}", "unknown event type 'teleport'"},
                {"[1,2]", "not a JSON object"},
                {"{\"type\":\"closed\",\"connectionId\":1,\"timeNanos\":5,\"side\":\"CLIENT\"} {}", "malformed JSON"},
        };
        for (String[] c : cases) {
            StringBuilder file = new StringBuilder(lines[0]).append('\n').append(lines[1]).append('\n')
                    .append(c[0]).append('\n');
            Path bad = tmp.resolve("bad.jsonl");
            Files.writeString(bad, file, StandardCharsets.UTF_8);
            assertOneLineError(CliRun.run("import", "--journal", target.toString(), bad.toString()), 1,
                    bad + " line 3: ", c[1]);
            assertThat(target).doesNotExist();
        }
    }

    @Test
    void importChecksTheHeaderBodiesAndTimeOrder() throws Exception {
        Path jsonl = exportOfAJournal();
        String[] lines = Files.readString(jsonl).split("\n");
        Path target = tmp.resolve("imported");
        Path bad = tmp.resolve("bad.jsonl");

        Files.writeString(bad, lines[1] + "\n");
        assertOneLineError(CliRun.run("import", "--journal", target.toString(), bad.toString()), 1, "line 1",
                "the first line must be the journal header");

        Files.writeString(bad, lines[0].replace("\"formatMajor\":" + dev.reprise.format.FormatVersion.MAJOR, "\"formatMajor\":9") + "\n");
        assertOneLineError(CliRun.run("import", "--journal", target.toString(), bad.toString()), 1, "line 1",
                "format 9." + dev.reprise.format.FormatVersion.MINOR);

        Files.writeString(bad, lines[0] + "\n" + lines[5].replace("\"bodyLength\":100", "\"bodyLength\":3") + "\n");
        assertOneLineError(CliRun.run("import", "--journal", target.toString(), bad.toString()), 1, "line 2",
                "'bodyLength' is 3");

        String aMinuteLater = "{\"type\":\"closed\",\"connectionId\":9,\"timeNanos\":"
                + (HandBuiltJournal.T0 + 60_000_000_000L) + ",\"side\":\"CLIENT\"}";
        Files.writeString(bad, lines[0] + "\n" + aMinuteLater + "\n" + lines[1] + "\n");
        assertOneLineError(CliRun.run("import", "--journal", target.toString(), bad.toString()), 1, "line 3",
                "events must be in time order");

        Files.writeString(bad, "");
        assertOneLineError(CliRun.run("import", "--journal", target.toString(), bad.toString()), 1, "no journal header");
        assertOneLineError(CliRun.run("import", "--journal", target.toString(), tmp.resolve("absent.jsonl").toString()),
                1, "absent.jsonl: no such file");
        assertThat(target).doesNotExist();
    }

    @Test
    void writingIntoANonEmptyDirectoryNeedsForceAndNeverRemovesOtherFiles() throws Exception {
        Path j = tmp.resolve("j");
        String[] generate = {"generate", "--journal", j.toString(), "--duration", "1m", "--rate", "5"};
        assertThat(CliRun.run(generate).exitCode()).isZero();
        assertOneLineError(CliRun.run(generate), 1, j.toString(), "not empty", "--force");

        String[] forced = {"generate", "--journal", j.toString(), "--duration", "1m", "--rate", "5", "--seed", "2",
                "--force"};
        assertThat(CliRun.run(forced).exitCode()).isZero();

        Files.writeString(j.resolve("precious.txt"), "keep me");
        assertOneLineError(CliRun.run(forced), 1, "precious.txt", "not a journal file");
        assertThat(j.resolve("precious.txt")).exists();
    }

    @Test
    void verboseShowsTheStackTrace() {
        CliRun run = CliRun.run("inspect", "--verbose", tmp.resolve("nope").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("\tat ").contains("error: journal");
    }
}
