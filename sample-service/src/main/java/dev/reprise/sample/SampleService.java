package dev.reprise.sample;

import dev.reprise.sample.internal.LeakyBackendPool;
import dev.reprise.sample.internal.MetricsPage;
import dev.reprise.sample.internal.SampleApi;
import dev.reprise.sample.internal.SampleRequestHandler;
import dev.reprise.sample.internal.ServiceContext;
import dev.reprise.sample.internal.ServiceStats;
import dev.reprise.sample.internal.TenantPool;
import dev.reprise.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A small multi-tenant shop API for the demo: the endpoints the journal generator produces, a
 * few milliseconds of simulated work each, the tenant taken from {@code X-Tenant-Id}, and an
 * optional {@link Defect}. HTTP/1.1 with keep-alive and pipelining, on epoll where available.
 *
 * <p>{@code GET /stats} reports per-tenant requests, 503s, peak concurrency and latency as JSON;
 * {@code POST /stats/reset} starts counting afresh. {@code GET /metrics} gives the process and JVM
 * metrics in the Prometheus text format.
 */
public final class SampleService implements AutoCloseable {
    /** Largest request body read; the API ignores bodies, this only bounds memory. */
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final EventLoopGroup group;
    private final Channel server;
    private final ServiceContext context;
    private final Transport transport;

    private SampleService(EventLoopGroup group, Channel server, ServiceContext context, Transport transport) {
        this.group = group;
        this.server = server;
        this.context = context;
        this.transport = transport;
    }

    /**
     * Starts a service listening on {@code listen} (port 0 picks a free port).
     *
     * @param name   reported in /health, /stats and the X-Served-By header
     * @param threads event loop threads
     * @throws IOException when the address cannot be bound
     */
    public static SampleService start(InetSocketAddress listen, String name, Defect defect, int threads) throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>();
        TenantPool pool = null;
        long holdNanos = 0;
        if (defect instanceof Defect.TenantPool tp) {
            settings.put("slots", tp.slots());
            settings.put("queue", tp.queue());
            settings.put("holdMillis", tp.holdMillis());
            pool = new TenantPool(tp.slots(), tp.queue());
            holdNanos = TimeUnit.MILLISECONDS.toNanos(tp.holdMillis());
        }
        if (defect instanceof Defect.ContextLeak leak) {
            settings.put("contextBytes", leak.contextBytes());
            settings.put("pooledConnections", Defect.ContextLeak.POOLED_CONNECTIONS);
            settings.put("checkMillis", Defect.ContextLeak.CHECK_MILLIS);
        }
        ServiceContext context = new ServiceContext(name, defect.name(), Map.copyOf(settings), new SampleApi(),
                new ServiceStats(), pool, holdNanos, new MetricsPage());
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(threads);
        if (defect instanceof Defect.ContextLeak leak) {
            // closed with the event loops it runs on
            new LeakyBackendPool(group.next(), Defect.ContextLeak.POOLED_CONNECTIONS, leak.contextBytes(),
                    Defect.ContextLeak.CHECK_MILLIS);
        }
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline()
                                    .addLast("http", new HttpServerCodec())
                                    .addLast("keep-alive", new HttpServerKeepAliveHandler())
                                    .addLast("aggregate", new HttpObjectAggregator(MAX_BODY_BYTES))
                                    .addLast("sample", new SampleRequestHandler(context));
                        }
                    })
                    .bind(listen).sync().channel();
            return new SampleService(group, server, context, transport);
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException("cannot listen on " + HostPort.format(listen) + ": " + why, e);
        }
    }

    /** The address actually bound, with the port chosen when 0 was asked for. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** "epoll" or "nio". */
    public String transport() {
        return transport.name().toLowerCase(Locale.ROOT);
    }

    /** The same document as {@code GET /stats}. */
    public byte[] statsJson() {
        return context.statsJson();
    }

    /** Blocks until the service is closed. */
    public void awaitClosed() throws InterruptedException {
        server.closeFuture().await();
        group.terminationFuture().await();
    }

    /** Stops accepting, closes every connection and stops the event loops; waits up to two seconds. */
    @Override
    public void close() {
        server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
