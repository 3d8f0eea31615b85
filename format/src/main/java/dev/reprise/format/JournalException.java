package dev.reprise.format;

/**
 * A journal could not be read or written. The message is one line meant for the user: it names
 * the journal, and where it applies the file and position, and says what is wrong.
 */
public class JournalException extends RepriseException {
    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
