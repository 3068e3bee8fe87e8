package dev.cadenza.bridge.keyboard;

import static dev.cadenza.bridge.keyboard.KeyboardRig.BEAT;
import static dev.cadenza.bridge.keyboard.KeyboardRig.STEP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.testing.FakeModel;
import dev.cadenza.bridge.testing.RecordingPort.Sent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each keyboard mode driven by a virtual keyboard (a MIDI file replayed in real time under a
 * virtual clock) into a live stream that plays into a recording port. The model is a seeded fake
 * that strikes notes every step, so whenever it is asked to play, it is heard.
 */
class KeyboardModesTest {
    @TempDir
    Path dir;

    /** Steps of the FakeModel's range a frame string has: 12 pitches, 60..71. */
    private static String frame(int pitch, boolean struck) {
        char[] c = "............".toCharArray();
        c[pitch - 60] = struck ? '|' : '-';
        return new String(c);
    }

    @Test
    @DisplayName("continue: the phrase is observed step by step, and the model continues it for the set bars")
    void continueObservesThePhraseAndContinuesIt() throws Exception {
        Path file = new Phrase().note(60, 0, 1).note(62, 1, 1).note(64, 2, 1).note(65, 3, 1).write(dir.resolve("p.mid"));
        FakeModel model = new FakeModel(4);
        KeyboardRig rig = new KeyboardRig(model, KeyboardOptions.of(PlayMode.CONTINUE).withAnswerBars(1), file, 6, 7)
                .run(4);

        List<String> expected = new ArrayList<>();
        int[] pitches = {60, 62, 64, 65};
        for (int k = 0; k < 16; k++) {
            expected.add(frame(pitches[k / 4], k % 4 == 0));
        }
        assertEquals(expected, model.observed, "the model observed the phrase, quantised, without the silence after it");

        long decided = rig.beatNanos(4 + 4 + KeyboardOptions.DEFAULT_SILENCE_BEATS); // last release + 2 silent beats
        List<Sent> ons = rig.generatedOns();
        assertFalse(ons.isEmpty(), "the model answered");
        assertTrue(ons.get(0).nanos() >= decided, "nothing generated while listening");
        assertTrue(ons.get(0).nanos() - decided <= STEP, "the answer starts within a step of the call's end: "
                + (ons.get(0).nanos() - decided) / 1e6 + " ms");
        long answerEnd = ons.get(0).nanos() + 16 * STEP;
        assertTrue(ons.stream().allMatch(s -> s.nanos() < answerEnd), "the answer lasts one bar, then it listens");
        assertEquals(1, rig.stream.stats().answers());
        assertTrue(rig.stream.stats().answerLatencyNanos(0) <= STEP);
        assertEquals(Set0.EMPTY, rig.port.sounding(), "every note ended");
    }

    @Test
    @DisplayName("call-response: each call gets an answer as long as the call, within a step of its end")
    void callResponseAnswersEachCall() throws Exception {
        Path file = new Phrase()
                .chord(0, 1, 60, 64, 67).chord(1, 1, 62, 65)           // call 1: beats 4..6 of the stream
                .chord(8, 1, 64, 67).chord(9, 1, 65, 69)               // call 2: beats 12..14
                .write(dir.resolve("calls.mid"));
        FakeModel model = new FakeModel(4);
        KeyboardRig rig = new KeyboardRig(model, KeyboardOptions.of(PlayMode.CALL_RESPONSE).withSilenceBeats(1), file, 6, 3)
                .run(4);

        assertEquals(2, rig.stream.stats().answers(), "two calls, two answers");
        double[] callEnds = {6, 14};
        List<Sent> ons = rig.generatedOns();
        for (double end : callEnds) {
            long decided = rig.beatNanos(end + 1);
            List<Sent> answer = ons.stream().filter(s -> s.nanos() >= decided && s.nanos() < decided + 4 * BEAT).toList();
            assertFalse(answer.isEmpty());
            assertTrue(answer.get(0).nanos() - decided <= STEP, "answer within a step of the call's end");
            assertTrue(answer.get(answer.size() - 1).nanos() < answer.get(0).nanos() + 8 * STEP,
                    "the answer is as long as the call: 8 steps");
        }
        assertTrue(ons.stream().allMatch(s -> s.nanos() >= rig.beatNanos(7)), "silent while the first call is played");
        assertEquals(16, model.observed.size(), "both calls observed, 8 steps each");
        for (int i = 0; i < 2; i++) {
            assertTrue(rig.stream.stats().answerLatencyNanos(i) <= STEP);
            assertEquals(rig.stream.stats().answerFromLastNoteNanos(i) - rig.stream.stats().answerLatencyNanos(i),
                    BEAT, 1_000_000, "from the last note: the silence of one beat, plus the answer's latency");
        }
        assertEquals(Set0.EMPTY, rig.port.sounding());
    }

