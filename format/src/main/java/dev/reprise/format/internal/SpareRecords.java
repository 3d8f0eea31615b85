package dev.reprise.format.internal;

/**
 * Record arrays a reader has handed back, kept by exact length for the next record of that
 * length to be read into: for a reader whose consumer keeps nothing of a record once it has
 * planned it, so reading stops allocating an array per record. Owned by the reading thread.
 *
 * <p>Bounded in count whatever the lengths: an array of a length no record needs any more
 * stays until the count frees up, and past the bound arrays handed back are left to the
 * collector, as they would have been without spares.
 */
public final class SpareRecords {
    /** Longer records are few; each still gets an array of its own. */
    static final int MAX_LENGTH = 4096;
    /** About what circulates between a reader and its consumer: the reorder window and a read-ahead ring. */
    static final int MAX_COUNT = 8192;

    private final byte[][][] byLength = new byte[MAX_LENGTH + 1][][];
    private final int[] counts = new int[MAX_LENGTH + 1];
    private int count;

    /** A spare array of exactly {@code length} bytes, now the caller's, or null when there is none. */
    public byte[] take(int length) {
        if (length > MAX_LENGTH) {
            return null;
        }
        int n = counts[length];
        if (n == 0) {
            return null;
        }
        byte[][] stack = byLength[length];
        byte[] b = stack[--n];
        stack[n] = null;
        counts[length] = n;
        count--;
        return b;
    }

    /** Keeps {@code record} for a later {@link #take} of its length; nothing else may hold it. */
    public void give(byte[] record) {
        int length = record.length;
        if (length > MAX_LENGTH || count == MAX_COUNT) {
            return;
        }
        byte[][] stack = byLength[length];
        int n = counts[length];
        if (stack == null || n == stack.length) {
            byte[][] bigger = new byte[stack == null ? 4 : n * 2][];
            if (stack != null) {
                System.arraycopy(stack, 0, bigger, 0, n);
            }
            byLength[length] = bigger;
            stack = bigger;
        }
        stack[n] = record;
        counts[length] = n + 1;
        count++;
    }

    /** Spare arrays held. */
    public int size() {
        return count;
    }
}
