package dev.reprise.format;

/**
 * How an exchange ended, as the proxy saw it. The code is what the journal stores; codes are
 * never reused, and a reader maps codes it does not know to {@link #UNKNOWN}.
 */
public enum Outcome {
    COMPLETE(0),
    UPSTREAM_CONNECT_REFUSED(1),
    UPSTREAM_CONNECT_TIMEOUT(2),
    UPSTREAM_RESET(3),
    UPSTREAM_TIMEOUT(4),
    UPSTREAM_PROTOCOL_ERROR(5),
    CLIENT_ABORT(6),
    UNKNOWN(255);

    private final int code;

    Outcome(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isUpstreamError() {
        return this != COMPLETE && this != CLIENT_ABORT && this != UNKNOWN;
    }

    public static Outcome ofCode(int code) {
        for (Outcome o : values()) {
            if (o.code == code) {
                return o;
            }
        }
        return UNKNOWN;
    }
}
