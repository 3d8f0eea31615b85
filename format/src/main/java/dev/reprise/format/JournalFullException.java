package dev.reprise.format;

/**
 * An append refused because the journal's disk is below its free-space floor. Nothing was
 * written; appends succeed again by themselves once space returns.
 */
public final class JournalFullException extends JournalException {
    public JournalFullException(String message) {
        super(message);
    }
}
