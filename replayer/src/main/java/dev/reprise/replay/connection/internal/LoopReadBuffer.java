package dev.reprise.replay.connection.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.ByteBuffer;

/**
 * What a plain-text target channel reads into: one direct buffer per event loop, read into again by
 * every connection of the loop. The response decoder reads each buffer in place and lets go of it
 * before its {@code channelRead} returns, so the buffer is free again by the loop's next read;
 * taking a buffer from the pooled allocator for every read and giving it back was 4-5% of the
 * loops' samples. A buffer something still holds at the next read (its count above the loop's own
 * reference) is left to its holder, and the loop reads into a new one from then on.
 */
@SuppressWarnings("deprecation") // RecvByteBufAllocator.Handle: Netty 4.2 still reads through it, with no replacement yet
final class LoopReadBuffer extends AdaptiveRecvByteBufAllocator {
    /** As much as the adaptive allocator would ever guess: a large response takes as few reads as before. */
    static final int CAPACITY = DEFAULT_MAXIMUM;

    private static final FastThreadLocal<ByteBuf> BUFFER = new FastThreadLocal<>() {
        @Override
        protected ByteBuf initialValue() {
            return fresh();
        }
    };

    /** A direct buffer the collector frees once unreachable, so a loop that ends without giving it back leaks nothing. */
    private static ByteBuf fresh() {
        return Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(CAPACITY));
    }

    /** The calling loop's buffer, emptied, with a reference for the read; a new one when the last is still held. */
    static ByteBuf take() {
        ByteBuf b = BUFFER.get();
        if (b.refCnt() != 1) {
            b.release();
            b = fresh();
            BUFFER.set(b);
        }
        return b.retain().clear();
    }

    LoopReadBuffer() {
        // Netty's own default for a stream channel; the no-argument allocator would read once per wake-up.
        maxMessagesPerRead(16);
    }

    @Override
    public Handle newHandle() {
        return new LoopHandle((ExtendedHandle) super.newHandle());
    }

    /** The adaptive handle's read accounting, with the loop's buffer to read into. */
    private static final class LoopHandle implements ExtendedHandle {
        private final ExtendedHandle delegate;

        LoopHandle(ExtendedHandle delegate) {
            this.delegate = delegate;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            return take();
        }

        @Override
        public int guess() {
            return CAPACITY;
        }

        @Override
        public void reset(ChannelConfig config) {
            delegate.reset(config);
        }

        @Override
        public void incMessagesRead(int numMessages) {
            delegate.incMessagesRead(numMessages);
        }

        @Override
        public void lastBytesRead(int bytes) {
            delegate.lastBytesRead(bytes);
        }

        @Override
        public int lastBytesRead() {
            return delegate.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            delegate.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
            return delegate.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
            return delegate.continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return delegate.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public void readComplete() {
            delegate.readComplete();
        }
    }
}
