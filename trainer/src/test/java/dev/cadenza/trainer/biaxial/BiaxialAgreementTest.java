package dev.cadenza.trainer.biaxial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cadenza.engine.biaxial.BiaxialConfig;
import dev.cadenza.engine.biaxial.BiaxialConditionals;
import dev.cadenza.engine.biaxial.BiaxialWeights;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PitchRange;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BiaxialAgreementTest {

    @Test
    void theTrainersForwardPassGivesTheEnginesProbabilities() {
        for (int variant = 0; variant < 3; variant++) {
            boolean articulation = variant != 1;
            BiaxialConfig config = new BiaxialConfig(new PitchRange(50, 75), 2, List.of(9, 7), List.of(6, 5), articulation,
                    variant == 2);
            BiaxialWeights weights = BiaxialWeights.random(config, 5, 0.5f);
            List<Segment> batch = BiaxialTestData.randomSegments(config, 3, 12, 8);
            BiaxialNetwork.Pass pass = new BiaxialNetwork(config).run(weights, batch, 0f, new SplittableRandom(1), false);
            BiaxialConditionals model = new BiaxialConditionals(weights);
            float[] play = new float[config.notes()];
            float[] articulate = new float[config.notes()];
            Frame frame = new Frame(config.range());
            for (int s = 0; s < batch.size(); s++) {
                model.movedFromC(batch.get(s).keyShift()); // a key input hears the segment's (-4, -1, 2)
                model.reset(0);
                byte[][] cells = batch.get(s).cells();
                for (int t = 0; t < cells.length; t++) {
                    for (int n = 0; n < config.notes(); n++) {
                        frame.setCode(n, cells[t][n]);
                    }
                    model.observe(frame, play, articulate);
                    for (int n = 0; n < config.notes(); n++) {
                        assertEquals(play[n], pass.play()[s][t][n], 1e-5, "play, segment " + s + " step " + t + " note " + n);
                        assertEquals(articulate[n], pass.articulate()[s][t][n], 1e-5, "articulate " + s + " " + t + " " + n);
                    }
                }
            }
        }
    }

    @Test
    void aSegmentStartedInsideAPieceIsTheEnginesStepFromThere() {
        BiaxialConfig config = new BiaxialConfig(new PitchRange(50, 75), 4, List.of(9, 7), List.of(6, 5), true);
        BiaxialWeights weights = BiaxialWeights.random(config, 6, 0.5f);
        List<Segment> pieces = BiaxialTestData.randomSegments(config, 2, 20, 9);
        // the second half of each: the step before it is heard, the beat counts from step 10
        List<Segment> batch = pieces.stream().map(p -> new Segment(java.util.Arrays.copyOfRange(p.cells(), 10, 20),
                p.cells()[9], 10, 10)).toList();
        BiaxialNetwork.Pass pass = new BiaxialNetwork(config).run(weights, batch, 0f, new SplittableRandom(1), false);
        BiaxialConditionals model = new BiaxialConditionals(weights);
        float[] play = new float[config.notes()];
        Frame frame = new Frame(config.range());
        for (int s = 0; s < batch.size(); s++) {
            Segment seg = batch.get(s);
            for (int n = 0; n < config.notes(); n++) {
                frame.setCode(n, seg.before()[n]);
            }
            model.reset(0, frame, seg.startStep());
            for (int t = 0; t < seg.length(); t++) {
                for (int n = 0; n < config.notes(); n++) {
                    frame.setCode(n, seg.cells()[t][n]);
                }
                model.observe(frame, play, null);
                for (int n = 0; n < config.notes(); n++) {
                    assertEquals(play[n], pass.play()[s][t][n], 1e-5, "play, segment " + s + " step " + t + " note " + n);
                }
            }
        }
    }
}