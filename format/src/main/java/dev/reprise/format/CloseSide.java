package dev.reprise.format;

/** Which side closed a connection. The code is what the journal stores. */
public enum CloseSide {
    CLIENT(1),
    UPSTREAM(2),
    PROXY(3);

    private final int code;

    CloseSide(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The side for a stored code, or null when this build does not know it. */
    public static CloseSide ofCode(int code) {
        for (CloseSide s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
