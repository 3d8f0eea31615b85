package dev.reprise.sample.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Answers one connection's requests, one at a time and in order, so pipelined requests get
 * their responses in the order they were sent. Simulated work is a timer on the connection's
 * event loop, never a blocked thread.
 */
public final class SampleRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Longest tenant id accepted; the header is the client's to fill, the service's to bound. */
    static final int MAX_TENANT_CHARS = 128;
    /** Requests buffered per connection before reading pauses. */
    private static final int MAX_PENDING = 16;

    private final ServiceContext service;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private boolean busy;

    public SampleRequestHandler(ServiceContext service) {
        this.service = service;
    }

    /** The little a response needs from its request; the request itself is released on arrival. */
    private record Pending(HttpVersion version, HttpMethod method, String uri, String tenant, boolean malformed) {
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        service.stats().connectionAccepted();
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean malformed = req.decoderResult().isFailure();
        // a request that failed to decode carries a placeholder version; answer in 1.1
        HttpVersion version = malformed ? HttpVersion.HTTP_1_1 : req.protocolVersion();
        pending.addLast(new Pending(version, req.method(), req.uri(), req.headers().get("X-Tenant-Id"), malformed));
        if (pending.size() >= MAX_PENDING) {
            ctx.channel().config().setAutoRead(false);
        }
        handleNext(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void handleNext(ChannelHandlerContext ctx) {
        if (busy || pending.isEmpty()) {
            return;
        }
        busy = true;
        Pending p = pending.pollFirst();
        if (pending.size() < MAX_PENDING / 4 && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
        handle(ctx, p);
    }

    private void handle(ChannelHandlerContext ctx, Pending p) {
        SampleApi api = service.api();
        if (p.malformed) {
            respond(ctx, p, api.error(HttpResponseStatus.BAD_REQUEST, "malformed request"), true);
            return;
        }
        SampleApi.Route route = api.route(p.method, p.uri);
        switch (route.endpoint()) {
            case STATS:
                respond(ctx, p, new SampleApi.Reply(HttpResponseStatus.OK, service.statsJson(), null), false);
                return;
            case METRICS:
                respond(ctx, p, new SampleApi.Reply(HttpResponseStatus.OK, service.metrics().scrape(), null),
                        MetricsPage.CONTENT_TYPE, false);
                return;
            case RESET_STATS:
                service.stats().reset();
                respond(ctx, p, new SampleApi.Reply(HttpResponseStatus.OK, "{\"reset\":true}".getBytes(), null), false);
                return;
            default:
                break;
        }
        if (!route.endpoint().isTenantApi()) {
            respond(ctx, p, api.reply(route, "", service.name()), false);
            return;
        }
        String tenant = p.tenant == null ? "unknown" : p.tenant.trim();
        if (tenant.isEmpty()) {
            tenant = "unknown";
        }
        if (tenant.length() > MAX_TENANT_CHARS) {
            respond(ctx, p, api.error(HttpResponseStatus.BAD_REQUEST,
                    "X-Tenant-Id is longer than " + MAX_TENANT_CHARS + " characters"), false);
            return;
        }
        String key = service.stats().tenantKey(tenant);
        ServiceStats.Tenant counters = service.stats().arrived(key);
        long arrival = System.nanoTime();
        long work = route.workNanos();
        String shownTenant = tenant;
        TenantPool pool = service.pool();
        if (pool == null) {
            ctx.executor().schedule(() -> finish(ctx, p, route, shownTenant, counters, arrival), work, TimeUnit.NANOSECONDS);
            return;
        }
        Runnable start = () -> ctx.executor().schedule(() -> {
            pool.release(key);
            finish(ctx, p, route, shownTenant, counters, arrival);
        }, work + service.holdNanos(), TimeUnit.NANOSECONDS);
        if (pool.admit(key, start) == TenantPool.Admission.REFUSED) {
            counters.finished(System.nanoTime() - arrival, true);
            respond(ctx, p, api.poolExhausted(shownTenant), false);
        }
    }

    private void finish(ChannelHandlerContext ctx, Pending p, SampleApi.Route route, String tenant,
                        ServiceStats.Tenant counters, long arrival) {
        SampleApi.Reply reply = service.api().reply(route, tenant, service.name());
        counters.finished(System.nanoTime() - arrival, false);
        respond(ctx, p, reply, false);
    }

    private void respond(ChannelHandlerContext ctx, Pending p, SampleApi.Reply reply, boolean close) {
        respond(ctx, p, reply, HttpHeaderValues.APPLICATION_JSON, close);
    }

    private void respond(ChannelHandlerContext ctx, Pending p, SampleApi.Reply reply, CharSequence contentType, boolean close) {
        FullHttpResponse resp = new DefaultFullHttpResponse(p.version, reply.status(), Unpooled.wrappedBuffer(reply.json()));
        resp.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.json().length)
                .set("X-Served-By", service.name());
        if (reply.location() != null) {
            resp.headers().set(HttpHeaderNames.LOCATION, reply.location());
        }
        if (reply.status().equals(HttpResponseStatus.SERVICE_UNAVAILABLE)) {
            resp.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        }
        if (close) {
            HttpUtil.setKeepAlive(resp, false);
            ctx.writeAndFlush(resp).addListener(f -> ctx.close());
            pending.clear();
            return;
        }
        ctx.writeAndFlush(resp);
        busy = false;
        handleNext(ctx);
    }
}
