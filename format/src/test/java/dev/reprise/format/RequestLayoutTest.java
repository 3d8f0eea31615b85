package dev.reprise.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A kept request's layout names the same target, version, headers and body as its decoded form, in either format. */
class RequestLayoutTest {
    private static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir
    Path dir;

    private static List<RequestEvent> requests() {
        return List.of(
                new RequestEvent(1, 0, T0, T0 + 1, "GET", "/v1/items?id=7", "HTTP/1.1",
                        List.of(new Header("Host", "prod"), new Header("Accept", "*/*")), Body.EMPTY, "acme"),
                new RequestEvent(2, 0, T0 + 2, T0 + 3, "POST", "/caf\u00e9/\u20ac", "HTTP/1.0",
                        List.of(new Header("X-Name", "Jos\u00e9"), new Header("\u00e9t\u00e9", "\u20ac"), new Header("X-Empty", "")),
                        Body.of(new byte[]{0, 1, 2, (byte) 255}), ""),
                new RequestEvent(3, 1, T0 + 4, T0 + 5, "PUT", "/d", "HTTP/1.1",
                        List.of(new Header("Content-Length", "10")), new Body(new byte[]{'a', 'b', 'c'}, 10), "t"),
                new RequestEvent(4, 0, T0 + 6, T0 + 7, "GET", "/none", "HTTP/1.1", List.of(), Body.EMPTY, "t"),
                new RequestEvent(5, 0, T0 + 8, T0 + 9, "GET", "/chat", "HTTP/1.1",
                        List.of(new Header("Connection", "upgrade"), new Header("UPGRADE", "websocket")), Body.EMPTY, "t"));
    }

    private List<StoredRequest> keptFrom(boolean format1) {
        Path journal = dir.resolve(format1 ? "one" : "two");
        JournalWriter.Builder b = JournalWriter.create(journal).startNanos(T0).cycleByEventTime();
        if (format1) {
            b.format1();
        }
        try (JournalWriter w = b.open()) {
            requests().forEach(w::append);
        }
        List<StoredRequest> kept = new ArrayList<>();
        try (JournalSet set = JournalSet.open(List.of(journal))) {
            for (EventView v = set.nextView(); v != null; v = set.nextView()) {
                kept.add(v.keepRequest());
            }
        }
        return kept;
    }

    private static String text(byte[] b, int start, int length, boolean utf8) {
        return new String(b, start, length, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    private void laysOutAsDecoded(boolean format1) {
        List<StoredRequest> kept = keptFrom(format1);
        List<RequestEvent> written = requests();
        assertThat(kept).hasSize(written.size());
        RequestLayout layout = new RequestLayout();
        for (int i = 0; i < kept.size(); i++) {
            RequestEvent r = written.get(i);
            assertThat(layout.read(kept.get(i))).isTrue();
            byte[] b = layout.bytes();
            assertThat(text(b, layout.targetStart(), layout.targetLength(), layout.targetUtf8())).isEqualTo(r.target());
            assertThat(text(b, layout.versionStart(), layout.versionLength(), false)).isEqualTo(r.httpVersion());
            List<Header> headers = new ArrayList<>();
            for (int h = 0; h < layout.headerCount(); h++) {
                headers.add(new Header(text(b, layout.nameStart(h), layout.nameLength(h), layout.nameUtf8(h)),
                        text(b, layout.valueStart(h), layout.valueLength(h), layout.valueUtf8(h))));
            }
            assertThat(headers).isEqualTo(r.headers());
            byte[] body = new byte[layout.storedBodyLength()];
            System.arraycopy(b, layout.bodyStart(), body, 0, body.length);
            assertThat(body).isEqualTo(r.body().bytes());
            assertThat(layout.bodyLength()).isEqualTo(r.body().length());
            assertThat(kept.get(i).event()).isEqualTo(r);
        }
    }

    @Test
    void aRequestKeptFromAFormat1JournalLaysOutAsItDecodes() {
        laysOutAsDecoded(true);
    }

    @Test
    void aRequestKeptFromAFormat2JournalLaysOutAsItDecodes() {
        laysOutAsDecoded(false);
    }

    @Test
    void findsAHeaderByNameIgnoringCaseAsEventViewDoes() {
        for (boolean format1 : new boolean[]{true, false}) {
            List<StoredRequest> kept = keptFrom(format1);
            RequestLayout layout = new RequestLayout();
            layout.read(kept.get(0));
            assertThat(layout.hasHeader("host")).isTrue();
            assertThat(layout.hasHeader("ACCEPT")).isTrue();
            assertThat(layout.hasHeader("Accep")).isFalse();
            assertThat(layout.hasHeader("Accepts")).isFalse();
            assertThat(layout.hasHeader("Upgrade")).isFalse();
            layout.read(kept.get(1));
            assertThat(layout.hasHeader("x-empty")).isTrue();
            assertThat(layout.hasHeader("\u00c9T\u00c9")).as("a UTF-8 name, upper-cased").isTrue();
            assertThat(layout.hasHeader("Host")).isFalse();
            layout.read(kept.get(3));
            assertThat(layout.hasHeader("Host")).as("a request without headers").isFalse();
        }
    }

    @Test
    void saysWhetherARequestAsksForAnUpgradeFromItsFlagOrInAnOlderRecordFromItsHeaders() {
        for (boolean format1 : new boolean[]{true, false}) {
            RequestLayout layout = new RequestLayout();
            List<Boolean> upgrades = new ArrayList<>();
            for (StoredRequest r : keptFrom(format1)) {
                layout.read(r);
                assertThat(layout.hasUpgradeHeader()).isEqualTo(layout.hasHeader("Upgrade"));
                upgrades.add(layout.hasUpgradeHeader());
            }
            assertThat(upgrades).as(format1 ? "1.1" : "2.1").containsExactly(false, false, false, false, true);
        }
    }
}
