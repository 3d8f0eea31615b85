package dev.reprise.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.reprise.format.TestJournals.T0;
import static dev.reprise.format.TestJournals.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class JournalRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everyFieldOfEveryEventSurvivesTheRoundTrip() {
        CaptureSettings settings = new CaptureSettings(4096, true, List.of("authorization", "cookie"),
                List.of("password"), 0.25, List.of("skip-path:/health"), List.of("header:X-Tenant-Id"));
        List<JournalEvent> written = List.of(
                SampleEvents.opened(1, T0),
                SampleEvents.request(1, 0, T0 + 10),
                SampleEvents.response(1, 0, T0 + 20),
                new UpgradeEvent(1, 1, T0 + 30, "websocket"),
                SampleEvents.closed(1, T0 + 40),
                new ConnectionClosed(2, T0 + 50, CloseSide.UPSTREAM),
                new ConnectionClosed(2, T0 + 51, CloseSide.PROXY),
                new ResponseEvent(3, 4, 502, List.of(), Body.EMPTY, T0 + 60, T0 + 61, Outcome.UPSTREAM_RESET),
                new ResponseEvent(3, 5, 0, List.of(), Body.EMPTY, T0 + 70, T0 + 71, Outcome.CLIENT_ABORT),
                new ResponseEvent(3, 6, 200, List.of(), Body.EMPTY, T0 + 80, T0 + 81, Outcome.COMPLETE, 1));
        try (JournalWriter w = JournalWriter.create(dir).writerId("proxy-a").startNanos(T0).settings(settings).open()) {
            written.forEach(w::append);
        }
        try (JournalReader r = JournalReader.open(dir)) {
            assertThat(r.header()).isEqualTo(JournalHeader.current("proxy-a", T0, settings));
            assertThat(readAll(r)).containsExactlyElementsOf(written);
        }
    }

    @Test
    void everyOutcomeAndCloseSideSurvives() {
        List<JournalEvent> written = new ArrayList<>();
        long t = T0;
        for (Outcome o : Outcome.values()) {
            written.add(new ResponseEvent(1, o.code(), 504, List.of(), Body.EMPTY, ++t, t, o));
        }
        for (CloseSide side : CloseSide.values()) {
            written.add(new ConnectionClosed(side.code(), ++t, side));
        }
        TestJournals.write(dir, written);
        assertThat(readAll(dir)).containsExactlyElementsOf(written);
    }

    @Test
    void emptyAndHugeHeadersBodiesAndExtremeNumbersSurvive() {
        List<Header> many = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            many.add(new Header("X-Repeated", "value-" + i));
        }
        String longValue = "v".repeat(200_000);
        byte[] bigBody = new byte[3 * 1024 * 1024];
        Arrays.fill(bigBody, (byte) 0xA5);
        List<JournalEvent> written = List.of(
                new RequestEvent(0, 0, T0, T0, "", "", "", List.of(), Body.EMPTY, ""),
                new RequestEvent(Long.MAX_VALUE, Long.MAX_VALUE, T0 + 1, Long.MAX_VALUE, "PATCH", "/x", "HTTP/1.0",
                        many, new Body(bigBody, bigBody.length), "big"),
                new RequestEvent(7, 1, T0 + 2, T0 + 3, "GET", "/", "HTTP/1.1",
                        List.of(new Header("X-Long", longValue), new Header("", "")),
                        new Body(new byte[0], Long.MAX_VALUE), RequestEvent.UNKNOWN_TENANT),
                new ResponseEvent(7, 1, 65_535, many, new Body(bigBody, 1L << 40), T0 + 4, T0 + 5, Outcome.COMPLETE),
                new ConnectionOpened(Long.MAX_VALUE, Long.MIN_VALUE, "[::1]:65535", ""));
        TestJournals.write(dir, written);
        assertThat(readAll(dir)).containsExactlyElementsOf(written);
    }

    @Test
    void unicodeSurvivesInEveryString() {
        String latin1 = "caf\u00e9 \u00fcber \u00ff\u0080";
        String wide = "\u6771\u4eac \u20ac \ud83d\ude80 \u0100";
        CaptureSettings settings = new CaptureSettings(10, false, List.of(wide), List.of(latin1), 1.0,
                List.of(wide + latin1), List.of("\ud83d\ude80"));
        List<JournalEvent> written = List.of(
                new ConnectionOpened(1, T0, wide, latin1),
                new RequestEvent(1, 0, T0 + 1, T0 + 2, latin1, "/" + wide + "?q=" + latin1, wide,
                        List.of(new Header(wide, latin1), new Header(latin1, wide)),
                        Body.of(wide.getBytes(StandardCharsets.UTF_8)), wide),
                new UpgradeEvent(1, 0, T0 + 3, wide));
        try (JournalWriter w = JournalWriter.create(dir).writerId(wide + latin1).startNanos(T0).settings(settings).open()) {
            written.forEach(w::append);
        }
        try (JournalReader r = JournalReader.open(dir)) {
            assertThat(r.header().writerId()).isEqualTo(wide + latin1);
            assertThat(r.header().settings()).isEqualTo(settings);
            assertThat(readAll(r)).containsExactlyElementsOf(written);
        }
    }

    @Test
    void truncatedBodyKeepsItsTrueLengthAndFlag() {
        RequestEvent cut = new RequestEvent(1, 0, T0, T0 + 5, "POST", "/upload", "HTTP/1.1", List.of(),
                new Body(new byte[] {1, 2, 3}, 10_000_000), "acme");
        TestJournals.write(dir, List.of(cut));
        RequestEvent read = (RequestEvent) readAll(dir).get(0);
        assertThat(read.body().truncated()).isTrue();
        assertThat(read.body().length()).isEqualTo(10_000_000);
        assertThat(read.body().bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void refusesEventsTheFormatCannotHoldWithoutWritingAnything() {
        try (JournalWriter w = JournalWriter.create(dir).startNanos(T0).open()) {
            assertThatThrownBy(() -> w.append(new ConnectionClosed(-1, T0, CloseSide.CLIENT)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
            assertThatThrownBy(() -> w.append(new ResponseEvent(1, 0, 70_000, List.of(), Body.EMPTY, T0, T0,
                    Outcome.COMPLETE))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
            assertThatThrownBy(() -> w.append(JournalHeader.current("x", T0, CaptureSettings.synthetic(1))))
                    .isInstanceOf(IllegalArgumentException.class);
            w.append(SampleEvents.closed(1, T0));
        }
        assertThat(readAll(dir)).containsExactly(SampleEvents.closed(1, T0));
    }
}
