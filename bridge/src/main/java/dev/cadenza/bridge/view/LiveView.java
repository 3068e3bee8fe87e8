package dev.cadenza.bridge.view;

import dev.cadenza.bridge.BridgeException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code cadenza play --view}: a page, served by Cadenza itself, that shows the stream as a piano
 * roll scrolling with it, the live controls as knobs and buttons, and the stream's health.
 *
 * <p>HTTP and WebSocket on Netty (one event-loop thread), the page's static files from the jar.
 * Every request must carry the view's random token ({@code ?token=...}, printed in its URL) or is
 * refused with 403; by default it listens on 127.0.0.1 only, and {@code --view-host 0.0.0.0} opens
 * it to the network (a tablet as a control surface). What the page shows comes from
 * {@link ViewFeed}, on its own thread: the real-time threads never touch the network, and a slow or
 * vanished browser only loses messages of its own (counted).
 */
public final class LiveView implements AutoCloseable {
    private final FeedHolder feed;
    private EventLoopGroup group;
    private Channel server;
    private String url;

    private LiveView(FeedHolder feed) {
        this.feed = feed;
    }

    /** The feed once {@link #show} gave it, for the connections' handlers. */
    static final class FeedHolder {
        volatile ViewFeed feed;
    }

    /**
     * Listens on {@code host}:{@code port} (port 0: any free one); pages are served at once, the
     * stream once {@link #show} says what it is. Throws a {@link BridgeException} naming the address
     * when it cannot listen there.
     */
    public static LiveView listen(String host, int port, Consumer<String> log) {
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        InetAddress address = address(host);
        FeedHolder feed = new FeedHolder();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, runnable -> {
            Thread t = new Thread(runnable, "cadenza-view-net");
            t.setDaemon(true);
            return t;
        }, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    // a browser more than a few seconds of messages behind is not written to
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 * 1024, 16 * 1024))
                    .childOption(ChannelOption.SO_SNDBUF, 16 * 1024)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 * 1024),
                                    new ViewHttpHandler(token, feed, log));
                        }
                    })
                    .bind(new InetSocketAddress(address, port)).sync().channel();
            int bound = ((InetSocketAddress) server.localAddress()).getPort();
            LiveView view = new LiveView(feed);
            view.group = group;
            view.server = server;
            view.url = "http://" + shownHost(address) + ":" + bound + "/?token=" + token;
            return view;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new BridgeException("interrupted while opening the live view", e);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (e.getCause() instanceof BindException || e instanceof io.netty.channel.ChannelException) {
                throw new BridgeException("cannot serve the live view on " + host + ":" + port + ": "
                        + e.getMessage() + " (expected a free port: --view-port N, or 0 for any)", e);
            }
            throw e;
        } catch (Exception e) { // a checked BindException from sync()
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new BridgeException("cannot serve the live view on " + host + ":" + port + ": " + e.getMessage()
                    + " (expected a free port: --view-port N, or 0 for any)", e);
        }
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new BridgeException("unknown --view-host: " + host + " (expected an address such as 127.0.0.1,"
                    + " or 0.0.0.0 for every interface)", e);
        }
    }

    /** The address to print: the machine's LAN address when listening on every interface. */
    private static String shownHost(InetAddress bound) {
        if (!bound.isAnyLocalAddress()) {
            return bound instanceof Inet6Address ? "[" + bound.getHostAddress() + "]" : bound.getHostAddress();
        }
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (!(a instanceof Inet6Address)) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // no interface to name: fall back to the loopback
        }
        return "127.0.0.1";
    }

    /** Starts showing {@code source}: its feed runs from now on. Once. */
    public void show(ViewSource source) {
        if (feed.feed != null) {
            throw new IllegalStateException("the live view already shows a stream");
        }
        ViewFeed f = new ViewFeed(source);
        f.start();
        feed.feed = f;
    }

    /** The page's address, token included. */
    public String url() {
        return url;
    }

    /** Messages not sent to a browser that could not keep up, over all browsers. */
    public long messagesDropped() {
        ViewFeed f = feed.feed;
        return f == null ? 0 : f.dropped();
    }

    /** Browsers connected now. */
    public int clients() {
        ViewFeed f = feed.feed;
        return f == null ? 0 : f.clients();
    }

    @Override
    public void close() {
        ViewFeed f = feed.feed;
        if (f != null) {
            f.close();
        }
        server.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
