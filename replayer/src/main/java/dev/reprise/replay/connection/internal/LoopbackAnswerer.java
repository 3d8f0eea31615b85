package dev.reprise.replay.connection.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway HTTP server on loopback for the warm-up and the rehearsal before t0: it answers every
 * request in order, once the request's last byte is in, with responses shaped like a web server's
 * (several headers, framing by Content-Length and, every fourth answer, chunked), so the response
 * decoder's branches are the ones a real target takes, and a HEAD without a body. A request it
 * cannot parse closes its connection; the warm-ups throw that error away like every other result.
 */
final class LoopbackAnswerer implements AutoCloseable {
    private static final String HEAD = "HTTP/1.1 200 OK\r\nServer: reprise-warm-up\r\n"
            + "Date: Sun, 06 Dec 2026 12:00:00 GMT\r\nContent-Type: text/html\r\n";
    private static final String AFTER = "Last-Modified: Sun, 06 Dec 2026 11:00:00 GMT\r\nConnection: keep-alive\r\n"
            + "ETag: \"6931b5c0-64\"\r\nAccept-Ranges: bytes\r\n\r\n";
    private static final String BODY = "x".repeat(100);
    private static final byte[] SIZED = ascii(HEAD + "Content-Length: 100\r\n" + AFTER + BODY);
    private static final byte[] CHUNKED = ascii(HEAD + "Transfer-Encoding: chunked\r\n" + AFTER
            + "40\r\n" + BODY.substring(0, 64) + "\r\n24\r\n" + BODY.substring(64) + "\r\n0\r\n\r\n");
    private static final byte[] HEAD_ANSWER = ascii(HEAD + "Content-Length: 100\r\n" + AFTER);

    /**
     * Whatever a capture took in, however long its target or its headers: the replay sends it
     * as captured (the proxy's own limits are configurable), and the rehearsal should answer it.
     */
    private static final HttpDecoderConfig LENIENT = new HttpDecoderConfig().setMaxInitialLineLength(1 << 20)
            .setMaxHeaderSize(1 << 20).setMaxChunkSize(64 * 1024).setValidateHeaders(false);

    private final EventLoopGroup group;
    private final Channel server;

    private LoopbackAnswerer(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    static LoopbackAnswerer start() {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpRequestDecoder(LENIENT), new Answering());
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).syncUninterruptibly().channel();
            return new LoopbackAnswerer(group, server);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Answers each request once its last byte is in, in order: Netty's decoder frames the requests
     * (bodies by Content-Length or chunks), so a replayed body never reads as another request.
     */
    private static final class Answering extends SimpleChannelInboundHandler<HttpObject> {
        private boolean head;
        private int answered;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg.decoderResult().isFailure()) {
                ctx.close();
                return;
            }
            if (msg instanceof HttpRequest r) {
                head = HttpMethod.HEAD.equals(r.method());
            }
            if (msg instanceof LastHttpContent) {
                ctx.write(Unpooled.wrappedBuffer(head ? HEAD_ANSWER : ++answered % 4 == 0 ? CHUNKED : SIZED));
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
