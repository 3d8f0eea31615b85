package dev.reprise.report.html;

/** How the page's script formats a number. */
public enum Unit {
    /** A count, with thousands separators. */
    COUNT,
    /** Microseconds, shown as µs, ms or s. */
    MICROS,
    /** A fraction, shown as a percentage. */
    SHARE,
    /** A ratio, shown as ×. */
    RATIO,
    /** Events per second. */
    RATE,
    /** Seconds from the start of the run, shown as h:mm:ss. */
    SECONDS,
    /** Bytes, shown as KB, MB … */
    BYTES,
    /** A plain number, up to three decimals. */
    NUMBER,
    /** Text, shown as it is. */
    TEXT;

    @com.fasterxml.jackson.annotation.JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
