package dev.reprise.bench;

// Writes the journal the amplification benchmark replays: keep-alive connections opening every
// 20 ms of capture time, four requests each a second apart (about 200 open at once), tenants drawn
// from a skewed mix of 50, read from X-Tenant-Id:
//   java <chronicle flags> -cp bench/target/reprise-benchmarks.jar dev.reprise.bench.AmplifyJournal DIR REQUESTS

import dev.reprise.format.Body;
import dev.reprise.format.CaptureSettings;
import dev.reprise.format.CloseSide;
import dev.reprise.format.ConnectionClosed;
import dev.reprise.format.ConnectionOpened;
import dev.reprise.format.Header;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalWriter;
import dev.reprise.format.Outcome;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

public final class AmplifyJournal {
    private AmplifyJournal() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long requests = Long.parseLong(args[1]);
        long start = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
        SplittableRandom random = new SplittableRandom(1);
        CaptureSettings settings = new CaptureSettings(256, false, List.of(), List.of(), 1.0, List.of(), List.of("header:X-Tenant-Id"));
        PriorityQueue<JournalEvent> pending = new PriorityQueue<>(Comparator.comparingLong(JournalEvent::timeNanos));
        try (JournalWriter w = JournalWriter.create(dir).writerId("amplify-bench").startNanos(start).settings(settings)
                .cycleByEventTime().open()) {
            for (long c = 0; c * 4 < requests; c++) {
                long t = start + c * 20_000_000L;
                while (!pending.isEmpty() && pending.peek().timeNanos() <= t) {
                    w.append(pending.poll());
                }
                double u = random.nextDouble();
                String tenant = "t" + (int) (50 * u * u * u);
                pending.add(new ConnectionOpened(c, t, "10.1.0.1:" + (1024 + c % 60000), "10.0.0.1:8080"));
                for (int s = 0; s < 4; s++) {
                    long sent = t + 1_000_000L + s * 1_000_000_000L;
                    pending.add(new RequestEvent(c, s, sent, sent + 50_000, s % 3 == 0 ? "POST" : "GET", "/orders/" + (c % 1000),
                            "HTTP/1.1", List.of(new Header("Host", "shop.example.com"), new Header("X-Tenant-Id", tenant)),
                            Body.EMPTY, tenant));
                    pending.add(new ResponseEvent(c, s, 200, List.of(new Header("Content-Length", "2")), Body.of("ok".getBytes()),
                            sent + 3_000_000L, sent + 3_100_000L, Outcome.COMPLETE));
                }
                pending.add(new ConnectionClosed(c, t + 4_000_000_000L, CloseSide.CLIENT));
            }
            while (!pending.isEmpty()) {
                w.append(pending.poll());
            }
        }
    }
}
