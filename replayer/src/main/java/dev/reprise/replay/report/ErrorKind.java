package dev.reprise.replay.report;

/** Why an exchange got no response. None of them ends a run; each is counted. */
public enum ErrorKind {
    NONE,
    CONNECTION_REFUSED,
    CONNECT_TIMEOUT,
    RESET,
    RESPONSE_TIMEOUT,
    PROTOCOL_ERROR,
    OTHER
}
