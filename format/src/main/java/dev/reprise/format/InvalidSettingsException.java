package dev.reprise.format;

/**
 * Settings the user gave are invalid: a value out of range, or options that contradict each
 * other. The message is the one line the user sees and names the option or value. Commands map
 * it to exit code 2 (bad usage).
 *
 * <p>It is an {@link IllegalArgumentException} so that a converter or a settings record can throw
 * it where a bad argument is found, and a bug that throws a plain {@code IllegalArgumentException}
 * is not mistaken for the user's mistake.
 */
public class InvalidSettingsException extends IllegalArgumentException {
    public InvalidSettingsException(String message) {
        super(message);
    }

    public InvalidSettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
