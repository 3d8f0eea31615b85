package dev.reprise.bench;

import dev.reprise.format.Body;
import dev.reprise.format.CloseSide;
import dev.reprise.format.ConnectionClosed;
import dev.reprise.format.ConnectionOpened;
import dev.reprise.format.Header;
import dev.reprise.format.JournalWriter;
import dev.reprise.format.Outcome;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Writes a benchmark journal: CONNECTIONS connections, each sending REQUESTS GETs of PATH, with
 * Poisson arrivals at RATE requests/s over all connections (each answered 100 us later), then
 * closing. With SCHEDULE given, writes each request's offset from the first in nanoseconds there.
 *
 * Usage: java -cp reprise-benchmarks.jar dev.reprise.bench.GenerateJournal DIR CONNECTIONS REQUESTS RATE PATH [SCHEDULE]
 */
public final class GenerateJournal {
    private GenerateJournal() {
    }

    record Next(long conn, long seq, long t) {
    }

    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        int connections = Integer.parseInt(a[1]);
        long requests = Long.parseLong(a[2]);
        double rate = Double.parseDouble(a[3]);
        String path = a[4];
        PrintWriter schedule = a.length > 5 ? new PrintWriter(Files.newBufferedWriter(Path.of(a[5]))) : null;
        long t0 = 1_795_442_400_000_000_000L;
        double meanGapNanos = 1e9 * connections / rate;
        Random random = new Random(42);
        List<Header> headers = List.of(new Header("Host", "bench.local"), new Header("User-Agent", "reprise-bench"));
        PriorityQueue<Next> heads = new PriorityQueue<>((x, y) -> Long.compare(x.t, y.t));
        try (JournalWriter w = JournalWriter.create(dir).startNanos(t0).cycleByEventTime().writerId("bench").open()) {
            for (long c = 0; c < connections; c++) {
                long t = t0 + (long) (random.nextDouble() * meanGapNanos);
                w.append(new ConnectionOpened(c, t0, "10.0.0.1:" + (10000 + c), "127.0.0.1:80"));
                heads.add(new Next(c, 0, t));
            }
            while (!heads.isEmpty()) {
                Next n = heads.poll();
                w.append(new RequestEvent(n.conn, n.seq, n.t, n.t + 1_000, "GET", path, "HTTP/1.1", headers, Body.EMPTY, "t" + (n.conn % 5)));
                w.append(new ResponseEvent(n.conn, n.seq, 200, List.of(), Body.EMPTY, n.t + 100_000, n.t + 101_000, Outcome.COMPLETE));
                if (schedule != null) {
                    schedule.println(n.t - t0);
                }
                long gap = Math.max(150_000, (long) (-Math.log(1 - random.nextDouble()) * meanGapNanos));
                if (n.seq + 1 < requests) {
                    heads.add(new Next(n.conn, n.seq + 1, n.t + gap));
                } else {
                    w.append(new ConnectionClosed(n.conn, n.t + 200_000, CloseSide.CLIENT));
                }
            }
        }
        if (schedule != null) {
            schedule.close();
        }
    }
}
