package dev.cadenza.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.trainer.data.Dataset;
import dev.cadenza.trainer.data.Datasets;
import dev.cadenza.trainer.data.Piece;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BenchmarkSplitTest {

    @Test
    @DisplayName("an untrained model scores chance on JSB's test split: LL -88 ln 2, pooled ACC n / (88 F + n)")
    void untrainedModelScoresChanceOnJsb() {
        Dataset test = Datasets.load(data().resolve("jsb_chorales"), "test");
        RnnRbmWeights zero = new RnnRbmWeights(new RnnRbmConfig(PitchRange.PIANO, 1, 1, 150, 100));
        long maxFrames = 500;

        Evaluation e = new RnnRbmEvaluator().evaluate("zero", zero, test,
                RnnRbmEvaluator.Options.defaults().withAis(4, 2).withGibbs(1, 0, 1).withMaxFrames(maxFrames));

        long sounding = 0;
        long frames = 0;
        for (Piece piece : test.pieces()) {
            for (int t = 0; t < piece.roll().length() && frames < maxFrames; t++, frames++) {
                for (int i = 0; i < 88; i++) {
                    sounding += piece.roll().sounding(t, i) ? 1 : 0;
                }
            }
        }
        assertEquals("jsb_chorales", e.dataset());
        assertEquals("test", e.split());
        assertEquals(maxFrames, e.frames());
        assertEquals(-88 * Math.log(2), e.logLikelihood(), 1e-4);
        assertEquals((double) sounding / (88 * maxFrames + sounding), e.sampled().pooled(), 1e-6);
        // a coin per pitch: about 44 notes drawn, about half of the frame's few notes among them
        assertTrue(e.sampled().perFrame() > 0.02 && e.sampled().perFrame() < 0.07, "accuracy " + e.sampled().perFrame());
    }

    private static Path data() {
        String data = System.getProperty("cadenza.data");
        if (data == null) {
            throw new IllegalStateException("system property cadenza.data is not set (surefire sets it to the repository's data/)");
        }
        return Path.of(data);
    }
}
