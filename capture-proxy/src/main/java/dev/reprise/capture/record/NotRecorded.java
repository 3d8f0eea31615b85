package dev.reprise.capture.record;

/** Why a forwarded request is not in the journal. Each reason has its own counter. */
public enum NotRecorded {
    /** Its connection was not in the {@code --sample}. */
    SAMPLED_OUT("sampled_out"),
    /** A path or method filter left it out. */
    FILTERED("filtered"),
    /** The journal could not take it: a write error, or the record queue was full. */
    FAILED("failed"),
    /** The journal's disk was below {@code --min-free-disk}, so nothing was appended. */
    DISK_LOW("disk_low"),
    /** The proxy stopped before the recorder reached it (the drain deadline passed). */
    STOPPED("stopped"),
    /** The proxy runs with {@code --no-record}. */
    DISABLED("disabled");

    private final String label;

    NotRecorded(String label) {
        this.label = label;
    }

    /** The Prometheus label value. */
    public String label() {
        return label;
    }
}
