package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.rtpmidi.wire.RtpMidiCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The send path: complete MIDI messages to every connected participant, one RTP-MIDI packet each,
 * stamped now and written as a ready datagram to the data port; and the idle guard's All Notes Off,
 * sent the same way once the output has been idle with no note held (see {@link IdleGuard}).
 *
 * <p>{@link #send} runs on one sending thread at a time and allocates nothing, takes no lock and
 * blocks on nothing: it puts the MIDI into a preallocated ring ({@link SendRing}) and, when the
 * event loop is not already on its way, wakes it with one preallocated task; the event loop
 * encodes one packet per participant and writes it (the datagram envelope is made there). Written
 * from the sending thread, each packet cost Netty's write task and envelope there, about 170 bytes
 * a send. The event loop reads the connected participants as the array {@link ParticipantTable}
 * replaces whole.
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
    /** 1 MiB: 80,000 sends of three bytes, hundreds of the largest; far more than the event loop falls behind. */
    private final SendRing ring = new SendRing(1 << 20);
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

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
     * participant, in one packet each, stamped now (when this is called, whenever the event loop
     * writes it). Sending thread only; real-time safe: no allocation, no lock, no blocking (waking the
     * event loop is at most one non-blocking write to its wake-up descriptor).
     *
     * @throws IllegalArgumentException naming the byte when {@code midi} is not complete messages
     *     or is longer than one packet holds
     */
    void send(byte[] midi, int offset, int length) {
        int section = RtpMidiCodec.commandSectionBytes(midi, offset, length);
        if (section == 0 || stopped) {
            return;
        }
        long nowNanos = clock.nanos();
        idleGuard.recordSent(midi, offset, length, nowNanos);
        if (!ring.offer(nowNanos, midi, offset, length)) {
            counters.increment(RtpMidiCounter.SENDS_DROPPED);
            return;
        }
        if (!drainScheduled.getAndSet(true)) {
            try {
                transport.execute(drain);
            } catch (RejectedExecutionException closing) {
                // the session closed between the check above and here: nothing more is sent
            }
        }
    }

    /** Sends what the sending thread left in the ring, in order. Event loop only. */
    void drain() {
        drainScheduled.set(false); // before reading: a send after this point schedules another drain
        byte[] bytes = ring.bytes();
        for (int record; (record = ring.peek()) >= 0; ) {
            int offset = SendRing.midiOffset(record);
            int length = ring.length(record);
            transmit(bytes, offset, length, RtpMidiCodec.commandSectionBytes(bytes, offset, length), ring.nanos(record));
            ring.drop(record);
        }
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
