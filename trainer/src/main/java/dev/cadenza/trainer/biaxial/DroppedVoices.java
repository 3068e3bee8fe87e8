package dev.cadenza.trainer.biaxial;

import dev.cadenza.engine.biaxial.BiaxialFeatures;
import dev.cadenza.engine.roll.Cell;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training the biaxial model to bring back a voice it lost: the time axis hears the true frames
 * with a share of the notes left out, each from its onset to its release, while the frames to
 * predict stay the true ones.
 *
 * <p>Why: playing on its own, {@code bach-biaxial} draws each frame from what it drew before, and
 * when it fails to strike a voice, it hears three voices and goes on with three (measured in
 * docs/music.md: one step ahead it draws the music's 3.8 notes at once, free-running 3.4, the count
 * drifting per excerpt and not coming back). A model trained on the true frames alone never heard a
 * texture with a voice missing where the music goes on with four. Here it does, and learns to strike
 * the missing voice again. Unlike hearing its own draws ({@link OwnSamples}), what it hears stays
 * the music's own harmony and rhythm, only thinner.
 *
 * <p>The frames to predict are read against what was heard, as the sampler reads any frame: a
 * note sounding after a heard silence is struck ({@link BiaxialFeatures#normalised}).
 */
final class DroppedVoices {
    /**
     * The code of a cell to predict as sounding, struck or held left unscored: a note going on
     * that the time axis did not hear (a dropped note after its first step). Only its onset is
     * scored as struck; each later step is scored as sounding, and whether it is struck again is
     * not asked, since what it heard says nothing about it.
     */
    static final byte SOUNDING = 3;

    private DroppedVoices() {
    }

    /**
     * The segments of {@code batch} with their time axis hearing each note of the true frames with
     * probability {@code 1 - share}; a note left out is left out from its onset to its release.
     */
    static List<Segment> drop(List<Segment> batch, double share, boolean articulation, SplittableRandom random) {
        List<Segment> out = new ArrayList<>(batch.size());
        for (Segment seg : batch) {
            byte[][] cells = seg.cells();
            int steps = cells.length;
            int notes = seg.before().length;
            boolean[] dropping = new boolean[notes];
            byte[][] heard = new byte[steps][];
            byte[][] targets = new byte[steps][notes];
            heard[0] = seg.before();
            for (int t = 0; t < steps; t++) {
                byte[] next = t + 1 < steps ? new byte[notes] : null;
                for (int n = 0; n < notes; n++) {
                    byte cell = cells[t][n];
                    byte before = heard[t][n];
                    boolean onset = Cell.onset(cell, t == 0 ? seg.before()[n] : cells[t - 1][n]);
                    if (onset) {
                        dropping[n] = random.nextDouble() < share;
                    }
                    boolean unheardGoingOn = Cell.sounding(cell) && !onset && !Cell.sounding(before);
                    targets[t][n] = unheardGoingOn ? SOUNDING : BiaxialFeatures.normalised(cell, before, articulation);
                    if (next != null) {
                        next[n] = Cell.sounding(cell) && dropping[n] ? Cell.SILENT_CODE : targets[t][n];
                    }
                }
                if (next != null) {
                    heard[t + 1] = next;
                }
            }
            out.add(new Segment(targets, seg.before(), seg.startStep(), seg.length(), heard, seg.keyShift()));
        }
        return out;
    }
}
