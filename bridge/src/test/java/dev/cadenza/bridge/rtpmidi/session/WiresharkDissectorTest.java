package dev.cadenza.bridge.rtpmidi.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures a whole session on the loopback with tshark and has Wireshark's own AppleMIDI and
 * RTP-MIDI dissectors read every packet. Needs Debian's tshark ({@code apt-get install -y tshark})
 * and the right to capture on {@code lo} (root, or dumpcap's capabilities). Skipped locally
 * without it; fails under CI ({@code CI=true}).
 */
class WiresharkDissectorTest {
    /** Wireshark's expert-info severity "error" (PI_ERROR). */
    private static final long EXPERT_ERROR = 0x0080_0000L;
    /**
     * AppleMIDI has no port of its own, so Wireshark finds it by a heuristic; without this, a
     * random session port that some other protocol registered (34980, EtherCAT, failed CI once)
     * is read as that protocol before the heuristic is tried.
     */
    private static final String HEURISTICS_FIRST = "udp.try_heuristic_first:TRUE";

    @TempDir
    Path directory;

    @Test
    @DisplayName("Wireshark decodes every packet of a session as AppleMIDI or RTP-MIDI, none malformed")
    void wiresharkReadsEverySessionPacket() throws Exception {
        assumeTshark();
        int portA = NodePeer.freeEvenPortPair();
        int portB;
        do {
            portB = NodePeer.freeEvenPortPair();
        } while (portB == portA);
        Path capture = directory.resolve("session.pcapng");
        String filter = String.format("udp port %d or udp port %d or udp port %d or udp port %d",
                portA, portA + 1, portB, portB + 1);
        Process tshark = new ProcessBuilder("tshark", "-i", "lo", "-f", filter, "-w", capture.toString())
                .redirectErrorStream(true).start();
        CountDownLatch capturing = new CountDownLatch(1);
        List<String> tsharkSaid = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(tshark.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (tsharkSaid) {
                        tsharkSaid.add(line);
                    }
                    if (line.contains("Capturing on") || line.contains("Capture started")) {
                        capturing.countDown();
                    }
                }
            } catch (IOException e) {
                // ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            assertTrue(capturing.await(30, TimeUnit.SECONDS), "tshark did not start capturing: " + tsharkSaid);
            Thread.sleep(300);
            runSession(portA, portB);
            Thread.sleep(300);
        } finally {
            tshark.destroy(); // SIGTERM: tshark closes the file properly
            if (!tshark.waitFor(15, TimeUnit.SECONDS)) {
                tshark.destroyForcibly();
            }
        }

        List<String> protocols = run("tshark", "-r", capture.toString(), "-o", HEURISTICS_FIRST,
                "-T", "fields", "-e", "frame.protocols");
        assertTrue(protocols.size() >= 14, "too few packets captured: " + protocols + "; tshark said " + tsharkSaid);
        for (String p : protocols) {
            assertTrue(p.endsWith(":applemidi") || p.endsWith(":applemidi:rtp:rtpmidi"),
                    "a packet Wireshark did not read as AppleMIDI or RTP-MIDI: " + p);
        }
        long midiPackets = protocols.stream().filter(p -> p.endsWith(":rtpmidi")).count();
        assertTrue(midiPackets >= 3, "RTP-MIDI packets captured: " + midiPackets);
        List<String> bad = run("tshark", "-r", capture.toString(), "-o", HEURISTICS_FIRST, "-Y",
                "_ws.malformed || _ws.expert.severity >= " + EXPERT_ERROR);
        assertEquals(List.of(), bad, "packets Wireshark flags as malformed or in error");
    }

    private static void runSession(int portA, int portB) throws Exception {
        RecordingReceiver atB = new RecordingReceiver();
        RecordingReceiver atA = new RecordingReceiver();
        try (RtpMidiSession a = RtpMidiSession.start(RtpMidiSessionTest.loopback("A").withPort(portA), atA, atA);
                RtpMidiSession b = RtpMidiSession.start(RtpMidiSessionTest.loopback("B").withPort(portB), atB, atB)) {
            a.invite("127.0.0.1", portB).get(10, TimeUnit.SECONDS);
            a.send(RtpMidiSessionTest.hex("90 3C 64 3E 64 F8 80 3C 00"));
            b.send(RtpMidiSessionTest.hex("F0 7D 01 02 F7 B0 07 64 E0 00 40 C1 05 F2 10 20 FA"));
            StringBuilder many = new StringBuilder();
            for (int key = 40; key < 52; key++) {
                many.append(String.format("91 %02X 50 ", key));
            }
            a.send(RtpMidiSessionTest.hex(many.toString().trim())); // a long command section (B=1)
            atB.awaitMessages(4 + 12, Duration.ofSeconds(10));
            atA.awaitMessages(6, Duration.ofSeconds(10));
            Thread.sleep(1_200); // receiver feedback and a second clock sync
        } // BY
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed: " + out);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    private static void assumeTshark() {
        boolean present;
        try {
            Process p = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        if (!present) {
            if ("true".equals(System.getenv("CI"))) {
                fail("this test needs tshark: apt-get install -y tshark");
            }
            Assumptions.abort("tshark is not installed (apt-get install -y tshark)");
        }
    }
}
