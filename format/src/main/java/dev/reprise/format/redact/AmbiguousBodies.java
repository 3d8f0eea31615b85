package dev.reprise.format.redact;

/**
 * What redaction does with a body whose type cannot be told: no Content-Type at all, or several
 * that disagree (a client may send {@code text/plain} and then {@code application/json}, and a
 * server may read either).
 */
public enum AmbiguousBodies {
    /** Masked as the strictest reading would: as JSON where it parses as JSON, and as a form. */
    MASK,
    /** Not stored: only the true length is kept. */
    DROP
}
