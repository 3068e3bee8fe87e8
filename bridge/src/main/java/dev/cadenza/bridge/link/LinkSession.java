package dev.cadenza.bridge.link;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.link.LinkWire.Discovery;
import dev.cadenza.bridge.link.LinkWire.Kind;
import dev.cadenza.bridge.link.LinkWire.Measurement;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Cadenza as a peer of a Link session on the local network: it announces itself by multicast,
 * hears the other peers, measures the session's shared clock ("ghost time") against its own by a
 * ping/pong exchange, joins the older of two sessions that meet (the one whose clock has run
 * longer), adopts the session's timeline (tempo and beat grid) and, with start/stop sync, its
 * start and stop; and proposes its own tempo or start/stop to the others.
 *
 * <p>Everything protocol runs on one Netty event-loop thread. What the stream reads is one
 * immutable {@link State}, replaced whole (a volatile read: real-time safe). Host time is the
 * stream's {@link NanoClock} in microseconds, so the timeline lands in the stream's own clock.
 *
 * <p>Robustness: a malformed or foreign datagram is counted and dropped (the first one logged);
 * a peer silent for its time to live, or saying bye-bye, is dropped; the network interfaces are
 * looked at again every two seconds, so a network that goes away leaves the session playing alone
 * at its last tempo (said once) and one that comes back is joined again.
 */
public final class LinkSession implements AutoCloseable {
    /** Seconds a peer's announcement stays valid; announcements go out every {@link #ANNOUNCE_MILLIS}. */
    static final int TTL_SECONDS = 5;
    static final long ANNOUNCE_MILLIS = 250;
    static final long INTERFACE_SCAN_MILLIS = 2000;
    /** Ping/pong exchanges per measurement of a session's clock; the median offset is kept. */
    static final int MEASUREMENT_SAMPLES = 16;
    static final long PING_TIMEOUT_MILLIS = 50;
    static final int PING_ATTEMPTS = 20;
    /** Two sessions whose clocks differ by less than this are as old as each other. */
    static final long SESSION_EPSILON_MICROS = 500_000;
    /** How long a session found younger than ours is left alone before it is measured again. */
    static final long REMEASURE_MILLIS = 10_000;

    /**
     * What the session is now, as the stream reads it.
     *
     * @param sessionId the session this peer is in
     * @param timeline the session's tempo and beat grid, in session time
     * @param ghostOffsetMicros session time minus host time ({@link NanoClock} microseconds)
     * @param startStop the session's start/stop state (this peer's own without sync)
     * @param peers other peers in the same session
     */
    public record State(long sessionId, Timeline timeline, long ghostOffsetMicros, StartStop startStop, int peers) {
        /** Session time at host time {@code hostNanos}, in microseconds. */
        public double ghostMicros(long hostNanos) {
            return hostNanos / 1e3 + ghostOffsetMicros;
        }

        /** Host time ({@link NanoClock} nanoseconds) at session time {@code ghostMicros}. */
        public long hostNanos(double ghostMicros) {
            return Math.round((ghostMicros - ghostOffsetMicros) * 1e3);
        }

        /** The session's beat at host time {@code hostNanos}. */
        public double beatsAt(long hostNanos) {
            return timeline.beatsAt(Math.round(ghostMicros(hostNanos)));
        }

        /** Host time at which the session's beat {@code beats} falls. */
        public long hostNanosAt(double beats) {
            return hostNanos(timeline.ghostAt(beats));
        }
    }

    /**
     * How to join.
     *
     * @param bpm the tempo of a session this peer founds (until it hears another)
     * @param startStopSync whether to follow and propose start and stop
     * @param interfaces the network interfaces to use by name; empty for loopback and every one that
     *     is up and has IPv4 multicast
     */
    public record Options(double bpm, boolean startStopSync, List<String> interfaces) {
        public Options {
            checkTempo(bpm);
            interfaces = List.copyOf(interfaces);
        }
    }

