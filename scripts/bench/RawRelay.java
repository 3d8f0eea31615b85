import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;

/**
 * The floor of raw-byte forwarding on this stack: a Netty relay on one epoll event loop, one
 * upstream connection per client connection, bytes passed on as read with no HTTP parsing at all,
 * shaped like the capture proxy (AUTO_READ off, read again once the write has flushed, flush per
 * read batch). With "copy" it also copies every byte read once into a heap array, as a recorder
 * that keeps the raw bytes would. It is what a raw-forwarding capture proxy could reach at best:
 * framing, recording and checks only add to it. With "autoread" both sides keep reading (AUTO_READ
 * on, no read-interest change per exchange) and a side stops reading only while the other is not
 * writable: what asking for every read costs on epoll (an epoll_ctl each way per message).
 *
 *   java -cp reprise-capture-proxy.jar scripts/bench/RawRelay.java LISTEN_PORT UPSTREAM_PORT [copy|autoread]
 */
public final class RawRelay {
    static volatile long copied;

    public static void main(String[] args) throws Exception {
        int listen = Integer.parseInt(args[0]);
        int upstream = Integer.parseInt(args[1]);
        boolean copy = args.length > 2 && args[2].equals("copy");
        boolean autoRead = args.length > 2 && args[2].equals("autoread");
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        new ServerBootstrap().group(loop).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        client.pipeline().addLast(new Front(upstream, copy, autoRead));
                    }
                })
                .bind("127.0.0.1", listen).sync().channel().closeFuture().sync();
    }

    static final class Front extends ChannelInboundHandlerAdapter {
        private final int upstreamPort;
        private final boolean copy;
        private final boolean autoRead;
        private Channel up;

        Front(int upstreamPort, boolean copy, boolean autoRead) {
            this.upstreamPort = upstreamPort;
            this.copy = copy;
            this.autoRead = autoRead;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, autoRead)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new Pipe(client, copy, autoRead))
                    .connect("127.0.0.1", upstreamPort).addListener((ChannelFutureListener) f -> {
                        if (f.isSuccess()) {
                            up = f.channel();
                            if (autoRead) {
                                client.config().setAutoRead(true);
                            } else {
                                up.read();
                                client.read();
                            }
                        } else {
                            client.close();
                        }
                    });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (copy) {
                keep((ByteBuf) msg);
            }
            up.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            flushThenRead(up, ctx.channel(), autoRead);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (autoRead) {
                up.config().setAutoRead(ctx.channel().isWritable());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (up != null) {
                up.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    static final class Pipe extends ChannelInboundHandlerAdapter {
        private final Channel client;
        private final boolean copy;
        private final boolean autoRead;

        Pipe(Channel client, boolean copy, boolean autoRead) {
            this.client = client;
            this.copy = copy;
            this.autoRead = autoRead;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (copy) {
                keep((ByteBuf) msg);
            }
            client.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            flushThenRead(client, ctx.channel(), autoRead);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (autoRead) {
                client.config().setAutoRead(ctx.channel().isWritable());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            client.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Flushes what was written to {@code to}; without auto-read, reads {@code from} again once it is out. */
    static void flushThenRead(Channel to, Channel from, boolean autoRead) {
        if (autoRead) {
            to.flush();
            if (!to.isWritable()) {
                from.config().setAutoRead(false);
            }
            return;
        }
        to.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                from.read();
            }
        });
    }

    /** One copy of what was read, as a recorder of raw bytes would make. */
    static void keep(ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), a);
        copied += a.length;
    }
}
