package dev.cadenza.trainer.eval;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The RNN-RBM's figures in Boulanger-Lewandowski, Bengio &amp; Vincent (ICML 2012), Table 1, per
 * benchmark dataset: the targets our evaluation is set beside.
 *
 * @param dataset the dataset as the paper names it
 * @param logLikelihood log-likelihood per time step, nats (an AIS estimate in the paper)
 * @param accuracy expected frame-level accuracy, 0..1
 */
public record PaperFigures(String dataset, double logLikelihood, double accuracy) {

    private static final Map<String, PaperFigures> RNN_RBM = Map.of(
            "jsbchorales", new PaperFigures("JSB Chorales", -6.27, 0.3312),
            "nottingham", new PaperFigures("Nottingham", -2.39, 0.7540),
            "pianomidide", new PaperFigures("Piano-midi.de", -7.09, 0.2892),
            "pianomidi", new PaperFigures("Piano-midi.de", -7.09, 0.2892),
            "musedata", new PaperFigures("MuseData", -6.01, 0.3402));

    /**
     * The paper's RNN-RBM figures for a dataset directory's name ({@code jsb_chorales},
     * {@code nottingham}, {@code piano_midi}, {@code musedata}, in any case, with or without
     * separators), or empty for any other dataset, such as {@code jsb_chorales_16th}, whose frames
     * differ from the paper's.
     */
    public static Optional<PaperFigures> rnnRbm(String datasetName) {
        String key = datasetName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return Optional.ofNullable(RNN_RBM.get(key));
    }
}
