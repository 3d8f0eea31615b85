package dev.reprise.capture.record;

import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalException;
import dev.reprise.format.JournalWriter;

/**
 * Where the recorder appends. A seam so a failing disk can be simulated in tests; in production
 * it is a {@link JournalWriter}.
 */
public interface JournalSink extends AutoCloseable {

    /** @throws JournalException when the event cannot be written; a later append may succeed */
    void append(JournalEvent event);

    /** Bytes written so far. */
    long bytesWritten();

    /** A description for log lines, such as the journal directory. */
    String describe();

    @Override
    void close();

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
            public String describe() {
                return "journal " + writer.path();
            }

            @Override
            public void close() {
                writer.close();
            }
        };
    }
}
