package dev.reprise.capture.record;

import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalException;
import dev.reprise.format.JournalFullException;
import dev.reprise.format.JournalWriter;

import java.time.Duration;

/**
 * Where the recorder appends. A seam so a failing disk can be simulated in tests; in production
 * it is a {@link JournalWriter}. Every method but {@link #append} and {@link #close} answers
 * without waiting for the journal: monitoring reads them while an append may be stuck.
 */
public interface JournalSink {

    /**
     * @throws JournalFullException when the disk is below the free-space floor; nothing was written
     * @throws JournalException     when the event cannot be written; a later append may succeed
     */
    void append(JournalEvent event);

    /** Bytes written so far. */
    long bytesWritten();

    /** True while appends are refused for lack of disk space. */
    default boolean freeSpaceLow() {
        return false;
    }

    /** Usable bytes on the journal's disk when last looked at, -1 if unknown. */
    default long usableBytes() {
        return -1;
    }

    /** A description for log lines, such as the journal directory. */
    String describe();

    /** Closes the journal, waiting at most {@code wait} for an append in progress; false if it gave up. */
    boolean close(Duration wait);

    static JournalSink of(JournalWriter writer) {
        return new JournalSink() {
            @Override
            public void append(JournalEvent event) {
                writer.append(event);
            }

            @Override
            public long bytesWritten() {
                return writer.bytesWritten();
            }

            @Override
            public boolean freeSpaceLow() {
                return writer.freeSpaceLow();
            }

            @Override
            public long usableBytes() {
                return writer.usableBytes();
            }

            @Override
            public String describe() {
                return "journal " + writer.path();
            }

            @Override
            public boolean close(Duration wait) {
                return writer.close(wait);
            }
        };
    }
}
