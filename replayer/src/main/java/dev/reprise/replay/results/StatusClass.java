package dev.reprise.replay.results;

import dev.reprise.replay.report.ErrorKind;

/** The class of an exchange's outcome: the hundreds digit of its status, or an error without a response. */
public enum StatusClass {
    INFORMATIONAL("1xx"),
    SUCCESS("2xx"),
    REDIRECTION("3xx"),
    CLIENT_ERROR("4xx"),
    SERVER_ERROR("5xx"),
    /** A status outside 100–599. */
    OTHER("other"),
    /** No response: the exchange ended with an {@link ErrorKind} other than NONE. */
    ERROR("error");

    /** values() copies its array on every call; the hot path must not. */
    private static final StatusClass[] BY_HUNDREDS = {INFORMATIONAL, SUCCESS, REDIRECTION, CLIENT_ERROR, SERVER_ERROR};

    private final String label;

    StatusClass(String label) {
        this.label = label;
    }

    /** The name used in reports: {@code 2xx}, {@code error}. */
    public String label() {
        return label;
    }

    public static StatusClass of(ExchangeResult result) {
        if (result.error() != null && result.error() != ErrorKind.NONE) {
            return ERROR;
        }
        int s = result.status();
        if (s < 100 || s > 599) {
            return OTHER;
        }
        return BY_HUNDREDS[s / 100 - 1];
    }
}
