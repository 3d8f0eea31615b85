package dev.reprise.format;

/**
 * The journal format version this build writes. A reader accepts any minor version of its own
 * major (it skips event types and trailing fields it does not know) and refuses a newer major.
 * It also reads every 1.x journal: 2.0 changed how events are laid out (format/README.md),
 * and each event says which layout it is in.
 */
public final class FormatVersion {
    public static final int MAJOR = 2;
    public static final int MINOR = 1;

    private FormatVersion() {
    }
}
