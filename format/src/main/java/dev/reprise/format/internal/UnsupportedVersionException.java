package dev.reprise.format.internal;

/** A journal header of a major version newer than this build reads. */
public final class UnsupportedVersionException extends RuntimeException {
    private final int major;
    private final int minor;

    public UnsupportedVersionException(int major, int minor) {
        super("format " + major + "." + minor, null, false, false);
        this.major = major;
        this.minor = minor;
    }

    public int major() {
        return major;
    }

    public int minor() {
        return minor;
    }
}
