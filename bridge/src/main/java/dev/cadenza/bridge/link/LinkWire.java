package dev.cadenza.bridge.link;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The datagrams Link peers exchange, as observed on the wire between Ableton's own peers (captured
 * with tshark; see docs/link.md). Big-endian throughout. Two kinds:
 *
 * <ul>
 *   <li>discovery, multicast to {@value #GROUP}:{@value #PORT} (and unicast as a response):
 *       {@code "_asdp_v" 1}, a message type (1 alive, 2 response, 3 bye-bye), a time to live in
 *       seconds, a group (0), the sender's 8-byte node id, then entries;
 *   <li>measurement, unicast to a peer's measurement endpoint: {@code "_link_v" 1}, a type (1 ping,
 *       2 pong), then entries.
 * </ul>
 *
 * An entry is a four-letter key, a 32-bit size and that many bytes: {@code tmln} the timeline
 * (three 64-bit numbers: microseconds a beat, beat origin in microbeats, time origin in session
 * microseconds), {@code sess} the session id (8 bytes), {@code stst} start/stop (a byte, then beats
 * and a timestamp), {@code mep4} the measurement endpoint (IPv4 address and port), {@code __ht} a
 * host time, {@code __gt} a session ("ghost") time, {@code _pgt} the previous ghost time. Entries
 * with other keys are skipped, so newer peers stay readable.
 */
public final class LinkWire {
    public static final String GROUP = "224.76.78.75";
    public static final int PORT = 20808;
    static final int MAX_DATAGRAM_BYTES = 512;

