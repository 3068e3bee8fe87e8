package dev.cadenza.bridge.keyboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cadenza.bridge.clock.InternalTransport;
import dev.cadenza.bridge.testing.ManualClock;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PitchRange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The keyboard's quantiser: nearest step, at least one step, re-strikes, range, finality. */
class PlayedRollTest {
    private static final long STEP = 125_000_000L; // 16ths at 120 BPM
    private final ManualClock clock = new ManualClock(0);
    private final InternalTransport transport = new InternalTransport(clock, 120);
    private final KeyboardInput input = new KeyboardInput(clock, -1);
    private final PitchRange range = new PitchRange(60, 63);
    private final PlayedRoll roll = new PlayedRoll(range, transport, 4, input.notes());

    PlayedRollTest() {
        transport.start(1_000_000_000L); // step 0 at 1 s
    }

    private long at(double steps) {
        return 1_000_000_000L + Math.round(steps * STEP);
    }

    private List<String> frames(int steps) {
        roll.take();
        Frame f = new Frame(range);
        List<String> out = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            roll.fill(s, f, false);
            out.add(f.toString());
        }
        return out;
    }

    @Test
    @DisplayName("onsets snap to the nearest step, half a step either way; ends too; a note lasts a step at least")
    void quantisesToTheNearestStep() {
        input.accept(at(0.49), 0x90, 60, 80); // late by under half a step: step 0
        input.accept(at(1.45), 0x80, 60, 0);  // ends at step 1
        input.accept(at(1.6), 0x90, 61, 80);  // early by under half a step: step 2
        input.accept(at(1.7), 0x80, 61, 0);   // released at once: still one step
        input.accept(at(3.0), 0x90, 62, 80);
        input.accept(at(4.0), 0x90, 62, 80);  // struck again while down: ends and strikes again
        input.accept(at(5.2), 0x90, 62, 0);   // velocity-0 note-on ends it
        assertEquals(List.of("|...", "....", ".|..", "..|.", "..|.", "...."), frames(6));
    }

    @Test
    @DisplayName("notes outside the model's range are left out and counted; held keys count from their step")
    void outOfRangeAndHeldKeys() {
        input.accept(at(0), 0x90, 59, 80);
        input.accept(at(0), 0x90, 64, 80);
        input.accept(at(1), 0x90, 63, 80);
        assertEquals(List.of("....", "...|", "...-"), frames(3));
        assertEquals(2, roll.outOfRange());
        assertEquals(1, roll.downCount());
        Frame f = new Frame(range);
        roll.fill(0, f, true);
        assertEquals("...-", f.toString(), "a key down now counts ahead of its step when asked (accompaniment)");
    }

    @Test
    @DisplayName("a step's frame is final once half of it has gone by")
    void finality() {
        assertEquals(at(3.5), roll.finalAt(3));
        assertEquals(3, roll.nearestStep(at(3.49)));
        assertEquals(4, roll.nearestStep(at(3.51)));
    }

    @Test
    @DisplayName("a keyboard that vanished has its keys released, so nothing is held forever")
    void releaseAllEndsHeldKeys() {
        input.accept(at(0), 0x90, 60, 80);
        input.accept(at(0), 0x91, 62, 80);
        input.accept(at(1), 0x80, 60, 0);
        input.accept(at(1), 0x90, 60, 80);
        roll.take();
        assertEquals(2, roll.downCount());
        clock.set(at(3));
        input.releaseAll();
        roll.take();
        assertEquals(0, roll.downCount());
        assertEquals(List.of("|.|.", "|.-.", "-.-.", "...."), frames(4));
    }
}
