package dev.reprise.replay.shard;

import dev.reprise.format.Header;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanEvent;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Which shard each connection of the plan belongs to, decided while the plan streams past, the
 * same way in every shard process: each process reads the whole plan, assigns every connection
 * and keeps only its own.
 *
 * <p>What a streaming read knows when a connection opens is everything sent before, not what the
 * connection itself will send: a journal is in time order, and a connection's requests are
 * spread over its life. So a connection goes, when it opens, to the shard whose load so far is
 * least, load being its share of the requests plus its share of the bytes (requests and
 * production's responses) of the connections it was given; ties go to the shard with fewest
 * connections open, then to the lowest index. A heavy connection keeps loading its shard while it
 * lives, so the next connections go elsewhere: a heavy tenant's connections spread over the
 * shards, and shards stay balanced by requests and bytes rather than by connections. The state is
 * the open connections (and those closed in the last {@link #CLOSED_MEMORY_NANOS}), never the plan.
 */
public final class ShardAssignment {
    /**
     * A closed connection is remembered this long on the capture's timeline so that an event of
     * it stamped just after its Close (production's last byte, taken a moment after the close was
     * seen) stays on its shard. Short, because at thousands of connections a second every second
     * of memory is thousands of keys; an event later than this still goes to exactly one shard.
     */
    static final long CLOSED_MEMORY_NANOS = 1_000_000_000L;

    private final int count;
    private final long[] requests;
    private final long[] bytes;
    private final int[] open;
    private long totalRequests;
    private long totalBytes;
    private final Map<ConnectionKey, Integer> owner = new HashMap<>();
    private final ArrayDeque<Closed> closed = new ArrayDeque<>();

    private record Closed(ConnectionKey key, long atNanos) {
    }

    public ShardAssignment(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        this.count = count;
        this.requests = new long[count];
        this.bytes = new long[count];
        this.open = new int[count];
    }

    /** The shard of this event's connection; call it for every event of the plan, in plan order. */
    public int shardOf(PlanEvent e) {
        forgetClosedBefore(e.captureNanos() - CLOSED_MEMORY_NANOS);
        Integer known = owner.get(e.connection());
        int s;
        if (known == null) {
            s = leastLoaded();
            owner.put(e.connection(), s);
            open[s]++;
        } else {
            s = known;
        }
        if (e instanceof PlanEvent.Send send) {
            long b = requestBytes(send);
            requests[s]++;
            bytes[s] += b;
            totalRequests++;
            totalBytes += b;
        } else if (e instanceof PlanEvent.Recorded r) {
            long b = r.bodyLength();
            bytes[s] += b;
            totalBytes += b;
        } else if (e instanceof PlanEvent.Close c) {
            open[s]--;
            closed.add(new Closed(c.connection(), c.captureNanos()));
        }
        return s;
    }

    /** Connections (open or recently closed) whose shard is remembered. */
    public int remembered() {
        return owner.size();
    }

    private int leastLoaded() {
        int best = 0;
        double bestLoad = load(0);
        for (int i = 1; i < count; i++) {
            double l = load(i);
            if (l < bestLoad || (l == bestLoad && open[i] < open[best])) {
                best = i;
                bestLoad = l;
            }
        }
        return best;
    }

    /** Share of requests plus share of bytes; Java's double arithmetic is the same in every JVM, so every shard agrees. */
    private double load(int i) {
        double r = totalRequests == 0 ? 0 : (double) requests[i] / totalRequests;
        double b = totalBytes == 0 ? 0 : (double) bytes[i] / totalBytes;
        return r + b;
    }

    private void forgetClosedBefore(long nanos) {
        while (!closed.isEmpty() && closed.peek().atNanos() < nanos) {
            Closed c = closed.poll();
            owner.remove(c.key());
        }
    }

    /** The request's size on the wire, near enough to weigh shards: request line, headers, body. */
    static long requestBytes(PlanEvent.Send s) {
        long n = s.request().method().length() + s.request().target().length() + s.request().httpVersion().length() + 4;
        for (Header h : s.request().headers()) {
            n += h.name().length() + h.value().length() + 4;
        }
        return n + 2 + s.request().body().length();
    }
}
