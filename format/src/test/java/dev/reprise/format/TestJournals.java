package dev.reprise.format;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Test helpers over real journal directories, for format's own tests: writing events through the
 * public {@link JournalWriter} under test, and reaching below it to roll files, raw Chronicle
 * documents and encoded bytes. The other modules build their journals with test-fixtures'
 * {@code JournalBuilder}, which format's tests cannot use (test-fixtures depends on format).
 */
final class TestJournals {
    /** 2025-11-13T02:13:20Z: a fixed start, so roll file names do not depend on the day tests run. */
    static final long T0 = 1_763_000_000_000_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final long HOUR = 3_600 * SECOND;

    private TestJournals() {
    }

    static List<JournalEvent> readAll(EventSource source) {
        List<JournalEvent> out = new ArrayList<>();
        for (JournalEvent e; (e = source.next()) != null; ) {
            out.add(e);
        }
        return out;
    }

    static List<JournalEvent> readAll(Path dir) {
        try (JournalReader r = JournalReader.open(dir)) {
            return readAll(r);
        }
    }

    static void write(Path dir, List<? extends JournalEvent> events) {
        try (JournalWriter w = JournalWriter.create(dir).writerId("test").startNanos(T0).cycleByEventTime().open()) {
            events.forEach(w::append);
        }
    }

    /** The roll files of a journal, oldest first. */
    static List<Path> rollFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".cq4")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends records with exactly the given bytes to a journal as Chronicle documents, the way a
     * writer of another format version would; {@link #sealed} adds the checksum.
     */
    static void appendRaw(Path dir, long atMillis, byte[]... records) {
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_HOURLY)
                .timeProvider(() -> atMillis).build();
             ExcerptAppender a = q.createAppender()) {
            for (byte[] r : records) {
                try (DocumentContext dc = a.writingDocument()) {
                    dc.wire().bytes().write(r);
                }
            }
        }
    }

    /** The bytes followed by their CRC32C, little-endian, as every stored event ends. */
    static byte[] sealed(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        byte[] out = java.util.Arrays.copyOf(body, body.length + 4);
        int v = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            out[body.length + i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    /** An event as the codec stores it, checksum included. */
    static byte[] encoded(JournalEvent e) {
        dev.reprise.format.internal.ByteSink s = new dev.reprise.format.internal.EventCodec().encode(e);
        return java.util.Arrays.copyOf(s.array(), s.length());
    }

    static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (JournalException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a JournalException");
    }

    /** Zips a written golden journal's files into {@code zip}, then deletes the directory. */
    static void zipAndDelete(Path dir, Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
             Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                z.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, z);
                z.closeEntry();
            }
        }
        deleteTree(dir);
        System.out.println("wrote " + zip + " (" + Files.size(zip) + " bytes)");
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
