package dev.reprise.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;


import static dev.reprise.format.TestJournals.T0;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class FormatVersionTest {
    private static final long AT_MILLIS = T0 / 1_000_000L;

    @TempDir
    Path dir;

    @Test
    void goldenJournalWrittenByFormat10StillReads() throws IOException {
        GoldenJournal.unpack(dir);
        try (JournalReader r = JournalReader.open(dir)) {
            assertThat(r.header()).isEqualTo(GoldenJournal.header());
            assertThat(TestJournals.readAll(r)).containsExactlyElementsOf(GoldenJournal.events());
        }
        try (JournalReader r = JournalReader.open(dir)) {
            r.seek(GoldenJournal.T0 + 3_600_000_000_000L);
            assertThat(r.next()).isEqualTo(GoldenJournal.events().get(6));
        }
    }

    @Test
    void goldenJournalWrittenByFormat11StillReadsWithItsRetryCounts() throws IOException {
        GoldenJournal.unpack(dir, GoldenJournal11.RESOURCE);
        try (JournalReader r = JournalReader.open(dir)) {
            assertThat(r.header()).isEqualTo(GoldenJournal11.header());
            assertThat(TestJournals.readAll(r)).containsExactlyElementsOf(GoldenJournal11.events());
        }
    }

    @Test
    void goldenJournalWrittenByFormat20StillReadsThroughNextAndTheView() throws IOException {
        GoldenJournal.unpack(dir, GoldenJournal20.RESOURCE);
        try (JournalReader r = JournalReader.openStrict(dir)) {
            assertThat(r.header()).isEqualTo(GoldenJournal20.header());
            assertThat(TestJournals.readAll(r)).containsExactlyElementsOf(GoldenJournal20.events());
        }
        assertThat(viewed()).containsExactlyElementsOf(GoldenJournal20.events());
        try (JournalReader r = JournalReader.open(dir)) {
            r.seek(GoldenJournal.T0 + 3_600_000_000_000L);
            assertThat(r.next()).isEqualTo(GoldenJournal20.events().get(6));
        }
    }

    @Test
    void goldenJournalWrittenByFormat21ReadsThroughNextTheViewAndAScanningView() throws IOException {
        GoldenJournal.unpack(dir, GoldenJournal21.RESOURCE);
        List<JournalEvent> events = GoldenJournal21.events();
        try (JournalReader r = JournalReader.openStrict(dir)) {
            assertThat(r.header()).isEqualTo(GoldenJournal21.header());
            assertThat(TestJournals.readAll(r)).containsExactlyElementsOf(events);
        }
        assertThat(viewed()).containsExactlyElementsOf(events);
        try (JournalReader r = JournalReader.openStrict(dir)) {
            EventView v = EventView.scanning();
            List<Boolean> upgrades = new java.util.ArrayList<>();
            List<JournalEvent> read = new java.util.ArrayList<>();
            while (r.next(v)) {
                if (v.kind() == EventView.Kind.REQUEST) {
                    upgrades.add(v.hasUpgradeHeader());
                    assertThat(v.tenant().toString()).isEqualTo(((RequestEvent) events.get(read.size())).tenant());
                }
                read.add(v.toEvent());
            }
            assertThat(read).containsExactlyElementsOf(events);
            assertThat(upgrades).containsExactly(false, true, false);
        }
        try (JournalReader r = JournalReader.open(dir)) {
            r.seek(GoldenJournal.T0 + 3_600_000_000_000L);
            assertThat(r.next()).isEqualTo(events.get(7));
        }
    }

    @Test
    void goldenJournalsOfFormat1ReadTheSameThroughTheView() throws IOException {
        GoldenJournal.unpack(dir);
        assertThat(viewed()).containsExactlyElementsOf(GoldenJournal.events());
        Path eleven = dir.resolve("1.1");
        java.nio.file.Files.createDirectories(eleven);
        GoldenJournal.unpack(eleven, GoldenJournal11.RESOURCE);
        try (JournalReader r = JournalReader.openStrict(eleven)) {
            EventView v = new EventView();
            List<JournalEvent> viewed = new java.util.ArrayList<>();
            while (r.next(v)) {
                viewed.add(v.toEvent());
            }
            assertThat(viewed).containsExactlyElementsOf(GoldenJournal11.events());
        }
    }

    /** The journal in {@code dir} through {@link EventView}: its tenant and fields read in place, then the whole event. */
    private List<JournalEvent> viewed() {
        List<JournalEvent> out = new java.util.ArrayList<>();
        EventView v = new EventView();
        try (JournalReader r = JournalReader.openStrict(dir)) {
            while (r.next(v)) {
                JournalEvent e = v.toEvent();
                if (e instanceof RequestEvent q) {
                    assertThat(v.tenant().toString()).isEqualTo(q.tenant());
                    assertThat(v.target().toString()).isEqualTo(q.target());
                    assertThat(v.headerCount()).isEqualTo(q.headers().size());
                }
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void newerMinorVersionIsRead() {
        JournalHeader newer = new JournalHeader(FormatVersion.MAJOR, FormatVersion.MINOR + 4, "w", T0,
                CaptureSettings.synthetic(1));
        TestJournals.appendRaw(dir, AT_MILLIS, TestJournals.encoded(newer),
                TestJournals.encoded(SampleEvents.closed(1, T0)));
        try (JournalReader r = JournalReader.open(dir)) {
            assertThat(r.header().formatMinor()).isEqualTo(FormatVersion.MINOR + 4);
            assertThat(TestJournals.readAll(r)).containsExactly(SampleEvents.closed(1, T0));
        }
    }

    @Test
    void unknownEventTypeOfTheSameMajorIsSkipped() {
        // Kind 12 of format 2.x: one a later minor version adds.
        byte[] unknown = TestJournals.sealed(new byte[] {0x2C, 1, 2, 3, 4, 5, 6, 7, 8, 'n', 'e', 'w'});
        // And kind 12 of format 1.x, which a 1.x reader skipped the same way.
        byte[] unknown1 = TestJournals.sealed(new byte[] {0x0C, 1, 2, 3, 4, 5, 6, 7, 8, 'o', 'l', 'd'});
        TestJournals.appendRaw(dir, AT_MILLIS, header(), TestJournals.encoded(SampleEvents.closed(1, T0)), unknown,
                unknown1, TestJournals.encoded(SampleEvents.closed(2, T0 + 1)));
        try (JournalReader r = JournalReader.openStrict(dir)) {
            assertThat(TestJournals.readAll(r)).containsExactly(SampleEvents.closed(1, T0), SampleEvents.closed(2, T0 + 1));
        }
    }

    @Test
    void unknownTrailingFieldsAreIgnored() {
        RequestEvent request = SampleEvents.request(1, 0, T0);
        JournalHeader h = JournalHeader.current("w", T0, CaptureSettings.synthetic(5));
        TestJournals.appendRaw(dir, AT_MILLIS, withTrailingField(TestJournals.encoded(h)),
                withTrailingField(TestJournals.encoded(request)));
        try (JournalReader r = JournalReader.open(dir)) {
            assertThat(r.header()).isEqualTo(h);
            assertThat(TestJournals.readAll(r)).containsExactly(request);
        }
    }

    @Test
    void newerMajorInALaterFileIsRefusedWhereItStarts() {
        TestJournals.appendRaw(dir, AT_MILLIS, header(), TestJournals.encoded(SampleEvents.closed(1, T0)));
        JournalHeader future = new JournalHeader(FormatVersion.MAJOR + 1, 0, "w", T0, CaptureSettings.synthetic(1));
        TestJournals.appendRaw(dir, AT_MILLIS + 3_600_000L, TestJournals.encoded(future));
        try (JournalReader r = JournalReader.open(dir)) {
            assertThat(r.next()).isEqualTo(SampleEvents.closed(1, T0));
            assertThat(TestJournals.messageOf(r::next)).contains("was written in format " + (FormatVersion.MAJOR + 1) + ".0")
                    .contains("upgrade Reprise");
        }
    }

    private static byte[] header() {
        return TestJournals.encoded(JournalHeader.current("w", T0, CaptureSettings.synthetic(1)));
    }

    /** A later minor version's extra field: bytes after the known ones, inside the checksum. */
    private static byte[] withTrailingField(byte[] sealed) {
        byte[] body = Arrays.copyOf(sealed, sealed.length - 4);
        byte[] extended = Arrays.copyOf(body, body.length + 6);
        System.arraycopy(new byte[] {5, 'e', 'x', 't', 'r', 'a'}, 0, extended, body.length, 6);
        return TestJournals.sealed(extended);
    }
}