    private static final byte[] DISCOVERY_MAGIC = "_asdp_v\u0001".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] MEASUREMENT_MAGIC = "_link_v\u0001".getBytes(StandardCharsets.ISO_8859_1);
    private static final int TIMELINE = key("tmln");
    private static final int SESSION = key("sess");
    private static final int START_STOP = key("stst");
    private static final int ENDPOINT_V4 = key("mep4");
    private static final int HOST_TIME = key("__ht");
    private static final int GHOST_TIME = key("__gt");
    private static final int PREVIOUS_GHOST_TIME = key("_pgt");

    private LinkWire() {
    }

    /** A discovery message's type. */
    public enum Kind {
        ALIVE(1), RESPONSE(2), BYEBYE(3);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    /** A peer's state as it announces it; {@code timeline}, {@code startStop} and {@code endpoint} are null in a bye-bye. */
    public record Discovery(Kind kind, int ttlSeconds, long nodeId, long sessionId, Timeline timeline,
            StartStop startStop, InetSocketAddress endpoint) {
    }

    /**
     * A measurement ping or pong. A ping carries the sender's host time (and, from its second on, the
     * ghost time of the last pong); a pong echoes them and adds the responder's session and ghost time.
     * Absent values are {@link Long#MIN_VALUE}.
     */
    public record Measurement(boolean pong, long sessionId, long ghostMicros, long hostMicros, long previousGhostMicros) {
        public static Measurement ping(long hostMicros, long previousGhostMicros) {
            return new Measurement(false, Long.MIN_VALUE, Long.MIN_VALUE, hostMicros, previousGhostMicros);
        }
    }

    /** Whether {@code datagram} starts as a measurement message (else it is read as discovery). */
    public static boolean isMeasurement(ByteBuffer datagram) {
        return startsWith(datagram, MEASUREMENT_MAGIC);
    }

    /** Encodes a discovery message. */
    public static byte[] encode(Discovery m) {
        ByteBuffer b = ByteBuffer.allocate(MAX_DATAGRAM_BYTES);
        b.put(DISCOVERY_MAGIC).put((byte) m.kind().code).put((byte) m.ttlSeconds()).putShort((short) 0)
                .putLong(m.nodeId());
        if (m.kind() != Kind.BYEBYE) {
            Timeline t = m.timeline();
            b.putInt(TIMELINE).putInt(24).putLong(t.microsPerBeat()).putLong(t.beatOrigin()).putLong(t.timeOrigin());
            b.putInt(SESSION).putInt(8).putLong(m.sessionId());
            StartStop s = m.startStop();
            b.putInt(START_STOP).putInt(17).put((byte) (s.playing() ? 1 : 0)).putLong(s.beats()).putLong(s.timestamp());
            if (m.endpoint() != null && m.endpoint().getAddress() instanceof Inet4Address a) {
                b.putInt(ENDPOINT_V4).putInt(6).put(a.getAddress()).putShort((short) m.endpoint().getPort());
            }
        }
        return copy(b);
    }

    /** Encodes a measurement message. */
    public static byte[] encode(Measurement m) {
        ByteBuffer b = ByteBuffer.allocate(MAX_DATAGRAM_BYTES);
        b.put(MEASUREMENT_MAGIC).put((byte) (m.pong() ? 2 : 1));
        if (m.pong()) {
            b.putInt(SESSION).putInt(8).putLong(m.sessionId());
            b.putInt(GHOST_TIME).putInt(8).putLong(m.ghostMicros());
        }
        b.putInt(HOST_TIME).putInt(8).putLong(m.hostMicros());
        if (m.previousGhostMicros() != Long.MIN_VALUE) {
            b.putInt(PREVIOUS_GHOST_TIME).putInt(8).putLong(m.previousGhostMicros());
        }
        return copy(b);
    }

    /**
     * Reads a discovery message.
     *
     * @throws IllegalArgumentException saying what is wrong, for a datagram that is not one
     */
    public static Discovery decodeDiscovery(ByteBuffer d) {
        skipMagic(d, DISCOVERY_MAGIC, 12, "discovery message (no _asdp_v1 header)");
        int type = d.get() & 0xFF;
        Kind kind = switch (type) {
            case 1 -> Kind.ALIVE;
            case 2 -> Kind.RESPONSE;
            case 3 -> Kind.BYEBYE;
            default -> throw new IllegalArgumentException("unknown Link discovery message type " + type);
        };
        int ttl = d.get() & 0xFF;
        d.getShort(); // group
        long node = d.getLong();
        Timeline timeline = null;
        long session = 0;
        boolean hasSession = false;
        StartStop startStop = StartStop.NONE;
        InetSocketAddress endpoint = null;
        while (d.hasRemaining()) {
            int key = entryKey(d);
            int size = entrySize(d, key);
            int end = d.position() + size;
            if (key == TIMELINE) {
                exactly(size, 24, key);
                timeline = new Timeline(d.getLong(), d.getLong(), d.getLong());
            } else if (key == SESSION) {
                exactly(size, 8, key);
                session = d.getLong();
                hasSession = true;
            } else if (key == START_STOP) {
                exactly(size, 17, key);
                startStop = new StartStop(d.get() != 0, d.getLong(), d.getLong());
            } else if (key == ENDPOINT_V4) {
                exactly(size, 6, key);
                byte[] address = new byte[4];
                d.get(address);
                endpoint = new InetSocketAddress(ipv4(address), d.getShort() & 0xFFFF);
            }
            d.position(end);
        }
        if (kind != Kind.BYEBYE && (timeline == null || !hasSession)) {
            throw new IllegalArgumentException("a Link " + kind.name().toLowerCase() + " message without "
                    + (timeline == null ? "a timeline (tmln)" : "a session (sess)"));
        }
        return new Discovery(kind, ttl, node, session, timeline, startStop, endpoint);
    }

    /**
     * Reads a measurement message.
     *
     * @throws IllegalArgumentException saying what is wrong, for a datagram that is not one
     */
    public static Measurement decodeMeasurement(ByteBuffer d) {
        skipMagic(d, MEASUREMENT_MAGIC, 1, "measurement message (no _link_v1 header)");
        int type = d.get() & 0xFF;
        if (type != 1 && type != 2) {
            throw new IllegalArgumentException("unknown Link measurement message type " + type);
        }
        long session = Long.MIN_VALUE;
        long ghost = Long.MIN_VALUE;
        long host = Long.MIN_VALUE;
        long previous = Long.MIN_VALUE;
        while (d.hasRemaining()) {
            int key = entryKey(d);
            int size = entrySize(d, key);
            int end = d.position() + size;
            if (key == SESSION || key == GHOST_TIME || key == HOST_TIME || key == PREVIOUS_GHOST_TIME) {
                exactly(size, 8, key);
                long value = d.getLong();
                if (key == SESSION) {
                    session = value;
                } else if (key == GHOST_TIME) {
                    ghost = value;
                } else if (key == HOST_TIME) {
                    host = value;
                } else {
                    previous = value;
                }
            }
            d.position(end);
        }
        if (host == Long.MIN_VALUE) {
            throw new IllegalArgumentException("a Link " + (type == 2 ? "pong" : "ping") + " without a host time (__ht)");
        }
        if (type == 2 && (session == Long.MIN_VALUE || ghost == Long.MIN_VALUE)) {
            throw new IllegalArgumentException("a Link pong without " + (ghost == Long.MIN_VALUE ? "a ghost time (__gt)"
                    : "a session (sess)"));
        }
        return new Measurement(type == 2, session, ghost, host, previous);
    }

    /** A node or session id as Link peers show it: its 8 bytes as text where printable, else hex. */
    public static String idText(long id) {
        byte[] b = ByteBuffer.allocate(8).putLong(id).array();
        for (byte c : b) {
            if (c < 0x20 || c > 0x7E) {
                return String.format("%016x", id);
            }
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static int entryKey(ByteBuffer d) {
        need(d, 8, "entry header");
        return d.getInt();
    }

    /** The size of entry {@code key}, whose bytes must all be there. */
    private static int entrySize(ByteBuffer d, int key) {
        int size = d.getInt();
        need(d, size, name(key) + " entry of " + size + " bytes");
        return size;
    }

    /**
     * Checks and skips a message's {@code magic}, which at least {@code header} more bytes of header
     * must follow; a datagram without it is "not a Link {@code what}".
     */
    private static void skipMagic(ByteBuffer d, byte[] magic, int header, String what) {
        if (!startsWith(d, magic)) {
            throw new IllegalArgumentException("not a Link " + what);
        }
        need(d, magic.length + header, "header");
        d.position(d.position() + magic.length);
    }

    private static void need(ByteBuffer d, int bytes, String what) {
        if (bytes < 0 || d.remaining() < bytes) {
            throw new IllegalArgumentException("a Link message cut short: " + what + " needs " + bytes
                    + " bytes, " + d.remaining() + " left");
        }
    }

    private static void exactly(int size, int expected, int key) {
        if (size != expected) {
            throw new IllegalArgumentException("a Link " + name(key) + " entry of " + size + " bytes (expected "
                    + expected + ")");
        }
    }

    private static boolean startsWith(ByteBuffer d, byte[] magic) {
        if (d.remaining() < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (d.get(d.position() + i) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv4(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("a Link endpoint with a bad address", e);
        }
    }

    private static int key(String name) {
        byte[] b = name.getBytes(StandardCharsets.ISO_8859_1);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF;
    }

    private static String name(int key) {
        byte[] b = ByteBuffer.allocate(4).putInt(key).array();
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] copy(ByteBuffer b) {
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }
}
