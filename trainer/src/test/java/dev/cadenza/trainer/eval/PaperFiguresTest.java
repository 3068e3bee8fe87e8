package dev.cadenza.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PaperFiguresTest {

    @Test
    @DisplayName("the benchmark directories find the paper's RNN-RBM figures")
    void benchmarkDirectoriesMatch() {
        assertEquals(new PaperFigures("JSB Chorales", -6.27, 0.3312), PaperFigures.rnnRbm("jsb_chorales").orElseThrow());
        assertEquals(-2.39, PaperFigures.rnnRbm("Nottingham").orElseThrow().logLikelihood());
        assertEquals(0.2892, PaperFigures.rnnRbm("piano_midi").orElseThrow().accuracy());
        assertEquals(-6.01, PaperFigures.rnnRbm("musedata").orElseThrow().logLikelihood());
    }

    @Test
    @DisplayName("a dataset at another resolution or of one's own has no paper figure")
    void otherDatasetsHaveNone() {
        assertTrue(PaperFigures.rnnRbm("jsb_chorales_16th").isEmpty());
        assertTrue(PaperFigures.rnnRbm("my-midi-files").isEmpty());
    }
}
