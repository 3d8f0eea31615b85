package dev.reprise.format;

/**
 * A failure the user can act on: a journal, report, file or target that cannot be used. The
 * message is the one line the user sees; it names the thing and says what is wrong. Commands
 * map it to exit code 1 (a failure while running).
 */
public class RepriseException extends RuntimeException {
    public RepriseException(String message) {
        super(message);
    }

    public RepriseException(String message, Throwable cause) {
        super(message, cause);
    }
}
