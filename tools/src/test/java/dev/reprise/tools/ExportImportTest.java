package dev.reprise.tools;

import dev.reprise.format.Body;
import dev.reprise.format.CaptureSettings;
import dev.reprise.format.CloseSide;
import dev.reprise.format.ConnectionClosed;
import dev.reprise.format.ConnectionOpened;
import dev.reprise.format.Header;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalHeader;
import dev.reprise.format.JournalReader;
import dev.reprise.format.JournalWriter;
import dev.reprise.format.Outcome;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.format.UpgradeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(90)
class ExportImportTest {
    private static final long T0 = 1_780_000_000_123_456_789L;

    @TempDir
    Path tmp;

    /** Every event type with every field set away from its default, and settings with every list filled. */
    private static final CaptureSettings SETTINGS = new CaptureSettings(4096, true, List.of("authorization", "cookie"),
            List.of("password", "card.number"), 0.25, List.of("skip-path:/health"),
            List.of("header:X-Tenant-Id", "jwt:tenant"));

    private static List<JournalEvent> everyKind() {
        return List.of(
                new ConnectionOpened(7, T0, "[2001:db8::1]:50123", "10.0.0.2:8443"),
                new RequestEvent(7, 0, T0 + 10, T0 + 1_510, "POST", "/orders/1001?expand=items&q=caf\u00e9", "HTTP/1.1",
                        List.of(new Header("Host", "api.example.com"), new Header("Accept", "text/html"),
                                new Header("Accept", "application/json"), new Header("X-Empty", "")),
                        new Body("{\"note\":\"\u00fcber \\\"quoted\\\"\\n\"}".getBytes(StandardCharsets.UTF_8), 9_000),
                        "acme"),
                new ResponseEvent(7, 0, 201, List.of(new Header("Set-Cookie", "a=1"), new Header("Set-Cookie", "b=2")),
                        Body.of(new byte[]{0, 1, 2, (byte) 0xff, (byte) 0x80}), T0 + 2_000, T0 + 3_000, Outcome.COMPLETE),
                new RequestEvent(7, 1, T0 + 4_000, T0 + 4_000, "GET", "/chat", "HTTP/1.0", List.of(), Body.EMPTY,
                        RequestEvent.UNKNOWN_TENANT),
                new ResponseEvent(7, 1, 101, List.of(), Body.EMPTY, T0 + 5_000, T0 + 5_001, Outcome.COMPLETE, 2),
                new UpgradeEvent(7, 1, T0 + 5_002, "websocket"),
                new ResponseEvent(8, 3, 502, List.of(), Body.EMPTY, T0 + 6_000, T0 + 6_001, Outcome.UPSTREAM_RESET),
                new ResponseEvent(8, 4, 0, List.of(), new Body(new byte[0], 77), T0 + 7_000, T0 + 7_000,
                        Outcome.CLIENT_ABORT),
                new ConnectionClosed(8, T0 + 8_000, CloseSide.PROXY),
                new ConnectionClosed(7, T0 + 9_000, CloseSide.UPSTREAM));
    }

