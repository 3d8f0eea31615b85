package dev.reprise.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP/1.1 server on an ephemeral loopback port for the tests: the upstream behind the
 * capture proxy and the target of a replay. It keeps every request it received, with when it
 * arrived and on which connection (the client's port), and its answers are scripted.
 * <p>
 * Every request is answered {@code 200 ok} unless the test says otherwise: {@link #answering}
 * changes that answer, {@link #route} gives one path its own, {@link #delay} holds them. These paths
 * behave in their own way, deterministically, so that their bytes can be compared directly and
 * through a proxy:
 * <ul>
 * <li>{@code /hello} {@link #HELLO} (HEAD: headers only)</li>
 * <li>{@code /echo} streams the request body back, chunked, as it arrives</li>
 * <li>{@code /chunked} a chunked body in several chunks with a trailer</li>
 * <li>{@code /large?n=N} N bytes of {@link #patternByte}, written as the socket takes them</li>
 * <li>{@code /status/N} an empty response with that status</li>
 * <li>{@code /headers} headers in a mixed order and case, repeated names</li>
 * <li>{@code /then-idle-close} answers, then closes the idle connection 100 ms later</li>
 * <li>{@code /slow?ms=N} answers after N ms; {@code /reset} resets the connection</li>
 * <li>{@code /ws} switches protocols, then echoes bytes; after echoing "close-me" it closes the
 * connection. {@link #openTunnels} counts its tunnels still open</li>
 * </ul>
 * {@code Expect: 100-continue} gets a 100 first; a request it cannot parse gets a 400 and is not kept.
 */
public final class TestHttpServer implements AutoCloseable {
    /** One request as the server saw it; {@code nanoTime} is when its head arrived. */
    public record Request(long nanoTime, int clientPort, String method, String target,
            List<Map.Entry<String, String>> headers, byte[] body) {
        /** The first value of the header, whatever the case of its name; null when absent. */
        public String header(String name) {
            return headers.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        public int bodyBytes() {
            return body.length;
        }
    }

    private record Answer(int status, byte[] body) {
    }

    public static final byte[] HELLO = "hello, world\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEAD = 64 * 1024;

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger openTunnels = new AtomicInteger();
    private final AtomicLong largeBytesSent = new AtomicLong();
    private final Map<String, Answer> routes = new ConcurrentHashMap<>();
    private volatile Answer answer = new Answer(200, "ok".getBytes(StandardCharsets.US_ASCII));
    private volatile long delayMillis;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel server;
    private boolean stopped;

    private TestHttpServer() {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 512)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(new HttpServerCodec(new HttpDecoderConfig()
                                .setMaxInitialLineLength(MAX_HEAD).setMaxHeaderSize(MAX_HEAD)), new Handler());
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    /** A server listening on an ephemeral loopback port, answering every request {@code 200 ok}. */
    public static TestHttpServer start() {
        return new TestHttpServer();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Requests outside the routes get this status and body from now on. */
    public TestHttpServer answering(int status, byte[] body) {
        this.answer = new Answer(status, body.clone());
        return this;
    }

    /** Requests for {@code path} (whatever their query) get this status and body. */
    public TestHttpServer route(String path, int status, byte[] body) {
        routes.put(path, new Answer(status, body.clone()));
        return this;
    }

    /** Answers to requests outside the fixed paths are held this long before they are sent. */
    public TestHttpServer delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** Serves one request outside the record, so the first one a test sends does not pay for the server's cold start. */
    public TestHttpServer warmedUp() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/warm-up").toURL().openConnection();
            try (InputStream in = c.getInputStream()) {
                in.readAllBytes();
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        requests.clear();
        return this;
    }

    /** Every request received so far, in the order they were complete. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public int count() {
        return requests.size();
    }

    /** Distinct client ports, in order of first use: one per connection a client opened and sent on. */
    public Set<Integer> connections() {
        Set<Integer> ports = new LinkedHashSet<>();
        requests.forEach(r -> ports.add(r.clientPort()));
        return ports;
    }

    /** Request targets per connection, in arrival order. */
    public Map<Integer, List<String>> targetsByConnection() {
        Map<Integer, List<String>> out = new HashMap<>();
        requests.forEach(r -> out.computeIfAbsent(r.clientPort(), p -> new ArrayList<>()).add(r.target()));
        return out;
    }

    /** {@code /ws} tunnels still open. */
    public int openTunnels() {
        return openTunnels.get();
    }

    /** Body bytes of {@code /large} responses handed to the socket so far. */
    public long largeBytesSent() {
        return largeBytesSent.get();
    }

    /** The byte at position i of a {@code /large} body. */
    public static byte patternByte(long i) {
        return (byte) ('a' + (i * 7 + i / 251) % 26);
    }

    /** Stops accepting and drops every connection: the server going down. */
    public synchronized void stop() {
        if (!stopped) {
            stopped = true;
            server.close().syncUninterruptibly();
            connections.close().awaitUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        private HttpRequest req;
        private long arrived;
        private ByteArrayOutputStream body;
        private boolean echoing;
        private boolean tunnel;
        private boolean refused;

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (tunnel) {
                openTunnels.decrementAndGet();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (tunnel) {
                boolean close = ((ByteBuf) msg).toString(StandardCharsets.ISO_8859_1).contains("close-me");
                ChannelFuture written = ctx.writeAndFlush(msg);
                if (close) {
                    written.addListener(ChannelFutureListener.CLOSE);
                }
                return;
            }
            HttpObject o = (HttpObject) msg;
            if (refused || o.decoderResult().isFailure()) {
                refuse(ctx, msg);
                return;
            }
            if (o instanceof HttpRequest r) {
                req = r;
                arrived = System.nanoTime();
                body = new ByteArrayOutputStream();
                if (HttpUtil.is100ContinueExpected(r)) {
                    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                }
                if (path().equals("/echo")) {
                    echoing = true;
                    HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
                    HttpUtil.setTransferEncodingChunked(resp, true);
                    keepAlive(resp);
                    ctx.writeAndFlush(resp);
                }
            }
            if (o instanceof HttpContent c) {
                byte[] b = new byte[c.content().readableBytes()];
                c.content().getBytes(c.content().readerIndex(), b);
                body.writeBytes(b);
                if (echoing && b.length > 0) {
                    ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(b)));
                }
                c.release();
                if (c instanceof LastHttpContent) {
                    requests.add(new Request(arrived, ((InetSocketAddress) ctx.channel().remoteAddress()).getPort(),
                            req.method().name(), req.uri(), List.copyOf(req.headers().entries()), body.toByteArray()));
                    respond(ctx);
                }
            }
        }

        /** What a real server does with bytes that are not HTTP: a 400, and the connection closed. */
        private void refuse(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            if (!refused) {
                refused = true;
                FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
                HttpUtil.setContentLength(resp, 0);
                resp.headers().set(HttpHeaderNames.CONNECTION, "close");
                ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private String path() {
            return new QueryStringDecoder(req.uri()).path();
        }

        private long param(String name, long dflt) {
            List<String> v = new QueryStringDecoder(req.uri()).parameters().get(name);
            return v == null ? dflt : Long.parseLong(v.get(0));
        }

        private void keepAlive(HttpResponse resp) {
            if (!HttpUtil.isKeepAlive(req)) {
                resp.headers().set(HttpHeaderNames.CONNECTION, "close");
            } else if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                resp.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
            }
        }

        private void finish(ChannelFuture f, HttpRequest of) {
            if (!HttpUtil.isKeepAlive(of)) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private void respond(ChannelHandlerContext ctx) {
            String path = path();
            if (echoing) {
                echoing = false;
                finish(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), req);
                return;
            }
            Answer scripted = routes.get(path);
            if (scripted != null || !FIXED.contains(path) && !path.startsWith("/status/")) {
                Answer a = scripted != null ? scripted : answer;
                long delay = delayMillis;
                HttpRequest of = req;
                if (delay > 0) {
                    ctx.executor().schedule(() -> sendFull(ctx, of, HttpResponseStatus.valueOf(a.status()), a.body()),
                            delay, TimeUnit.MILLISECONDS);
                } else {
                    sendFull(ctx, of, HttpResponseStatus.valueOf(a.status()), a.body());
                }
                return;
            }
            switch (path) {
                case "/hello" -> sendFull(ctx, req, HttpResponseStatus.OK, HELLO);
                case "/reset" -> {
                    ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                    ctx.close();
                }
                case "/then-idle-close" -> {
                    // Answers keep-alive, then drops the idle connection, as servers with a short idle timeout do.
                    sendFull(ctx, req, HttpResponseStatus.OK, HELLO);
                    ctx.executor().schedule(() -> ctx.close(), 100, TimeUnit.MILLISECONDS);
                }
                case "/slow" -> {
                    HttpRequest of = req;
                    ctx.executor().schedule(() -> sendFull(ctx, of, HttpResponseStatus.OK, HELLO), param("ms", 1000),
                            TimeUnit.MILLISECONDS);
                }
                case "/ws" -> switchToTunnel(ctx);
                case "/chunked" -> sendChunked(ctx);
                case "/large" -> sendLarge(ctx, param("n", 1 << 20));
                case "/headers" -> sendHeaders(ctx);
                default -> sendStatus(ctx, Integer.parseInt(path.substring("/status/".length())));
            }
        }

        private void switchToTunnel(ChannelHandlerContext ctx) {
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.SWITCHING_PROTOCOLS);
            resp.headers().set(HttpHeaderNames.UPGRADE, "websocket");
            resp.headers().set(HttpHeaderNames.CONNECTION, "Upgrade");
            resp.headers().set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            ctx.writeAndFlush(resp);
            ctx.pipeline().remove(HttpServerCodec.class);
            tunnel = true;
            openTunnels.incrementAndGet();
        }

        private void sendStatus(ChannelHandlerContext ctx, int code) {
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code));
            if (code != 204 && code != 304) {
                HttpUtil.setContentLength(resp, 0);
            }
            keepAlive(resp);
            finish(ctx.writeAndFlush(resp), req);
        }

        private void sendChunked(ChannelHandlerContext ctx) {
            HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpUtil.setTransferEncodingChunked(resp, true);
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
            keepAlive(resp);
            ctx.write(resp);
            for (int i = 0; i < 5; i++) {
                ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer("chunk " + i + ";", StandardCharsets.US_ASCII)));
            }
            LastHttpContent last = new DefaultLastHttpContent();
            last.trailingHeaders().set("X-Checksum", "abc123");
            finish(ctx.writeAndFlush(last), req);
        }

        private void sendHeaders(ChannelHandlerContext ctx) {
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CREATED,
                    Unpooled.wrappedBuffer(HELLO));
            resp.headers().add("X-Zeta", "last-first");
            resp.headers().add("x-lower", "1");
            resp.headers().add("Set-Cookie", "a=1");
            resp.headers().add("Set-Cookie", "b=2");
            resp.headers().add("X-Alpha", "second");
            HttpUtil.setContentLength(resp, HELLO.length);
            keepAlive(resp);
            finish(ctx.writeAndFlush(resp), req);
        }

        /** A response with a body (none for HEAD, or for a status that has none), to the request {@code of}. */
        private void sendFull(ChannelHandlerContext ctx, HttpRequest of, HttpResponseStatus status, byte[] bytes) {
            boolean bodiless = of.method().name().equals("HEAD") || status.code() == 204 || status.code() == 304;
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    bodiless ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
            if (status.code() != 204 && status.code() != 304) {
                HttpUtil.setContentLength(resp, bytes.length);
            }
            if (!HttpUtil.isKeepAlive(of)) {
                resp.headers().set(HttpHeaderNames.CONNECTION, "close");
            } else if (of.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                resp.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
            }
            finish(ctx.writeAndFlush(resp), of);
        }

        private void sendLarge(ChannelHandlerContext ctx, long n) {
            HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpUtil.setContentLength(resp, n);
            keepAlive(resp);
            ctx.write(resp);
            new LargeWriter(ctx, req, n).run();
        }

        private final class LargeWriter implements Runnable {
            private final ChannelHandlerContext ctx;
            private final HttpRequest of;
            private final long n;
            private long sent;

            LargeWriter(ChannelHandlerContext ctx, HttpRequest of, long n) {
                this.ctx = ctx;
                this.of = Objects.requireNonNull(of);
                this.n = n;
            }

            @Override
            public void run() {
                while (sent < n && ctx.channel().isWritable()) {
                    int len = (int) Math.min(16384, n - sent);
                    ByteBuf b = ctx.alloc().buffer(len);
                    for (int i = 0; i < len; i++) {
                        b.writeByte(patternByte(sent + i));
                    }
                    sent += len;
                    largeBytesSent.addAndGet(len);
                    ctx.write(new DefaultHttpContent(b));
                }
                if (sent >= n) {
                    finish(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), of);
                } else {
                    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
                        if (f.isSuccess()) {
                            ctx.executor().execute(this);
                        }
                    });
                }
            }
        }
    }

    private static final Set<String> FIXED = Set.of("/hello", "/echo", "/chunked", "/large", "/headers",
            "/then-idle-close", "/slow", "/reset", "/ws");
}
