package dev.cadenza.bridge.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.stream.LiveStream;
import dev.cadenza.bridge.testing.FakeModel;
import dev.cadenza.bridge.testing.FakePortSource;
import dev.cadenza.bridge.testing.RecordingPort;
import dev.cadenza.bridge.testing.RecordingPort.Sent;
import dev.cadenza.bridge.testing.VirtualClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Several outputs at once ({@code --out a,b}): each hears the stream, and one that vanishes leaves the others playing. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard against a hang, not a timing check
class FanOutTest {

    private static long noteOns(RecordingPort port) {
        return port.sent().stream().filter(Sent::noteOn).count();
    }

    private static void await(BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            Thread.onSpinWait();
        }
    }

    /** A stream into two fake outputs, started and sounding on the first. */
    private record TwoOutputs(FakePortSource a, FakePortSource b, List<String> log, LiveStream stream) {
        static TwoOutputs start() {
            VirtualClock clock = new VirtualClock();
            FakePortSource a = new FakePortSource(clock, "synth a");
            FakePortSource b = new FakePortSource(clock, "synth b");
            List<String> log = new CopyOnWriteArrayList<>();
            LiveStream stream = LiveStream.builder(new FakeModel(4), FanOut.of(List.of(a, b), log::add)).clock(clock)
                    .log(log::add).build().start();
            await(() -> noteOns(a.last()) > 10);
            return new TwoOutputs(a, b, log, stream);
        }
    }

    @Test
    @DisplayName("two outputs get the same messages at the same times")
    void everyOutputGetsTheStream() {
        VirtualClock clock = new VirtualClock();
        FakePortSource a = new FakePortSource(clock, "synth a");
        FakePortSource b = new FakePortSource(clock, "synth b");
        PortSource both = FanOut.of(List.of(a, b), m -> { });
        assertEquals("synth a + synth b", both.name());
        LiveStream stream = LiveStream.builder(new FakeModel(4), both).clock(clock).build().start();
        await(() -> noteOns(b.last()) > 40);
        stream.stop();
        assertEquals(a.last().sent(), b.last().sent());
        assertEquals(List.of(), List.copyOf(a.last().sounding()));
        assertTrue(a.last().closed() && b.last().closed());
    }

    @Test
    @DisplayName("an output that vanishes is left out, the other plays on, and it is taken back when it returns")
    void aVanishedOutputLeavesTheOthersPlaying() {
        TwoOutputs two = TwoOutputs.start();
        FakePortSource a = two.a();
        FakePortSource b = two.b();
        List<String> log = two.log();
        LiveStream stream = two.stream();
        RecordingPort firstA = a.last();
        a.unplug();
        long bAtUnplug = noteOns(b.last());
        await(() -> log.stream().anyMatch(m -> m.contains("'synth a' is gone")));
        await(() -> noteOns(b.last()) > bAtUnplug + 30);
        assertEquals(1, b.opened.size(), "the other output was never reopened");
        assertTrue(firstA.closed(), "the vanished output was closed");
        assertTrue(stream.running());

        a.plugIn();
        await(() -> a.opened.size() == 2 && noteOns(a.last()) > 10);
        assertTrue(log.stream().anyMatch(m -> m.equals("output 'synth a' is back")), log.toString());
        stream.stop();
        for (RecordingPort port : List.of(a.last(), b.last())) {
            assertEquals(List.of(), List.copyOf(port.sounding()), "every note ended on " + port.name());
        }
        assertEquals(1, log.stream().filter(m -> m.contains("is gone")).count(), "said once: " + log);
        assertEquals(0, log.stream().filter(m -> m.contains("the model keeps playing")).count(),
                "the stream as a whole never lost its output: " + log);
    }

    @Test
    @DisplayName("when every output is gone the stream waits for them as for one lost port")
    void allGoneIsALostPort() {
        TwoOutputs two = TwoOutputs.start();
        FakePortSource a = two.a();
        FakePortSource b = two.b();
        List<String> log = two.log();
        LiveStream stream = two.stream();
        a.unplug();
        b.unplug();
        await(() -> log.stream().anyMatch(m -> m.contains("'synth a + synth b' is gone; the model keeps playing")));
        b.plugIn();
        await(() -> b.opened.size() == 2 && noteOns(b.last()) > 10);
        assertEquals(1, a.opened.size(), "the output still gone is not opened");
        assertTrue(log.stream().anyMatch(m -> m.startsWith("no MIDI output matches 'synth a'; playing into the other")),
                log.toString());
        stream.stop();
        assertEquals(List.of(), List.copyOf(b.last().sounding()));
    }

    @Test
    @DisplayName("one output is itself; one named twice or none at all is refused")
    void namesAreChecked() {
        VirtualClock clock = new VirtualClock();
        FakePortSource a = new FakePortSource(clock, "synth a");
        assertSame(a, FanOut.of(List.of(a), m -> { }));
        BridgeException twice = assertThrows(BridgeException.class,
                () -> FanOut.of(List.of(a, new FakePortSource(clock, "synth a")), m -> { }));
        assertEquals("output 'synth a' is named twice (expected each output once)", twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FanOut.of(List.of(), m -> { }));
    }
}
