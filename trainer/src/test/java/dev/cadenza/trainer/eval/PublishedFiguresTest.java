package dev.cadenza.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PublishedFiguresTest {

    @Test
    @DisplayName("the benchmark directories find the published figures, the paper's RNN-RBM first")
    void benchmarkDirectoriesMatch() {
        List<PublishedFigures> jsb = PublishedFigures.forDataset("jsb_chorales");
        assertEquals(new PublishedFigures("RNN-RBM", "Boulanger-Lewandowski et al. 2012, Table 1", "JSB Chorales", 6.27,
                0.3312), jsb.get(0));
        assertEquals(List.of(6.27, 5.56, 8.10), jsb.stream().map(PublishedFigures::nll).toList());
        assertEquals(2.39, PublishedFigures.forDataset("Nottingham").get(0).nll());
        assertEquals(0.2892, PublishedFigures.forDataset("piano_midi").get(0).accuracy());
        assertEquals(6.01, PublishedFigures.forDataset("musedata").get(0).nll());
    }

    @Test
    @DisplayName("a dataset at another resolution or of one's own has no published figure")
    void otherDatasetsHaveNone() {
        assertTrue(PublishedFigures.forDataset("jsb_chorales_16th").isEmpty());
        assertTrue(PublishedFigures.forDataset("my-midi-files").isEmpty());
    }
}