    private static List<JournalEvent> read(Path dir) {
        List<JournalEvent> out = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir)) {
            out.add(r.header());
            for (JournalEvent e; (e = r.next()) != null; ) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void everyFieldOfEveryEventTypeSurvivesExportAndImport() throws Exception {
        Path original = tmp.resolve("original");
        try (JournalWriter w = JournalWriter.create(original).writerId("proxy-7").startNanos(T0).settings(SETTINGS)
                .cycleByEventTime().open()) {
            everyKind().forEach(w::append);
        }
        CliRun export = CliRun.run("export", original.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        String[] lines = export.out().split("\n");
        assertThat(lines).hasSize(11).allSatisfy(line -> assertThat(line).startsWith("{\"type\":\"").endsWith("}"));
        assertThat(lines[0]).startsWith("{\"type\":\"header\"").contains("\"writerId\":\"proxy-7\"")
                .contains("\"tenantRules\":[\"header:X-Tenant-Id\",\"jwt:tenant\"]");
        assertThat(lines[3]).contains("\"body\":\"AAEC/4A=\"");

        Path jsonl = tmp.resolve("events.jsonl");
        Files.write(jsonl, export.outBytes());
        Path copy = tmp.resolve("copy");
        CliRun imported = CliRun.run("import", "--journal", copy.toString(), jsonl.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("imported 10 events");

        assertThat(read(copy)).containsExactlyElementsOf(read(original));
        assertThat(((JournalHeader) read(copy).get(0)).settings()).isEqualTo(SETTINGS);
        CliRun again = CliRun.run("export", copy.toString());
        assertThat(again.outBytes()).isEqualTo(export.outBytes());
    }

    @Test
    void aGeneratedJournalRoundTripsByteForByteThroughStandardInput() {
        Path gen = tmp.resolve("gen");
        assertThat(CliRun.run("generate", "--journal", gen.toString(), "--duration", "3m", "--rate", "40",
                "--seed", "9").exitCode()).isZero();
        CliRun first = CliRun.run("export", gen.toString());
        assertThat(first.exitCode()).isZero();
        Path copy = tmp.resolve("copy");
        CliRun imported = CliRun.runWithInput(first.outBytes(), "import", "--journal", copy.toString(), "-");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        CliRun second = CliRun.run("export", copy.toString());
        assertThat(second.outBytes()).hasSizeGreaterThan(100_000).isEqualTo(first.outBytes());
    }

    @Test
    void exportOfAWindowKeepsTheHeaderAndOnlyTheWindowsEvents() {
        Path j = tmp.resolve("j");
        HandBuiltJournal.twoConnections().writerId("proxy-a").write(j);
        CliRun run = CliRun.run("export", "--from", "2026-06-01T10:00:02Z", j.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("{\"type\":\"header\"");
        assertThat(lines).hasSize(1 + 6);
        assertThat(lines[1]).startsWith("{\"type\":\"request\"").contains("\"target\":\"/api/products/9?x=1\"");
    }

    @Test
    void sameSeedGeneratesTheSameJournal() {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        for (Path p : List.of(a, b)) {
            CliRun run = CliRun.run("generate", "--journal", p.toString(), "--duration", "2m", "--rate", "30",
                    "--seed", "42", "--tenants", "12", "--tenant-skew", "0.9");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("wrote " + p + ": ");
        }
        assertThat(CliRun.run("export", a.toString()).outBytes()).isEqualTo(CliRun.run("export", b.toString()).outBytes());
    }

    @Test
    void exportOfSeveralJournalsNamesTheJournalOfEachLineAndImportRefusesIt() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        HandBuiltJournal.twoConnections().writerId("proxy-a").write(a);
        HandBuiltJournal.twoConnections().writerId("proxy-b").write(b);
        CliRun export = CliRun.run("export", a.toString(), b.toString());
        assertThat(export.exitCode()).isZero();
        String[] lines = export.out().split("\n");
        assertThat(lines).hasSize(2 + 28);
        assertThat(lines[0]).contains("\"journal\":0").contains("proxy-a");
        assertThat(lines[1]).contains("\"journal\":1").contains("proxy-b");
        assertThat(lines[2]).contains("\"journal\":0");
        assertThat(lines[3]).contains("\"journal\":1"); // ties keep the order the journals were given
        Path jsonl = tmp.resolve("both.jsonl");
        Files.write(jsonl, export.outBytes());
        CliRun imported = CliRun.run("import", "--journal", tmp.resolve("x").toString(), jsonl.toString());
        assertThat(imported.exitCode()).isEqualTo(1);
        assertThat(imported.err()).isEqualTo("error: " + jsonl + " line 2: a second journal header; import takes the "
                + "export of one journal (export journals one at a time)\n");
        assertThat(tmp.resolve("x")).doesNotExist();
    }
}
