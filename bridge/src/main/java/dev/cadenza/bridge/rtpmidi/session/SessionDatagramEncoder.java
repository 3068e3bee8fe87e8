package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.rtpmidi.wire.AppleMidiCodec;
import dev.cadenza.bridge.rtpmidi.wire.AppleMidiMessage;
import dev.cadenza.bridge.rtpmidi.wire.RtpMidiCodec;
import dev.cadenza.bridge.rtpmidi.wire.RtpMidiPacket;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Encodes an addressed {@link AppleMidiMessage} or {@link RtpMidiPacket} into a datagram. Stateless
 * and sharable. The session's MIDI hot path does not come through here: it writes ready
 * datagrams itself, to avoid the envelope.
 */
@Sharable
public final class SessionDatagramEncoder
        extends MessageToMessageEncoder<AddressedEnvelope<?, InetSocketAddress>> {

    @Override
    public boolean acceptOutboundMessage(Object msg) throws Exception {
        return msg instanceof AddressedEnvelope<?, ?> envelope
                && (envelope.content() instanceof AppleMidiMessage
                        || envelope.content() instanceof RtpMidiPacket)
                && envelope.recipient() instanceof InetSocketAddress;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, AddressedEnvelope<?, InetSocketAddress> envelope,
            List<Object> out) {
        var buf = ctx.alloc().ioBuffer(64);
        try {
            if (envelope.content() instanceof AppleMidiMessage message) {
                AppleMidiCodec.encode(message, buf);
            } else {
                RtpMidiCodec.encode((RtpMidiPacket) envelope.content(), buf);
            }
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        out.add(new DatagramPacket(buf, envelope.recipient(), envelope.sender()));
    }
}
