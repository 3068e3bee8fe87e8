package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.rtpmidi.wire.RtpMidiCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;

/**
 * The send path: complete MIDI messages to every connected participant, one RTP-MIDI packet each,
 * stamped now and written as a ready datagram to the data port; and the idle guard's All Notes Off,
 * sent the same way once the output has been idle with no note held (see {@link IdleGuard}).
 *
 * <p>{@link #send} runs on one sending thread at a time: no lock, no blocking, the packet buffer
 * pooled; what it allocates is Netty's datagram envelope and write task, about 170 bytes per
 * participant. It reads the connected participants as the array {@link ParticipantTable} replaces
 * whole.
 */
final class SendPath {
    private final int ssrc;
    private final NanoClock clock;
    private final IdleGuard idleGuard;
    private final SessionTransport transport;
    private final ParticipantTable participants;
    private final ClockExchange clocks;
    private final RtpMidiCounters counters;
    private volatile boolean stopped;

    SendPath(RtpMidiConfig config, int ssrc, SessionTransport transport, ParticipantTable participants,
            ClockExchange clocks, RtpMidiCounters counters) {
        this.ssrc = ssrc;
        this.clock = config.clock();
        this.idleGuard = new IdleGuard(config.idleGuardAfter().toNanos());
        this.transport = transport;
        this.participants = participants;
        this.clocks = clocks;
        this.counters = counters;
    }

    /**
     * Sends complete MIDI messages (status bytes first; running status allowed) to every connected
     * participant, in one packet each, stamped now. Sending thread only; real-time safe but for the
     * datagram envelope per participant.
     *
     * @throws IllegalArgumentException naming the byte when {@code midi} is not complete messages
     *     or is longer than one packet holds
     */
    void send(byte[] midi, int offset, int length) {
        int section = RtpMidiCodec.commandSectionBytes(midi, offset, length);
        if (section == 0) {
            return;
        }
        long nowNanos = clock.nanos();
        idleGuard.recordSent(midi, offset, length, nowNanos);
        transmit(midi, offset, length, section, nowNanos);
    }

    /** Sends All Notes Off on the channels the idle guard says need it now, if any. Event loop only. */
    void guardIdleOutput(long nowNanos) {
        int channels = idleGuard.channelsToSilence(nowNanos);
        if (channels == 0) {
            return;
        }
        int length = 0;
        byte[] midi = new byte[3 * Integer.bitCount(channels)]; // once per idle period: not the hot path
        for (int channel = 0; channel < 16; channel++) {
            if ((channels & (1 << channel)) != 0) {
                midi[length++] = (byte) (0xB0 | channel);
                midi[length++] = 123;
                midi[length++] = 0;
            }
        }
        counters.increment(RtpMidiCounter.IDLE_GUARDS_SENT);
        transmit(midi, 0, length, RtpMidiCodec.commandSectionBytes(midi, 0, length), nowNanos);
    }

    /** Sends nothing from now on: the session is closing. Any thread. */
    void stop() {
        stopped = true;
    }

    private void transmit(byte[] midi, int offset, int length, int section, long nowNanos) {
        Channel channel = transport.dataChannel();
        if (stopped || !channel.isActive()) {
            return;
        }
        long timestamp = clocks.ticks(nowNanos) & 0xFFFF_FFFFL;
        for (Participant p : participants.connected()) {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(RtpMidiCodec.RTP_HEADER_BYTES + 2 + section);
            RtpMidiCodec.encodeMessages(p.nextSequenceNumber(), timestamp, ssrc, midi, offset, length, buf);
            channel.writeAndFlush(new DatagramPacket(buf, p.dataAddress), channel.voidPromise());
            counters.increment(RtpMidiCounter.PACKETS_SENT);
        }
    }
}
