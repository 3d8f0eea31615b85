package dev.reprise.format.internal;

/** A stored event's bytes do not decode; the reader adds the file and position. */
public final class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message, null, false, false);
    }
}
