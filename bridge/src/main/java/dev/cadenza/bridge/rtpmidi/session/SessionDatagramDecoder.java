package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.rtpmidi.wire.AppleMidiCodec;
import dev.cadenza.bridge.rtpmidi.wire.MalformedPacketException;
import dev.cadenza.bridge.rtpmidi.wire.RtpMidiCodec;
import dev.cadenza.bridge.rtpmidi.wire.UnknownCommandException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Decodes each datagram of one port into a {@link SessionDatagram}. A datagram that is malformed,
 * of an unknown command, oversized, or RTP on the control port is counted, logged (sparingly) and
 * dropped: nothing is thrown down the pipeline, so no datagram can end a session. Runs on the
 * channel's event loop.
 */
public final class SessionDatagramDecoder extends MessageToMessageDecoder<DatagramPacket> {
    private static final System.Logger LOG = System.getLogger(SessionDatagramDecoder.class.getName());

    /** The largest datagram read; the channel's receive buffer is one byte larger to see more. */
    public static final int MAX_DATAGRAM_BYTES = 4096;

    private final PortRole port;
    private final RtpMidiCounters counters;
    private volatile String lastError = "";

    public SessionDatagramDecoder(PortRole port, RtpMidiCounters counters) {
        super(DatagramPacket.class);
        this.port = port;
        this.counters = counters;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        counters.increment(RtpMidiCounter.DATAGRAMS_RECEIVED);
        var content = packet.content();
        int length = content.readableBytes();
        if (length > MAX_DATAGRAM_BYTES) {
            drop(RtpMidiCounter.OVERSIZED, packet, String.format(
                    "datagram of at least %d bytes (expected at most %d)", length, MAX_DATAGRAM_BYTES));
            return;
        }
        try {
            Object message;
            if (AppleMidiCodec.hasSignature(content)) {
                message = AppleMidiCodec.decode(content);
            } else if (port == PortRole.CONTROL) {
                drop(RtpMidiCounter.MISDIRECTED, packet, "datagram without the FF FF signature on the control port");
                return;
            } else {
                message = RtpMidiCodec.decode(content);
            }
            out.add(new SessionDatagram(port, packet.sender(), message));
        } catch (UnknownCommandException e) {
            drop(RtpMidiCounter.UNKNOWN_COMMAND, packet, e.getMessage());
        } catch (MalformedPacketException e) {
            drop(RtpMidiCounter.MALFORMED, packet, e.getMessage());
        } catch (RuntimeException e) {
            // a codec bug must not end the session either; the fuzz test makes sure there is none
            drop(RtpMidiCounter.INTERNAL_ERRORS, packet, "decoder failure: " + e);
        }
    }

    private void drop(RtpMidiCounter counter, DatagramPacket packet, String why) {
        lastError = why;
        long n = counters.increment(counter);
        packet.content().skipBytes(packet.content().readableBytes());
        if (RtpMidiCounters.worthLogging(n)) {
            LOG.log(Level.WARNING, "RTP-MIDI {0} port: dropped a datagram from {1} ({2} #{3}): {4}",
                    port, packet.sender(), counter, n, why);
        }
    }

    /** The reason for the last drop, for tests and diagnostics; empty before the first. */
    public String lastError() {
        return lastError;
    }
}