    @Test
    @DisplayName("call-response: an end-call control answers at once, and a held note is never doubled")
    void endCallControlAnswersAtOnce() throws Exception {
        Path file = new Phrase().note(60, 0, 1).note(67, 1, 6).control(27, 127, 2.5).control(27, 0, 2.75)
                .write(dir.resolve("held.mid"));
        FakeModel model = new FakeModel(4);
        KeyboardRig rig = new KeyboardRig(model, KeyboardOptions.of(PlayMode.CALL_RESPONSE).withSilenceBeats(4), file, 4, 5)
                .run(4);

        long control = rig.beatNanos(6.5);
        List<Sent> ons = rig.generatedOns();
        assertFalse(ons.isEmpty());
        assertTrue(ons.get(0).nanos() >= control && ons.get(0).nanos() - control <= STEP,
                "answer within a step of the control: " + (ons.get(0).nanos() - control) / 1e6 + " ms");
        long released = rig.beatNanos(11);
        assertTrue(ons.stream().noneMatch(s -> s.data1() == 67 && s.nanos() < released),
                "the pitch the player holds is not struck by the model");
        assertEquals(Set0.EMPTY, rig.port.sounding());
    }

    @Test
    @DisplayName("continue: playing during an answer cuts it short, and that playing is the next call")
    void playingInterruptsTheAnswer() throws Exception {
        Path file = new Phrase().note(60, 0, 1).note(62, 1, 1)  // call: beats 4..6, answer from beat 8
                .note(64, 6, 1)                                  // played at beat 10, in the middle of the answer
                .write(dir.resolve("interrupt.mid"));
        FakeModel model = new FakeModel(4);
        KeyboardRig rig = new KeyboardRig(model, KeyboardOptions.of(PlayMode.CONTINUE).withAnswerBars(4), file, 6, 11)
                .run(4);

        long interrupt = rig.beatNanos(10);
        List<Sent> generated = rig.generated();
        assertTrue(generated.stream().anyMatch(s -> s.noteOn() && s.nanos() < interrupt), "the answer had begun");
        long nextDecision = rig.beatNanos(13); // the new call's note ends at beat 11, plus 2 silent beats
        assertTrue(generated.stream().noneMatch(s -> s.noteOn() && s.nanos() > interrupt && s.nanos() < nextDecision),
                "nothing generated from the interruption until the new call ends");
        for (int pitch = 60; pitch <= 71; pitch++) {
            for (long[] note : KeyboardRig.intervals(generated, pitch)) {
                assertTrue(note[0] >= interrupt || note[1] <= interrupt, "the answer's notes end when the player comes in");
            }
        }
        assertEquals(2, rig.stream.stats().answers(), "the new call was answered too");
        assertEquals(Set0.EMPTY, rig.port.sounding());
    }

    @Test
    @DisplayName("call-response: looping repeats the last answer; re-roll answers the same call afresh")
    void loopAndReroll() throws Exception {
        Path file = new Phrase().chord(0, 1, 60, 64).chord(1, 1, 62, 65)   // call at beats 4..6, answer 7..9
                .control(28, 127, 3.5).control(28, 0, 3.75)                   // loop on during the answer
                .control(28, 127, 9.5).control(28, 0, 9.75)                   // loop off after three times
                .write(dir.resolve("loop.mid"));
        FakeModel model = new FakeModel(4);
        KeyboardRig rig = new KeyboardRig(model, KeyboardOptions.of(PlayMode.CALL_RESPONSE).withSilenceBeats(1), file, 5, 13)
                .run(4);

        List<Sent> ons = rig.generatedOns();
        long start = ons.get(0).nanos();
        List<String> first = stepsOf(ons, start, 8);
        List<String> second = stepsOf(ons, start + 8 * STEP, 8);
        List<String> third = stepsOf(ons, start + 16 * STEP, 8);
        assertEquals(first, second, "the answer is looped");
        assertEquals(first, third, "and again");
        assertEquals(8, model.frames.size(), "a loop replays the answer; the model samples it once");

        Path reroll = new Phrase().chord(0, 1, 60, 64).chord(1, 1, 62, 65).control(29, 127, 6).control(29, 0, 6.25)
                .write(dir.resolve("reroll.mid"));
        FakeModel second2 = new FakeModel(4);
        KeyboardRig rerolled = new KeyboardRig(second2, KeyboardOptions.of(PlayMode.CALL_RESPONSE).withSilenceBeats(1),
                reroll, 5, 13).run(4);
        assertEquals(2, rerolled.stream.stats().answers(), "the answer, then a new answer to the same call");
        assertEquals(16, second2.observed.size(), "the call observed again after the model was reset");
        assertEquals(second2.observed.subList(0, 8), second2.observed.subList(8, 16));
        assertEquals(2, second2.resets, "reset once at the start, once for the re-roll");
        assertNotEquals(second2.frames.subList(0, 8), second2.frames.subList(8, 16), "a different answer");
        assertEquals(Set0.EMPTY, rerolled.port.sounding());
    }

