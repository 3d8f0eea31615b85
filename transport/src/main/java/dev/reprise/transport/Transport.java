package dev.reprise.transport;

import dev.reprise.format.InvalidSettingsException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

import java.util.List;
import java.util.Optional;

/**
 * The socket transport: Linux io_uring or epoll where their native libraries load and the kernel
 * allows them, the JDK's NIO everywhere. A program asks {@link #best(List)} with its own order of
 * preference, measured (docs/bench-notes/io-uring.md); the user can name one with
 * {@value #PROPERTY}, which then is used or refused, never swapped for another.
 */
public enum Transport {
    IO_URING("io_uring") {
        @Override
        Optional<Throwable> unavailability() {
            return IoUring.isAvailable() ? Optional.empty() : Optional.of(IoUring.unavailabilityCause());
        }

        @Override
        IoHandlerFactory handlerFactory() {
            return IoUringIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerChannel> serverChannel() {
            return IoUringServerSocketChannel.class;
        }

        @Override
        public Class<? extends SocketChannel> clientChannel() {
            return IoUringSocketChannel.class;
        }
    },
    EPOLL("epoll") {
        @Override
        Optional<Throwable> unavailability() {
            return Epoll.isAvailable() ? Optional.empty() : Optional.of(Epoll.unavailabilityCause());
        }

        @Override
        IoHandlerFactory handlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerChannel> serverChannel() {
            return EpollServerSocketChannel.class;
        }

        @Override
        public Class<? extends SocketChannel> clientChannel() {
            return EpollSocketChannel.class;
        }
    },
    NIO("nio") {
        @Override
        Optional<Throwable> unavailability() {
            return Optional.empty();
        }

        @Override
        IoHandlerFactory handlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerChannel> serverChannel() {
            return NioServerSocketChannel.class;
        }

        @Override
        public Class<? extends SocketChannel> clientChannel() {
            return NioSocketChannel.class;
        }
    };

    /** The system property naming the transport: {@code io_uring}, {@code epoll}, {@code nio} or {@code auto}. */
    public static final String PROPERTY = "reprise.transport";

    /** What {@code auto} (or no property) tries by default, in order. */
    public static final List<Transport> DEFAULT_ORDER = List.of(EPOLL, NIO);

    /**
     * The order for a program that measured io_uring cheaper per request than epoll (the capture
     * proxy: docs/bench-notes/io-uring.md); epoll where io_uring is off, as in containers whose
     * seccomp profile blocks it, and NIO off Linux.
     */
    public static final List<Transport> IO_URING_FIRST = List.of(IO_URING, EPOLL, NIO);

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    /** Why this transport cannot run here, or empty when it can. */
    abstract Optional<Throwable> unavailability();

    abstract IoHandlerFactory handlerFactory();

    public abstract Class<? extends ServerChannel> serverChannel();

    public abstract Class<? extends SocketChannel> clientChannel();

    /** The name the property takes and logs print. */
    public String label() {
        return label;
    }

    /** The label, so that start lines read "(io_uring)" as the property is written. */
    @Override
    public String toString() {
        return label;
    }

    public boolean isAvailable() {
        return unavailability().isEmpty();
    }

    public EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, handlerFactory());
    }

    /** {@link #best(List)} with {@link #DEFAULT_ORDER}. */
    public static Transport best() {
        return best(DEFAULT_ORDER);
    }

    /**
     * The transport {@value #PROPERTY} names, or the first of {@code order} that runs here. The
     * property is read once per JVM, at the first call.
     *
     * @throws InvalidSettingsException naming the value when it is not a transport, or the reason
     *         when the transport it names cannot run here
     */
    public static Transport best(List<Transport> order) {
        return Requested.VALUE.transport().orElseGet(() -> firstAvailable(order));
    }

    /**
     * The transport a property value asks for: a name, or {@code auto} / nothing for the first
     * available of {@code order}. A named transport is used or refused, never swapped for another:
     * a user who asked for io_uring and silently got epoll would measure the wrong thing.
     */
    public static Transport choose(String value, List<Transport> order) {
        return requested(value).orElseGet(() -> firstAvailable(order));
    }

    /** The transport a property value names, or empty for {@code auto} or no value. */
    private static Optional<Transport> requested(String value) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("auto")) {
            return Optional.empty();
        }
        Transport named = named(value.strip());
        Optional<Throwable> why = named.unavailability();
        if (why.isPresent()) {
            throw new InvalidSettingsException("-D" + PROPERTY + "=" + named.label + ": " + named.label
                    + " is not available here (" + oneLine(why.get()) + "); use auto for the best that is");
        }
        return Optional.of(named);
    }

    private static Transport firstAvailable(List<Transport> order) {
        for (Transport t : order) {
            if (t.isAvailable()) {
                return t;
            }
        }
        return NIO;
    }

    private static Transport named(String value) {
        for (Transport t : values()) {
            if (t.label.equalsIgnoreCase(value)) {
                return t;
            }
        }
        throw new InvalidSettingsException("-D" + PROPERTY + "=" + oneLine(value)
                + ": not a transport; use io_uring, epoll, nio or auto");
    }

    private static String oneLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return oneLine(message);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    /** The property's answer, worked out once; a refusal is kept and thrown again at every call. */
    private static final class Requested {
        static final Request VALUE = Request.of(System.getProperty(PROPERTY));
    }

    private record Request(Optional<Transport> named, String error) {
        static Request of(String value) {
            try {
                return new Request(requested(value), null);
            } catch (InvalidSettingsException e) {
                return new Request(Optional.empty(), e.getMessage());
            }
        }

        Optional<Transport> transport() {
            if (error != null) {
                throw new InvalidSettingsException(error);
            }
            return named;
        }
    }
}
