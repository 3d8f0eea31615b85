package dev.reprise.replay.connection.internal;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class LoopReadBufferTest {
    @Test
    void readsIntoTheSameEmptiedBufferOnceTheLastReadLetGoOfIt() {
        ByteBuf first = LoopReadBuffer.take();
        first.writeBytes("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
        first.release();

        ByteBuf second = LoopReadBuffer.take();

        assertThat(second).isSameAs(first);
        assertThat(second.readableBytes()).as("emptied for the next read").isZero();
        assertThat(second.writableBytes()).isEqualTo(LoopReadBuffer.CAPACITY);
        second.release();
    }

    @Test
    void leavesABufferSomethingStillHoldsToItsHolderAndReadsIntoANewOne() {
        ByteBuf held = LoopReadBuffer.take();
        held.writeBytes("kept".getBytes(StandardCharsets.US_ASCII));
        held.retain(); // a handler keeps the read past channelRead
        held.release();

        ByteBuf next = LoopReadBuffer.take();
        next.writeBytes("overwritten?".getBytes(StandardCharsets.US_ASCII));

        assertThat(next).isNotSameAs(held);
        assertThat(held.toString(StandardCharsets.US_ASCII)).isEqualTo("kept");
        assertThat(held.release()).as("the holder's reference was the last").isTrue();
        next.release();
        ByteBuf again = LoopReadBuffer.take();
        assertThat(again).as("the new one is the loop's from then on").isSameAs(next);
        again.release();
    }

    @Test
    void givesEachLoopItsOwnBuffer() throws Exception {
        ByteBuf mine = LoopReadBuffer.take();
        mine.release();
        AtomicReference<ByteBuf> theirs = new AtomicReference<>();
        Thread loop = new FastThreadLocalThread(() -> {
            ByteBuf b = LoopReadBuffer.take();
            theirs.set(b);
            b.release();
        });
        loop.start();
        loop.join();

        assertThat(theirs.get()).isNotSameAs(mine);
    }
}
