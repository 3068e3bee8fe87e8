package dev.cadenza.trainer.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.cadenza.engine.model.Sampling;
import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.rnnrbm.RnnRbmModel;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.trainer.data.Transpositions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FreeRunningTest {
    private static final PitchRange RANGE = new PitchRange(36, 84);

    @Test
    @DisplayName("the trainer's judge compares with the validation pieces as they were written, not as moved for"
            + " training")
    void judgesAgainstTheMusicAsWritten() {
        List<PianoRoll> written = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            written.add(inG(p));
        }
        List<PianoRoll> moved = Transpositions.toC(written, RANGE);
        assertEquals(5, moved.get(0).movedBy());
        RnnRbmWeights w = new RnnRbmWeights(new RnnRbmConfig(RANGE, 4, 1, 8, 4));
        java.util.Arrays.fill(w.bv, -2f);
        RnnRbmModel model = new RnnRbmModel(w);

        double againstMoved = FreeRunning.judge(model, Sampling.PLAIN, moved).summary();
        assertEquals(FreeRunning.judge(model, Sampling.PLAIN, written).summary(), againstMoved, 1e-12);
        // the moved pieces as they are would judge otherwise (they sit a fourth higher)
        List<PianoRoll> excerpts = Excerpts.generate(model, Sampling.PLAIN.applyTo(model.newControls()),
                FreeRunning.SAMPLES, FreeRunning.BARS, 1);
        assertNotEquals(againstMoved, Judge.versus(excerpts, moved, FreeRunning.BARS, 1).summary());
    }

    /** 20 bars of G major chords under a walking line, in the low register, varied by {@code seed}. */
    private static PianoRoll inG(int seed) {
        Random random = new Random(seed);
        int[] scale = {43, 45, 47, 48, 50, 52, 54, 55, 57, 59, 60, 62, 64, 66, 67};
        PianoRoll roll = new PianoRoll(RANGE, 4, 20 * 16);
        for (int t = 0; t < roll.length(); t += 4) {
            int root = random.nextInt(7);
            for (int voice : new int[] {root, root + 2, root + 4, root + 7}) {
                for (int s = 0; s < 4; s++) {
                    roll.set(t + s, RANGE.index(scale[voice]), s == 0 ? Cell.STRUCK : Cell.HELD);
                }
            }
        }
        return roll;
    }
}
