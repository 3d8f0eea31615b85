package dev.reprise.replay.connection.internal;

import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.format.RequestEvent;
import dev.reprise.replay.connection.ConnectionSettings;
import dev.reprise.replay.connection.ConnectionStats;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.report.ErrorKind;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Before t0: real exchanges over loopback against a throwaway local server, through the same
 * event loops, channels, decoder and exchange handling the replay uses, so the JIT has compiled
 * the send and response paths before the first request is due (the first seconds of a fast
 * replay otherwise run interpreted and fall behind). Nothing reaches the target, and the counts
 * go to a throwaway {@link ConnectionStats}.
 */
final class SendPathWarmUp {
    private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
    private static final int CONNECTIONS_PER_LOOP = 4;

    private SendPathWarmUp() {
    }

    /** Runs up to {@code exchanges} exchanges, for at most {@code maxNanos}; gives up quietly on any failure. */
    static void run(NettyTransport transport, ConnectionSettings settings, int exchanges, long maxNanos) {
        try (LoopbackAnswerer server = LoopbackAnswerer.start()) {
            InetSocketAddress address = server.address();
            List<EventLoop> loops = transport.loops();
            AtomicInteger left = new AtomicInteger(exchanges);
            long deadline = System.nanoTime() + maxNanos;
            CountDownLatch done = new CountDownLatch(loops.size() * CONNECTIONS_PER_LOOP);
            ConnectionStats stats = new ConnectionStats();
            RequestEvent request = new RequestEvent(0, 0, 0, 0, "GET", "/warm-up", "HTTP/1.1",
                    List.of(new Header("Host", "warm-up"), new Header("User-Agent", "reprise")), Body.EMPTY,
                    RequestEvent.UNKNOWN_TENANT);
            int id = 0;
            for (EventLoop loop : loops) {
                for (int i = 0; i < CONNECTIONS_PER_LOOP; i++) {
                    PlanEvent.Send send = new PlanEvent.Send(new PlanConnection(new ConnectionKey(-1, id++, 0)), 0, request, request.tenant());
                    Driver d = new Driver(settings, send, left, deadline, done);
                    loop.execute(() -> {
                        TargetChannel c = new TargetChannel(transport, loop, d, settings, stats, (k, seq, r) -> { });
                        c.connectTo(address);
                    });
                }
            }
            done.await(maxNanos + 1_000_000_000L, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a warm-up that cannot run leaves the replay as it was, only colder
        }
    }

    /** Sends the next exchange each time its connection is ready, until the budget or the time is spent. */
    private static final class Driver implements TargetChannel.Owner {
        private final ConnectionSettings settings;
        private final PlanEvent.Send send;
        private final AtomicInteger left;
        private final long deadline;
        private final CountDownLatch done;
        private boolean finished;

        Driver(ConnectionSettings settings, PlanEvent.Send send, AtomicInteger left, long deadline, CountDownLatch done) {
            this.settings = settings;
            this.send = send;
            this.left = left;
            this.deadline = deadline;
            this.done = done;
        }

        @Override
        public void ready(TargetChannel c) {
            if (left.decrementAndGet() >= 0 && System.nanoTime() - deadline < 0) {
                c.send(new Exchange(send, System.nanoTime(),
                        WireRequest.encode(settings.rewriter(), send.request()),
                        "GET /warm-up"));
            } else {
                finish();
                c.close();
            }
        }

        @Override
        public void connectFailed(TargetChannel c, ErrorKind kind, long attemptNanos) {
            finish();
        }

        @Override
        public void closed(TargetChannel c) {
            finish();
        }

        private void finish() {
            if (!finished) {
                finished = true;
                done.countDown();
            }
        }
    }
}
