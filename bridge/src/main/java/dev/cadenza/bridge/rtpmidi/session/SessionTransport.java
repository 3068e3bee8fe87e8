package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.rtpmidi.wire.AppleMidiMessage;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultAddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A session's two UDP ports, control N and data N+1, on one Netty event-loop thread: binds them (the
 * pair asked for, or a free even/odd pair), decodes each datagram into a {@link SessionDatagram}
 * for one handler, sends from either port, and runs tasks on the event loop, where all protocol
 * state lives. A datagram whose handling throws is counted and logged; the ports stay open.
 */
final class SessionTransport {
    private static final System.Logger LOG = System.getLogger(SessionTransport.class.getName());
    /** Free control ports tried for one with a free data port above it. */
    private static final int PAIR_ATTEMPTS = 64;

    private final String sessionName;
    private final RtpMidiCounters counters;
    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop loop;
    private Channel controlChannel;
    private Channel dataChannel;
    private int controlPort;
    private ScheduledFuture<?> periodic;

    /** Starts the event loop; no port is bound yet ({@link #bind}). Control thread only. */
    SessionTransport(String sessionName, RtpMidiCounters counters) {
        this.sessionName = sessionName;
        this.counters = counters;
        this.group = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("cadenza-rtpmidi", true, Thread.MAX_PRIORITY),
                NioIoHandler.newFactory());
        this.loop = group.next();
    }

    /**
     * Binds control port {@code port} and data port {@code port + 1} on {@code address} ({@code
     * null} for all), or a free even/odd pair when {@code port} is 0, and hands every datagram they
     * decode to {@code handler} on the event loop. On failure the event loop stops. Control thread
     * only.
     *
     * @throws BridgeException when a port cannot be bound
     */
    void bind(InetAddress address, int port, Consumer<SessionDatagram> handler) {
        DatagramHandler inbound = new DatagramHandler(handler);
        try {
            if (port != 0) {
                controlChannel = bind(PortRole.CONTROL, address, port, inbound);
                dataChannel = bind(PortRole.DATA, address, port + 1, inbound);
            } else {
                bindFreeEvenPair(address, inbound);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        controlPort = ((InetSocketAddress) controlChannel.localAddress()).getPort();
    }

    private void bindFreeEvenPair(InetAddress address, DatagramHandler inbound) {
        for (int attempt = 0; attempt < PAIR_ATTEMPTS; attempt++) {
            Channel control = bind(PortRole.CONTROL, address, 0, inbound);
            int port = ((InetSocketAddress) control.localAddress()).getPort();
            if (port % 2 == 0 && port < 65535) {
                try {
                    dataChannel = bind(PortRole.DATA, address, port + 1, inbound);
                    controlChannel = control;
                    return;
                } catch (BridgeException taken) {
                    // try another pair
                }
            }
            control.close().syncUninterruptibly();
        }
        throw new BridgeException("could not find a free even/odd pair of UDP ports on " + address);
    }

    private Channel bind(PortRole role, InetAddress address, int port, DatagramHandler inbound) {
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 1 << 20)
                .option(ChannelOption.RCVBUF_ALLOCATOR,
                        new FixedRecvByteBufAllocator(SessionDatagramDecoder.MAX_DATAGRAM_BYTES + 1))
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new SessionDatagramDecoder(role, counters),
                                new SessionDatagramEncoder(), inbound);
                    }
                });
        InetSocketAddress local = address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
        var future = bootstrap.bind(local).awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new BridgeException("cannot bind the RTP-MIDI " + role.name().toLowerCase()
                    + " port " + local + ": " + future.cause().getMessage()
                    + " (expected a free UDP port; choose another with --rtp NAME:PORT)", future.cause());
        }
        return future.channel();
    }

    /** The control port N; the data port is N + 1. */
    int controlPort() {
        return controlPort;
    }

    /** Sends {@code message} from {@code port} to {@code to}; nothing while {@code to} is unknown or the port closed. */
    void send(PortRole port, InetSocketAddress to, AppleMidiMessage message) {
        Channel channel = port == PortRole.CONTROL ? controlChannel : dataChannel;
        if (to != null && channel.isActive()) {
            channel.writeAndFlush(new DefaultAddressedEnvelope<>(message, to), channel.voidPromise());
        }
    }

    /** The data port's channel, which the send path writes its ready datagrams to. Any thread. */
    Channel dataChannel() {
        return dataChannel;
    }

    /** Runs {@code task} on the event loop soon. Any thread. */
    void execute(Runnable task) {
        loop.execute(task);
    }

    /** Runs {@code task} on the event loop every {@code periodNanos}, until {@link #close}. Control thread only. */
    void every(long periodNanos, Runnable task) {
        periodic = loop.scheduleAtFixedRate(task, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Runs {@code task} on the event loop and waits for its result (at once when called there).
     * Control thread, or the event loop.
     *
     * @throws BridgeException when the task fails, the loop has stopped, or 5 s pass
     */
    <T> T call(Callable<T> task) {
        if (loop.inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new BridgeException("RTP-MIDI session task failed: " + e.getMessage(), e);
            }
        }
        if (loop.isShuttingDown()) {
            throw new BridgeException("the RTP-MIDI session \"" + sessionName + "\" is closed");
        }
        try {
            return loop.submit(task).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted while waiting for the RTP-MIDI session", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BridgeException("RTP-MIDI session task failed: " + e, e);
        }
    }

    /** Stops the periodic task, closes both ports and stops the event loop. Control thread only. */
    void close() {
        if (periodic != null) {
            periodic.cancel(false);
        }
        if (controlChannel != null) {
            controlChannel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        if (dataChannel != null) {
            dataChannel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** The last handler of both pipelines: a failure in it never closes a port. */
    @Sharable
    private final class DatagramHandler extends SimpleChannelInboundHandler<SessionDatagram> {
        private final Consumer<SessionDatagram> handler;

        DatagramHandler(Consumer<SessionDatagram> handler) {
            this.handler = handler;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, SessionDatagram datagram) {
            try {
                handler.accept(datagram);
            } catch (RuntimeException e) {
                long n = counters.increment(RtpMidiCounter.INTERNAL_ERRORS);
                if (RtpMidiCounters.worthLogging(n)) {
                    LOG.log(Level.WARNING, "RTP-MIDI: handling " + datagram + " failed; the session goes on", e);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // e.g. ICMP port unreachable after a peer vanished: never a reason to close the port
            long n = counters.increment(RtpMidiCounter.INTERNAL_ERRORS);
            if (RtpMidiCounters.worthLogging(n)) {
                LOG.log(Level.WARNING, "RTP-MIDI: channel error; the session goes on: " + cause);
            }
        }
    }
}
