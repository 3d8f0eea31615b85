package dev.reprise.format;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Several journals, one per proxy, read as one stream ordered by event time. Ties keep the
 * order of the journals as given, and within one journal the order of appending, so a merge is
 * the same every time it is run.
 *
 * <p>A journal is appended in completion order, not strictly in time order (see
 * {@link JournalReader#MAX_DISORDER_NANOS}); each journal is put back in time order through a
 * reorder window of that span. Memory therefore grows with the event rate, not with the length
 * of the journals.
 *
 * <p>Connection ids are unique only inside one journal: {@link #journalOf()} says which journal
 * the last event came from, so callers key connections by the pair.
 */
public final class JournalSet implements EventSource {
    private final List<OrderedJournal> journals;
    private final PriorityQueue<OrderedJournal> heads =
            new PriorityQueue<>(Comparator.comparingLong(OrderedJournal::headTime).thenComparingInt(j -> j.index));
    private boolean primed;
    private int lastJournal = -1;

    private JournalSet(List<OrderedJournal> journals) {
        this.journals = journals;
    }

    /**
     * Opens journal directories for a merged read. All are opened before any is read, so a bad
     * path fails at once and names itself.
     *
     * @throws JournalException naming the first path that cannot be read as a journal
     */
    public static JournalSet open(List<Path> dirs) {
        if (dirs.isEmpty()) {
            throw new JournalException("no journal given");
        }
        List<OrderedJournal> opened = new ArrayList<>();
        try {
            for (Path dir : dirs) {
                opened.add(new OrderedJournal(opened.size(), JournalReader.open(dir)));
            }
        } catch (RuntimeException e) {
            opened.forEach(j -> j.reader.close());
            throw e;
        }
        return new JournalSet(opened);
    }

    /** The headers of the journals, in the order they were given. */
    public List<JournalHeader> headers() {
        List<JournalHeader> out = new ArrayList<>(journals.size());
        for (OrderedJournal j : journals) {
            out.add(j.reader.header());
        }
        return out;
    }

    public List<Path> paths() {
        List<Path> out = new ArrayList<>(journals.size());
        for (OrderedJournal j : journals) {
            out.add(j.reader.path());
        }
        return out;
    }

    /** Starts every journal at its first event at or after {@code epochNanos}, found through the index. */
    public void seek(long epochNanos) {
        for (OrderedJournal j : journals) {
            j.reset();
            j.reader.seek(epochNanos);
        }
        heads.clear();
        primed = false;
    }

    /** Ends the stream before the first event at or after {@code epochNanos}. */
    public void until(long epochNanos) {
        for (OrderedJournal j : journals) {
            j.reader.until(epochNanos);
        }
    }

    @Override
    public JournalEvent next() {
        if (!primed) {
            for (OrderedJournal j : journals) {
                if (j.fill()) {
                    heads.add(j);
                }
            }
            primed = true;
        }
        OrderedJournal j = heads.poll();
        if (j == null) {
            return null;
        }
        JournalEvent event = j.take();
        lastJournal = j.index;
        if (j.fill()) {
            heads.add(j);
        }
        return event;
    }

    /** The position, in the list given to {@link #open}, of the journal the last event came from. */
    public int journalOf() {
        return lastJournal;
    }

    @Override
    public void close() {
        for (OrderedJournal j : journals) {
            j.reader.close();
        }
    }

    /** One journal behind a reorder window that releases events in time order, ties in append order. */
    private static final class OrderedJournal {
        private final int index;
        private final JournalReader reader;
        private final PriorityQueue<Pending> window = new PriorityQueue<>(
                Comparator.comparingLong((Pending p) -> p.event.timeNanos()).thenComparingLong(p -> p.order));
        private long appended;
        private long newest = Long.MIN_VALUE;
        private boolean drained;

        OrderedJournal(int index, JournalReader reader) {
            this.index = index;
            this.reader = reader;
        }

        void reset() {
            window.clear();
            newest = Long.MIN_VALUE;
            drained = false;
        }

        /** Reads until the oldest buffered event can no longer be preceded by one still unread. */
        boolean fill() {
            while (!drained && (window.isEmpty()
                    || window.peek().event.timeNanos() > newest - JournalReader.MAX_DISORDER_NANOS)) {
                JournalEvent e = reader.next();
                if (e == null) {
                    drained = true;
                    break;
                }
                window.add(new Pending(e, appended++));
                newest = Math.max(newest, e.timeNanos());
            }
            return !window.isEmpty();
        }

        long headTime() {
            return window.peek().event.timeNanos();
        }

        JournalEvent take() {
            return window.poll().event;
        }
    }

    private record Pending(JournalEvent event, long order) {
    }
}
