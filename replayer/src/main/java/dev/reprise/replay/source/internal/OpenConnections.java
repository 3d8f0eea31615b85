package dev.reprise.replay.source.internal;

import java.util.function.Consumer;

/**
 * The plan's open connections of one journal, by captured connection id: an open-addressing
 * table of primitive keys, so that looking up the connection of each event neither builds a key
 * object nor hashes a record. Linear probing; a removal shifts the entries after it back, so no
 * tombstones pile up over a week of connections opening and closing.
 */
final class OpenConnections<V> {
    private long[] ids = new long[64];
    private Object[] values = new Object[64];
    private int size;

    @SuppressWarnings("unchecked")
    V get(long id) {
        int mask = ids.length - 1;
        for (int i = slot(id, mask); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (ids[i] == id) {
                return (V) v;
            }
        }
    }

    /** Adds a connection not yet held. */
    void put(long id, V value) {
        if ((size + 1) * 2 > ids.length) {
            grow();
        }
        insert(id, value);
        size++;
    }

    @SuppressWarnings("unchecked")
    V remove(long id) {
        int mask = ids.length - 1;
        int i = slot(id, mask);
        while (values[i] != null && ids[i] != id) {
            i = (i + 1) & mask;
        }
        Object removed = values[i];
        if (removed == null) {
            return null;
        }
        values[i] = null;
        size--;
        // Shift back every entry of the run after the hole that would no longer be found.
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(ids[j], mask);
            if (((j - home) & mask) >= ((j - i) & mask)) {
                ids[i] = ids[j];
                values[i] = values[j];
                values[j] = null;
                i = j;
            }
        }
        return (V) removed;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    void forEach(Consumer<V> action) {
        for (Object v : values) {
            if (v != null) {
                action.accept((V) v);
            }
        }
    }

    void clear() {
        java.util.Arrays.fill(values, null);
        size = 0;
    }

    private void insert(long id, Object value) {
        int mask = ids.length - 1;
        int i = slot(id, mask);
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        ids[i] = id;
        values[i] = value;
    }

    private void grow() {
        long[] oldIds = ids;
        Object[] oldValues = values;
        ids = new long[oldIds.length * 2];
        values = new Object[oldValues.length * 2];
        for (int i = 0; i < oldIds.length; i++) {
            if (oldValues[i] != null) {
                insert(oldIds[i], oldValues[i]);
            }
        }
    }

    private static int slot(long id, int mask) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
