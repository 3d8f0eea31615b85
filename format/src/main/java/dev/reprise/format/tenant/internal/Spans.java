package dev.reprise.format.tenant.internal;

/** A [from, to) range of a string packed in a long, so finding a tenant allocates nothing but the tenant. */
public final class Spans {
    /** No range: the rule does not match. */
    public static final long NONE = -1L;

    private Spans() {
    }

    public static long of(int from, int to) {
        return (long) from << 32 | to;
    }

    public static int from(long span) {
        return (int) (span >>> 32);
    }

    public static int to(long span) {
        return (int) span;
    }
}