    /** The pitches struck at each of {@code steps} steps from {@code start}. */
    private static List<String> stepsOf(List<Sent> ons, long start, int steps) {
        List<String> result = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            long t = start + k * STEP;
            result.add(ons.stream().filter(s -> s.nanos() >= t && s.nanos() < t + STEP).map(s -> s.data1())
                    .sorted().toList().toString());
        }
        return result;
    }

    @Test
    @DisplayName("accompany: the model plays around the player; no generated note collides with a played one")
    void accompanyNeverCollidesAndKeepsTheRhythm() throws Exception {
        // off-grid on purpose: the player is not a sequencer
        Phrase phrase = new Phrase();
        double[] starts = {0, 0.52, 0.9, 1.33, 2.07, 2.5, 3.1, 3.74, 4.0, 5.2, 6.45, 7.01};
        int[] pitches = {60, 64, 67, 62, 65, 69, 71, 60, 64, 67, 63, 66};
        for (int i = 0; i < starts.length; i++) {
            phrase.note(pitches[i], starts[i], 0.4 + (i % 3) * 0.35);
        }
        phrase.chord(8, 2, 61, 65, 68);
        Path file = phrase.write(dir.resolve("accompany.mid"));
        for (boolean thru : new boolean[] {false, true}) {
            FakeModel model = new FakeModel(4);
            KeyboardRig rig = new KeyboardRig(model, KeyboardOptions.of(PlayMode.ACCOMPANY).withThru(thru), file, 6, 17)
                    .run(2);
            List<Sent> generated = rig.generated();
            List<Sent> played = rig.played.stream().filter(s -> s.noteOn() || s.noteOff()).toList();
            assertFalse(generated.isEmpty(), "the model accompanied");
            for (int pitch = 60; pitch <= 71; pitch++) {
                for (long[] g : KeyboardRig.intervals(generated, pitch)) {
                    for (long[] p : KeyboardRig.intervals(played, pitch)) {
                        assertTrue(g[1] <= p[0] || g[0] >= p[1], "pitch " + pitch + ": generated [" + g[0] + ", " + g[1]
                                + ") collides with played [" + p[0] + ", " + p[1] + ")");
                    }
                }
            }
            long lastRelease = played.get(played.size() - 1).nanos();
            assertTrue(generated.stream().filter(Sent::noteOn).allMatch(s -> s.nanos() >= rig.beatNanos(2) - STEP / 2
                    && s.nanos() < lastRelease + 2 * BEAT), "the model plays while the player does");
            if (thru) {
                List<Sent> forwarded = rig.forwarded();
                assertEquals(played.size(), forwarded.size());
                for (int i = 0; i < played.size(); i++) {
                    assertEquals(played.get(i), forwarded.get(i), "forwarded as played, at the same time: the rhythm is kept");
                }
            } else {
                assertTrue(rig.forwarded().isEmpty(), "without thru the played notes are not echoed");
            }
            assertEquals(Set0.EMPTY, rig.port.sounding());
        }
    }

    @Test
    @DisplayName("the modes drive the biaxial model as well: it observes the call, answers it, accompanies")
    void biaxialModelPlaysEveryMode() throws Exception {
        Path file = new Phrase().chord(0, 1, 60, 64, 67).chord(1, 1, 62, 65, 69).note(71, 2, 1)
                .write(dir.resolve("biaxial.mid"));
        for (PlayMode mode : new PlayMode[] {PlayMode.CONTINUE, PlayMode.CALL_RESPONSE, PlayMode.ACCOMPANY}) {
            dev.cadenza.engine.biaxial.BiaxialConfig config = new dev.cadenza.engine.biaxial.BiaxialConfig(
                    FakeModel.RANGE, 4, List.of(16, 16), List.of(8, 8), true);
            dev.cadenza.engine.biaxial.BiaxialModel model = new dev.cadenza.engine.biaxial.BiaxialModel(
                    dev.cadenza.engine.biaxial.BiaxialWeights.initial(config, 5));
            KeyboardOptions options = KeyboardOptions.of(mode).withSilenceBeats(1);
            KeyboardRig rig = new KeyboardRig(model, mode == PlayMode.CONTINUE ? options.withAnswerBars(1) : options,
                    file, 4, 21).run(2);
            assertTrue(rig.stream.failure() == null, mode + ": " + rig.stream.failure());
            assertFalse(rig.generatedOns().isEmpty(), mode + ": the model played");
            if (mode != PlayMode.ACCOMPANY) {
                assertEquals(1, rig.stream.stats().answers(), mode + ": the call was answered");
            }
            assertTrue(rig.generatedOns().stream().allMatch(s -> s.nanos() >= rig.beatNanos(2)),
                    mode + ": nothing before the player");
            assertEquals(Set0.EMPTY, rig.port.sounding(), mode + ": every note ended");
        }
    }

    /** An empty set of sounding notes, for readable assertions. */
    private static final class Set0 {
        static final java.util.Set<Integer> EMPTY = java.util.Set.of();
    }
}
