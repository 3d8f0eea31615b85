package dev.reprise.format;

/**
 * The journal format version this build writes. A reader accepts any minor version of its own
 * major (it skips event types and trailing fields it does not know) and refuses a newer major.
 */
public final class FormatVersion {
    public static final int MAJOR = 1;
    public static final int MINOR = 1;

    private FormatVersion() {
    }
}
