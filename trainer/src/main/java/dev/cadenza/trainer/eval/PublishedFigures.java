package dev.cadenza.trainer.eval;

import java.util.List;
import java.util.Locale;

/**
 * Published figures on the four piano-roll benchmarks that {@code cadenza eval} prints beside
 * ours, each with its source; {@code docs/evaluation.md} has the same table with notes. Only
 * figures on the same splits and frames (quarter notes for JSB, eighths for the others) are
 * listed.
 *
 * @param model the model as its source names it
 * @param source the publication, short
 * @param dataset the dataset as the source names it
 * @param nll negative log-likelihood per time step in nats, lower is better
 * @param accuracy the source's frame-level accuracy, 0..1, or NaN where it gives none
 */
public record PublishedFigures(String model, String source, String dataset, double nll, double accuracy) {

    private static final String PAPER = "Boulanger-Lewandowski et al. 2012, Table 1";
    private static final String TCN = "Bai, Kolter & Koltun 2018, Table 1";

    private static final List<PublishedFigures> ALL = List.of(
            new PublishedFigures("RNN-RBM", PAPER, "JSB Chorales", 6.27, 0.3312),
            new PublishedFigures("RNN-NADE (HF)", PAPER, "JSB Chorales", 5.56, 0.3250),
            new PublishedFigures("TCN (independent notes)", TCN, "JSB Chorales", 8.10, Double.NaN),
            new PublishedFigures("RNN-RBM", PAPER, "Nottingham", 2.39, 0.7540),
            new PublishedFigures("RNN-NADE (HF)", PAPER, "Nottingham", 2.31, 0.7150),
            new PublishedFigures("TCN (independent notes)", TCN, "Nottingham", 3.07, Double.NaN),
            new PublishedFigures("RNN-RBM", PAPER, "Piano-midi.de", 7.09, 0.2892),
            new PublishedFigures("RNN-NADE (HF)", PAPER, "Piano-midi.de", 7.05, 0.2342),
            new PublishedFigures("RNN-RBM", PAPER, "MuseData", 6.01, 0.3402),
            new PublishedFigures("RNN-NADE (HF)", PAPER, "MuseData", 5.60, 0.3260));

    /**
     * The figures for a dataset directory's name ({@code jsb_chorales}, {@code nottingham},
     * {@code piano_midi}, {@code musedata}, in any case, with or without separators), the 2012
     * paper's RNN-RBM first; none for any other dataset, such as {@code jsb_chorales_16th}, whose
     * frames differ from the published ones.
     */
    public static List<PublishedFigures> forDataset(String datasetName) {
        String key = datasetName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String dataset = switch (key) {
            case "jsbchorales" -> "JSB Chorales";
            case "nottingham" -> "Nottingham";
            case "pianomidide", "pianomidi" -> "Piano-midi.de";
            case "musedata" -> "MuseData";
            default -> null;
        };
        return ALL.stream().filter(f -> f.dataset().equals(dataset)).toList();
    }
}
