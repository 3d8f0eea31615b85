package dev.reprise.format;

/**
 * A stream of journal events. {@link #next()} returns null at the end; a following source
 * instead waits for the writer. Closing releases the journal's files.
 */
public interface EventSource extends AutoCloseable {

    /**
     * The next event, or null when there is none.
     *
     * @throws JournalException with the file and position when the journal cannot be read
     */
    JournalEvent next();

    @Override
    void close();
}
