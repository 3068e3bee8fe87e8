package dev.cadenza.trainer.rnnrbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.rnnrbm.RbmConditionals;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class RnnRbmSamplerAgreementTest {

    @Test
    @DisplayName("the engine's plain-Java sampler computes the same biases and probabilities as the ND4J trainer")
    void engineMatchesTrainer() {
        RnnRbmConfig config = new RnnRbmConfig(PitchRange.PIANO, 4, 1, 150, 100);
        RnnRbmNetwork net = new RnnRbmNetwork(config, DataType.FLOAT, 3);
        for (INDArray p : net.params().values()) {
            p.assign(Nd4j.randn(DataType.FLOAT, p.shape()).muli(0.1));
        }
        Random random = new Random(5);
        PianoRoll roll = new PianoRoll(PitchRange.PIANO, 4, 20);
        for (int t = 0; t < roll.length(); t++) {
            for (int n = 0; n < 4; n++) {
                roll.set(t, 20 + random.nextInt(48), Cell.STRUCK);
            }
        }
        SequenceBatches batches = new SequenceBatches(config, List.of(roll), 20, 1);
        Batch batch = batches.epoch(-1, DataType.FLOAT).get(0);
        RnnRbmNetwork.Forward f = net.forward(batch);
        INDArray hidden = Transforms.sigmoid(batch.visible().mmul(net.params().get("W")).addi(f.hiddenBias()), true);
        INDArray hiddenSample = Transforms.round(hidden, true);
        INDArray visible = Transforms.sigmoid(hiddenSample.mmul(net.params().get("W").transpose()).addi(f.visibleBias()), true);

        RbmConditionals model = new RbmConditionals(net.toWeights());
        model.reset(0);
        float[] bv = new float[config.visible()];
        float[] bh = new float[config.hidden()];
        float[] hp = new float[config.hidden()];
        float[] vp = new float[config.visible()];
        Frame frame = new Frame(PitchRange.PIANO);
        for (int t = 0; t < roll.length(); t++) {
            model.nextBiases(bv, bh);
            assertArrayEquals(f.visibleBias().getRow(t).toFloatVector(), bv, 1e-4f, "bv_t at step " + t);
            assertArrayEquals(f.hiddenBias().getRow(t).toFloatVector(), bh, 1e-4f, "bh_t at step " + t);
            model.hiddenProbabilities(batch.visible().getRow(t).toFloatVector(), bh, hp);
            assertArrayEquals(hidden.getRow(t).toFloatVector(), hp, 1e-5f, "p(h | v) at step " + t);
            model.visibleProbabilities(hiddenSample.getRow(t).toFloatVector(), bv, vp);
            assertArrayEquals(visible.getRow(t).toFloatVector(), vp, 1e-5f, "p(v | h) at step " + t);
            roll.frame(t, frame);
            model.observe(frame);
        }
    }
}
