package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.rtpmidi.wire.AppleMidiCodec;
import dev.cadenza.bridge.rtpmidi.wire.AppleMidiCommand;
import dev.cadenza.bridge.rtpmidi.wire.AppleMidiMessage;
import dev.cadenza.bridge.rtpmidi.wire.Invitation;
import dev.cadenza.bridge.rtpmidi.wire.RtpMidiCodec;
import dev.cadenza.bridge.rtpmidi.wire.RtpMidiPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A hand-driven participant on two plain sockets of the loopback: it joins a session with the
 * codec's messages and then sends whatever bytes a test wants, well-formed or not.
 */
final class RawPeer implements AutoCloseable {
    final DatagramSocket control;
    final DatagramSocket data;
    final int ssrc;
    final int token;
    private final InetSocketAddress sessionControl;
    private final InetSocketAddress sessionData;

    RawPeer(int sessionPort, int ssrc, int token) throws IOException {
        this(InetAddress.getLoopbackAddress(), sessionPort, ssrc, token);
    }

    /** A peer on {@code host} (another loopback address, e.g. 127.0.0.2, plays another machine). */
    RawPeer(InetAddress host, int sessionPort, int ssrc, int token) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.control = new DatagramSocket(new InetSocketAddress(host, 0));
        this.data = new DatagramSocket(new InetSocketAddress(host, 0));
        control.setSoTimeout(5_000);
        data.setSoTimeout(5_000);
        this.ssrc = ssrc;
        this.token = token;
        this.sessionControl = new InetSocketAddress(loopback, sessionPort);
        this.sessionData = new InetSocketAddress(loopback, sessionPort + 1);
    }

    /** Invites the session on both ports and waits for both OKs. */
    void join(String name) throws IOException {
        sendControl(encode(new Invitation(token, ssrc, name)));
        expect(control, AppleMidiCommand.INVITATION_ACCEPTED);
        sendData(encode(new Invitation(token, ssrc, name)));
        expect(data, AppleMidiCommand.INVITATION_ACCEPTED);
    }

    static byte[] encode(AppleMidiMessage message) {
        ByteBuf buf = Unpooled.buffer();
        AppleMidiCodec.encode(message, buf);
        return ByteBufUtil.getBytes(buf);
    }

    static byte[] encode(RtpMidiPacket packet) {
        ByteBuf buf = Unpooled.buffer();
        RtpMidiCodec.encode(packet, buf);
        return ByteBufUtil.getBytes(buf);
    }

    void sendControl(byte[] bytes) throws IOException {
        control.send(new DatagramPacket(bytes, bytes.length, sessionControl));
    }

    void sendData(byte[] bytes) throws IOException {
        data.send(new DatagramPacket(bytes, bytes.length, sessionData));
    }

    /** Reads datagrams on {@code socket} until one is {@code command}; returns it. */
    static AppleMidiMessage expect(DatagramSocket socket, AppleMidiCommand command) throws IOException {
        byte[] buffer = new byte[2048];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            ByteBuf buf = Unpooled.wrappedBuffer(buffer, 0, packet.getLength());
            if (AppleMidiCodec.hasSignature(buf)) {
                AppleMidiMessage message = AppleMidiCodec.decode(buf);
                if (message.command() == command) {
                    return message;
                }
            }
        }
    }

    @Override
    public void close() {
        control.close();
        data.close();
    }
}
