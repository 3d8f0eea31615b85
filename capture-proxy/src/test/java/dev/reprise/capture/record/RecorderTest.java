package dev.reprise.capture.record;

import dev.reprise.format.Body;
import dev.reprise.format.JournalEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(30)
class RecorderTest {
    private static CapturedRequest request(long seq) {
        return new CapturedRequest(1, seq, 1, 2, "GET", "/x", "HTTP/1.1", List.of(), Body.EMPTY);
    }

    /** A journal whose appends hang until released, as a disk that stopped answering. */
    private static final class HungDisk implements JournalSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void append(JournalEvent event) {
            entered.countDown();
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    // a hung write does not return on interrupt
                }
            }
        }

        @Override
        public long bytesWritten() {
            return 0;
        }

        @Override
        public String describe() {
            return "journal hung";
        }

        @Override
        public boolean close(Duration wait) {
            return release.getCount() == 0;
        }
    }

    @Test
    void aRecorderWithWorkAndNoProgressSaysItIsStuckAndRecoversWhenTheWriteReturns() throws Exception {
        HungDisk disk = new HungDisk();
        RecordCounters counters = new RecordCounters();
        Recorder r = Recorder.start(disk, EventShaper.verbatim(), counters, Duration.ofMillis(200));
        try {
            assertThat(r.problem()).isNull();
            r.request(request(0));
            r.request(request(1));
            disk.entered.await();
            await("the stuck write reported").until(() -> r.problem() != null);
            assertThat(r.problem()).startsWith("the recorder has made no progress for ").endsWith("(a journal write is stuck)");
            disk.release.countDown();
            await("both requests journaled").until(() -> counters.journaled() >= 2);
            assertThat(counters.journaled()).isEqualTo(2);
            assertThat(r.problem()).isNull();
        } finally {
            disk.release.countDown();
            r.close(Duration.ofSeconds(1));
        }
    }
}