    private final NanoClock clock;
    private final Options options;
    private final Consumer<String> log;
    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop loop;
    private final long nodeId;
    private final AtomicLong malformed = new AtomicLong();
    private final InetSocketAddress groupAddress = new InetSocketAddress(LinkWire.GROUP, LinkWire.PORT);
    private Channel multicast;
    /** The interfaces in use, by name: each with its own unicast socket (announcements, responses, pings). */
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    /** Interfaces whose socket is being opened. */
    private final java.util.Set<String> opening = new java.util.HashSet<>();
    private final Map<Long, Peer> peers = new HashMap<>();
    private final Map<Long, Measuring> measuring = new HashMap<>();
    /** Sessions measured and found younger than ours, with when they may be measured again. */
    private final Map<Long, Long> youngerUntil = new HashMap<>();
    private final List<ScheduledFuture<?>> periodic = new ArrayList<>();
    private boolean saidAlone;
    private volatile Consumer<State> listener = s -> { };
    private volatile State state;
    private volatile boolean closed;

    private record Endpoint(InterfaceAddress address, Channel channel) {
        InetSocketAddress local() {
            return new InetSocketAddress(address.getAddress(), ((InetSocketAddress) channel.localAddress()).getPort());
        }

        boolean reaches(InetAddress peer) {
            return sameSubnet(address.getAddress(), peer, address.getNetworkPrefixLength());
        }
    }

    private record Peer(Discovery last, long expiresNanos) {
    }

    /** A measurement in progress of the session of peer {@code node}, through its endpoint. */
    private static final class Measuring {
        final long node;
        final long session;
        final InetSocketAddress to;
        final Channel via;
        final double[] offsets = new double[MEASUREMENT_SAMPLES];
        final long[] roundTrips = new long[MEASUREMENT_SAMPLES];
        int count;
        int attempts;
        long previousGhost = Long.MIN_VALUE;
        ScheduledFuture<?> timeout;

        Measuring(long node, long session, InetSocketAddress to, Channel via) {
            this.node = node;
            this.session = session;
            this.to = to;
            this.via = via;
        }
    }

    private LinkSession(NanoClock clock, Options options, Consumer<String> log) {
        this.clock = clock;
        this.options = options;
        this.log = log;
        this.nodeId = newId();
        long ghostOffset = -hostMicros(); // a new session's clock starts at 0
        this.state = new State(nodeId, Timeline.at(options.bpm(), 0, 0), ghostOffset, StartStop.NONE, 0);
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("cadenza-link", true),
                NioIoHandler.newFactory());
        this.loop = group.next();
    }

    /**
     * Joins Link on the local network: listens on Link's multicast port, announces this peer on
     * every allowed interface and starts hearing peers.
     *
     * @throws BridgeException when Link's port cannot be opened, or a named interface does not exist
     */
    public static LinkSession join(NanoClock clock, Options options, Consumer<String> log) {
        LinkSession session = new LinkSession(clock, options, log);
        try {
            session.bindMulticast();
            session.call(() -> {
                session.start();
                return null;
            });
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    private static void checkTempo(double bpm) {
        if (!(bpm >= Timeline.MIN_BPM && bpm <= Timeline.MAX_BPM)) {
            throw new BridgeException("invalid Link tempo: " + bpm + " BPM (expected " + (int) Timeline.MIN_BPM + ".."
                    + (int) Timeline.MAX_BPM + ")");
        }
    }

    /** A random id of eight printable ASCII characters, as Ableton's peers make theirs. */
    static long newId() {
        SecureRandom random = new SecureRandom();
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = id << 8 | (33 + random.nextInt(94));
        }
        return id;
    }

    /** The session now. Any thread; real-time safe. */
    public State state() {
        return state;
    }

    /** This peer's node id. */
    public long nodeId() {
        return nodeId;
    }

    /** Calls {@code l} with each new state, on the session's thread (it must not block). */
    public void onChange(Consumer<State> l) {
        listener = l;
    }

    /** Datagrams dropped as malformed or foreign so far. Any thread. */
    public long malformed() {
        return malformed.get();
    }

    /** Proposes a new tempo to the session from now on, the beat kept. Any thread; nothing once closed. */
    public void proposeTempo(double bpm) {
        checkTempo(bpm);
        onLoop(() -> {
            State s = state;
            long ghost = Math.round(s.ghostMicros(clock.nanos()));
            publish(s.sessionId(), s.timeline().withTempo(bpm, ghost), s.ghostOffsetMicros(), s.startStop());
            announce(Kind.ALIVE, null);
        });
    }

    /** Starts or stops the session's transport (with start/stop sync, every peer's). Any thread; nothing once closed. */
    public void setPlaying(boolean playing) {
        onLoop(() -> {
            State s = state;
            long now = clock.nanos();
            long ghost = Math.round(s.ghostMicros(now));
            StartStop ss = new StartStop(playing, Math.round(s.beatsAt(now) * 1e6), ghost);
            publish(s.sessionId(), s.timeline(), s.ghostOffsetMicros(), ss);
            announce(Kind.ALIVE, null);
        });
    }

    /** Runs {@code task} on the event loop; nothing once the session is closed (a key pressed as it stops). */
    private void onLoop(Runnable task) {
        if (closed || loop.isShuttingDown()) {
            return;
        }
        try {
            loop.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile: the session is gone, and with it what was asked of it
        }
    }

    /** Says bye-bye to the session, closes the sockets and stops the event loop. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!loop.isShuttingDown()) {
            try {
                call(() -> {
                    periodic.forEach(f -> f.cancel(false));
                    announce(Kind.BYEBYE, null); // written at once: a datagram channel on its own loop
                    endpoints.values().forEach(e -> e.channel().close());
                    if (multicast != null) {
                        multicast.close();
                    }
                    return null;
                });
            } catch (BridgeException ignored) {
                // closing anyway
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    // ---- event loop from here on ----

    /** Opens Link's multicast port, shared with other Link programs on this machine. Caller's thread. */
    private void bindMulticast() {
        var bound = bootstrap(new Inbound()).option(ChannelOption.SO_REUSEADDR, true)
                .bind(new InetSocketAddress(LinkWire.PORT)).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new BridgeException("cannot open Link's UDP port " + LinkWire.PORT + ": "
                    + bound.cause().getMessage() + " (another program holds it without sharing it; close it and"
                    + " start again)", bound.cause());
        }
        multicast = bound.channel();
    }

    private void start() {
        try {
            usableInterfaces(options.interfaces(), true); // an interface named that does not exist is refused now
        } catch (SocketException e) {
            throw new BridgeException("cannot list the network interfaces for Link: " + e.getMessage(), e);
        }
        scanInterfaces();
        periodic.add(loop.scheduleAtFixedRate(() -> guarded(this::tick), ANNOUNCE_MILLIS, ANNOUNCE_MILLIS,
                TimeUnit.MILLISECONDS));
        periodic.add(loop.scheduleAtFixedRate(() -> guarded(this::scanInterfaces), INTERFACE_SCAN_MILLIS,
                INTERFACE_SCAN_MILLIS, TimeUnit.MILLISECONDS));
    }

    /** Runs a periodic task so that a failure is said and the next run still comes (a throwing task would stop repeating). */
    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.accept("Link: " + e.getMessage() + "; going on");
        }
    }

    private Bootstrap bootstrap(Inbound inbound) {
        return new Bootstrap().group(loop)
                .channelFactory(() -> new NioDatagramChannel(SocketProtocolFamily.INET))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(LinkWire.MAX_DATAGRAM_BYTES + 1))
                .handler(inbound);
    }

    private void tick() {
        long now = clock.nanos();
        boolean changed = peers.values().removeIf(p -> p.expiresNanos() < now);
        if (changed) {
            publishPeers();
        }
        announce(Kind.ALIVE, null);
    }

    /** Binds the interfaces allowed that have appeared, lets go of those that are gone. */
    private void scanInterfaces() {
        Map<String, InterfaceAddress> wanted;
        try {
            wanted = usableInterfaces(options.interfaces(), false);
        } catch (SocketException e) {
            log.accept("Link: cannot list the network interfaces (" + e.getMessage() + "); trying again");
            return;
        }
        for (String name : new ArrayList<>(endpoints.keySet())) {
            Endpoint e = endpoints.get(name);
            InterfaceAddress now = wanted.get(name);
            if (now == null || !now.getAddress().equals(e.address().getAddress())) {
                endpoints.remove(name);
                e.channel().close();
                log.accept("Link: interface " + name + " is gone; playing on at " + String.format("%.1f",
                        state.timeline().bpm()) + " BPM");
            }
        }
        for (Map.Entry<String, InterfaceAddress> w : wanted.entrySet()) {
            if (!endpoints.containsKey(w.getKey()) && !opening.contains(w.getKey())) {
                open(w.getKey(), w.getValue());
            }
        }
        boolean network = wanted.keySet().stream().anyMatch(n -> !isLoopback(n));
        if (!network && !saidAlone) {
            saidAlone = true;
            log.accept("Link: " + (options.interfaces().isEmpty()
                    ? "no network interface with IPv4 multicast other than loopback: only Link peers on this"
                    + " machine can be found (connect to a network, or name an interface with --link-interface)"
                    : "none of the network interfaces " + options.interfaces() + " is up with an IPv4 address")
                    + "; playing at " + String.format("%.1f", state.timeline().bpm()) + " BPM meanwhile");
        } else if (network) {
            saidAlone = false;
        }
    }

    private static boolean isLoopback(String name) {
        try {
            NetworkInterface n = NetworkInterface.getByName(name);
            return n != null && n.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }

    /** Opens a socket on interface {@code name} and joins Link's group there, without waiting (event loop). */
    private void open(String name, InterfaceAddress address) {
        NetworkInterface nif;
        try {
            nif = NetworkInterface.getByName(name);
        } catch (SocketException e) {
            return;
        }
        if (nif == null) {
            return;
        }
        opening.add(name);
        bootstrap(new Inbound()).option(ChannelOption.IP_MULTICAST_IF, nif)
                .bind(new InetSocketAddress(address.getAddress(), 0)).addListener((ChannelFuture bound) -> {
                    if (!bound.isSuccess()) {
                        opening.remove(name);
                        log.accept("Link: cannot open a socket on " + name + " (" + bound.cause().getMessage()
                                + "); trying again");
                        return;
                    }
                    ((DatagramChannel) multicast).joinGroup(groupAddress, nif).addListener(joined -> {
                        opening.remove(name);
                        if (!joined.isSuccess() && !String.valueOf(joined.cause().getMessage()).contains("already")) {
                            log.accept("Link: cannot join Link's multicast group on " + name + " ("
                                    + joined.cause().getMessage() + "); trying again");
                            bound.channel().close();
                            return;
                        }
                        if (closed) {
                            bound.channel().close();
                            return;
                        }
                        Endpoint e = new Endpoint(address, bound.channel());
                        endpoints.put(name, e);
                        log.accept("Link: on " + name + " (" + address.getAddress().getHostAddress() + ")");
                        announce(Kind.ALIVE, null);
                    });
                });
    }

    /** Sends this peer's state: {@code to} null multicasts it on every interface, else unicasts it there. */
    private void announce(Kind kind, InetSocketAddress to) {
        State s = state;
        for (Endpoint e : endpoints.values()) {
            if (to != null && !e.reaches(to.getAddress())) {
                continue;
            }
            byte[] bytes = LinkWire.encode(new Discovery(kind, TTL_SECONDS, nodeId, s.sessionId(), s.timeline(),
                    s.startStop(), e.local()));
            send(e.channel(), bytes, to != null ? to : groupAddress);
            if (to != null) {
                return;
            }
        }
    }

    private void send(Channel channel, byte[] bytes, InetSocketAddress to) {
        if (channel.isActive()) {
            channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), to), channel.voidPromise());
        }
    }

    private void received(Channel channel, DatagramPacket packet) {
        ByteBuffer data = packet.content().nioBuffer();
        try {
            if (LinkWire.isMeasurement(data)) {
                if (channel != multicast) {
                    measurement(channel, LinkWire.decodeMeasurement(data), packet.sender());
                }
            } else {
                discovery(LinkWire.decodeDiscovery(data), packet.sender());
            }
        } catch (IllegalArgumentException e) {
            if (malformed.getAndIncrement() == 0) {
                log.accept("Link: dropped a datagram from " + packet.sender() + ": " + e.getMessage()
                        + " (further ones are counted, not logged)");
            }
        }
    }

    private void discovery(Discovery m, InetSocketAddress sender) {
        if (m.nodeId() == nodeId) {
            return; // our own announcement, looped back
        }
        if (m.kind() == Kind.BYEBYE) {
            if (peers.remove(m.nodeId()) != null) {
                publishPeers();
            }
            return;
        }
        boolean isNew = !peers.containsKey(m.nodeId());
        peers.put(m.nodeId(), new Peer(m, clock.nanos() + TimeUnit.SECONDS.toNanos(Math.max(1, m.ttlSeconds()))));
        if (isNew && m.kind() == Kind.ALIVE) {
            announce(Kind.RESPONSE, sender);
        }
        State s = state;
        if (m.sessionId() == s.sessionId()) {
            publish(s.sessionId(), newer(s.timeline(), m.timeline()), s.ghostOffsetMicros(),
                    newer(s.startStop(), m.startStop()));
        } else {
            maybeMeasure(m, sender);
            publishPeers();
        }
    }

    private void maybeMeasure(Discovery m, InetSocketAddress sender) {
        Long until = youngerUntil.get(m.sessionId());
        if (measuring.containsKey(m.sessionId()) || until != null && until > clock.nanos() || m.endpoint() == null) {
            return;
        }
        Endpoint via = null;
        for (Endpoint e : endpoints.values()) {
            if (e.reaches(m.endpoint().getAddress()) || e.reaches(sender.getAddress())) {
                via = e;
                break;
            }
        }
        if (via == null) {
            return;
        }
        Measuring x = new Measuring(m.nodeId(), m.sessionId(), m.endpoint(), via.channel());
        measuring.put(m.sessionId(), x);
        ping(x);
    }

    private void ping(Measuring x) {
        if (x.attempts++ >= PING_ATTEMPTS + MEASUREMENT_SAMPLES) {
            measuring.remove(x.session);
            youngerUntil.put(x.session, clock.nanos() + TimeUnit.MILLISECONDS.toNanos(REMEASURE_MILLIS));
            return;
        }
        send(x.via, LinkWire.encode(Measurement.ping(hostMicros(), x.previousGhost)), x.to);
        x.timeout = loop.schedule(() -> ping(x), PING_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Answers a ping at once, from the socket it came to (a peer's first pings may come before we announce); takes a pong into its measurement. */
    private void measurement(Channel channel, Measurement m, InetSocketAddress sender) {
        if (!m.pong()) {
            State s = state;
            long ghost = Math.round(s.ghostMicros(clock.nanos()));
            send(channel, LinkWire.encode(new Measurement(true, s.sessionId(), ghost, m.hostMicros(),
                    m.previousGhostMicros())), sender);
            return;
        }
        Measuring x = measuring.get(m.sessionId());
        if (x == null || !x.to.equals(sender)) {
            return;
        }
        long now = hostMicros();
        // the peer read its clock about half-way between our ping and its pong
        x.roundTrips[x.count] = now - m.hostMicros();
        x.offsets[x.count++] = m.ghostMicros() - (m.hostMicros() + now) / 2.0;
        x.previousGhost = m.ghostMicros();
        if (x.timeout != null) {
            x.timeout.cancel(false);
        }
        if (x.count < MEASUREMENT_SAMPLES) {
            ping(x);
            return;
        }
        measuring.remove(x.session);
        long offset = Math.round(fastestOffset(x.offsets, x.roundTrips));
        decide(x, offset);
    }

    /**
     * The clock offset from a measurement's samples: the median of the quarter with the shortest
     * round trips. A long round trip is a wait on one leg (a thread not yet woken), which moves the
     * half-way point off the moment the peer read its clock.
     */
    static double fastestOffset(double[] offsets, long[] roundTrips) {
        Integer[] order = new Integer[offsets.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(roundTrips[a], roundTrips[b]));
        int n = Math.max(1, offsets.length / 4);
        double[] fastest = new double[n];
        for (int i = 0; i < n; i++) {
            fastest[i] = offsets[order[i]];
        }
        Arrays.sort(fastest);
        return n % 2 == 1 ? fastest[n / 2] : (fastest[n / 2 - 1] + fastest[n / 2]) / 2;
    }

    /**
     * Joins the measured session if it is the older: if its clock has run longer than ours by more
     * than {@link #SESSION_EPSILON_MICROS}; within that, the session with the smaller id (as
     * unsigned bytes) wins, as Ableton's peers decide (observed: two LinkHutSilent enabled up to
     * half a second apart always met in the smaller id's session, one second apart in the first's).
     */
    private void decide(Measuring x, long theirOffset) {
        State s = state;
        if (x.session == s.sessionId()) {
            return;
        }
        long difference = theirOffset - s.ghostOffsetMicros(); // how much longer their clock has run
        boolean theirsWins = difference > SESSION_EPSILON_MICROS
                || Math.abs(difference) <= SESSION_EPSILON_MICROS && Long.compareUnsigned(x.session, s.sessionId()) < 0;
        Peer peer = peers.get(x.node);
        if (peer == null || !theirsWins) {
            youngerUntil.put(x.session, clock.nanos() + TimeUnit.MILLISECONDS.toNanos(REMEASURE_MILLIS));
            return;
        }
        // the newest timeline and start/stop any peer of that session announced (one may have changed
        // the tempo while we measured)
        Discovery d = peer.last();
        Timeline timeline = d.timeline();
        StartStop startStop = options.startStopSync() ? d.startStop() : s.startStop();
        for (Peer p : peers.values()) {
            Discovery o = p.last();
            if (o.sessionId() == x.session) {
                timeline = newer(timeline, o.timeline());
                startStop = newer(startStop, o.startStop());
            }
        }
        publish(x.session, timeline, theirOffset, startStop);
        log.accept(String.format("Link: joined session %s at %.2f BPM (%d peer%s)", LinkWire.idText(x.session),
                timeline.bpm(), state.peers(), state.peers() == 1 ? "" : "s"));
        youngerUntil.clear();
        announce(Kind.ALIVE, null);
    }

    /** Within a session the timeline with the later time origin wins (the last tempo or beat change). */
    private static Timeline newer(Timeline ours, Timeline theirs) {
        return theirs.timeOrigin() > ours.timeOrigin() ? theirs : ours;
    }

    /** With start/stop sync, the later start or stop wins; without it, ours stays. */
    private StartStop newer(StartStop ours, StartStop theirs) {
        return options.startStopSync() && theirs.timestamp() > ours.timestamp() ? theirs : ours;
    }

    private void publish(long session, Timeline timeline, long ghostOffset, StartStop startStop) {
        State next = new State(session, timeline, ghostOffset, startStop, countPeers(session));
        if (!next.equals(state)) {
            state = next;
            listener.accept(next);
        }
    }

    private void publishPeers() {
        State s = state;
        publish(s.sessionId(), s.timeline(), s.ghostOffsetMicros(), s.startStop());
    }

    private int countPeers(long session) {
        int n = 0;
        for (Peer p : peers.values()) {
            if (p.last().sessionId() == session) {
                n++;
            }
        }
        return n;
    }

    private long hostMicros() {
        return Math.floorDiv(clock.nanos(), 1000);
    }

    private <T> T call(java.util.concurrent.Callable<T> task) {
        try {
            return loop.submit(task).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted while joining Link", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof BridgeException b ? b : new BridgeException("Link failed: " + cause, cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new BridgeException("Link did not answer within 5 s", e);
        }
    }

    /**
     * The interfaces Link may use, by name, with their IPv4 address: those named, or every one that
     * is up and supports multicast, and the loopback interface.
     *
     * @param strict whether a named interface that does not exist is an error (at the start; later it
     *     may have been unplugged)
     * @throws BridgeException when {@code strict} and a named interface does not exist
     */
    static Map<String, InterfaceAddress> usableInterfaces(List<String> named, boolean strict) throws SocketException {
        Map<String, InterfaceAddress> out = new LinkedHashMap<>();
        List<NetworkInterface> all = Collections.list(NetworkInterface.getNetworkInterfaces());
        for (String name : strict ? named : List.<String>of()) {
            if (all.stream().noneMatch(n -> n.getName().equals(name))) {
                throw new BridgeException("no network interface '" + name + "' for Link (this machine has: "
                        + all.stream().map(NetworkInterface::getName).sorted().toList() + ")");
            }
        }
        for (NetworkInterface n : all) {
            // loopback too: Link peers on this machine (Live beside Cadenza) announce themselves there
            boolean allowed = named.isEmpty() ? n.isLoopback() || n.supportsMulticast() : named.contains(n.getName());
            if (!allowed || !n.isUp()) {
                continue;
            }
            for (InterfaceAddress a : n.getInterfaceAddresses()) {
                if (a.getAddress() instanceof Inet4Address) {
                    out.put(n.getName(), a);
                    break;
                }
            }
        }
        return out;
    }

    static boolean sameSubnet(InetAddress a, InetAddress b, int prefix) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** Hands each datagram to the protocol; a failure never closes a socket. */
    private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            if (!closed) {
                received(ctx.channel(), packet);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (malformed.getAndIncrement() == 0) {
                log.accept("Link: a socket error (" + cause.getMessage() + "); going on");
            }
        }
    }
}
