package dev.cadenza.trainer.judge;

import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.trainer.data.Dataset;
import dev.cadenza.trainer.data.Piece;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Judges excerpts against real music: draws as many excerpts of the same length from a reference
 * split and from a second real split (the ceiling), measures every excerpt's {@link MusicFeature}s
 * and compares the sets ({@link Comparison}); the share of re-struck onsets only where the
 * reference split has any (its format carries onsets). The reference excerpts are drawn with {@code seed},
 * the ceiling's with {@code seed + 1}, so a judgement is the same each time. Stateless.
 */
public final class Judge {
    private Judge() {}

    /**
     * @param candidateName what the excerpts are, for the report
     * @param candidate the excerpts to judge, on the judge's grid ({@link Excerpts}), at least two
     * @param reference the real music they should sound like (a held-out split)
     * @param ceiling another split of the same music, judged against the reference as the ceiling
     * @param bars bars per excerpt the reference and ceiling excerpts have
     */
    public static Judgement judge(String candidateName, List<PianoRoll> candidate, Dataset reference, Dataset ceiling,
            int bars, long seed) {
        int samples = candidate.size();
        List<PianoRoll> referencePieces = rolls(reference);
        List<PianoRoll> referenceExcerpts = Excerpts.draw(referencePieces, samples, bars, seed);
        List<PianoRoll> ceilingExcerpts = Excerpts.draw(rolls(ceiling), samples, bars, seed + 1);
        double[][] candidateFeatures = features(candidate);
        double[][] referenceFeatures = features(referenceExcerpts);
        double[][] ceilingFeatures = features(ceilingExcerpts);

        double[][] wholePieces = features(referencePieces.stream().map(Excerpts::onSixteenths).toList());
        double longestInCorpus = 0;
        for (double[] f : wholePieces) {
            longestInCorpus = Math.max(longestInCorpus, f[MusicFeature.LONGEST_NOTE.ordinal()]);
        }
        Set<MusicFeature> compared = comparedFor(wholePieces);
        double[] silentBars = referenceExcerpts.stream().mapToDouble(MusicFeatures::silentBars).toArray();
        int mostSilent = candidate.stream().mapToInt(MusicFeatures::silentBars).max().orElse(0);
        return new Judgement(candidateName, reference.name() + " (" + reference.split() + ")", ceiling.split(), bars,
                seed, candidateFeatures, referenceFeatures, ceilingFeatures,
                Comparison.of(candidateFeatures, referenceFeatures, compared),
                Comparison.of(ceilingFeatures, referenceFeatures, compared),
                longestInCorpus, percentile(silentBars, 0.95), mostSilent);
    }

    /**
     * The comparison alone, without a ceiling: {@code candidate} against as many excerpts of
     * {@code bars} bars drawn from {@code referencePieces} with {@code seed}, as {@link #judge}
     * draws them (e.g. to choose a training epoch by what the model plays on its own).
     */
    public static Comparison versus(List<PianoRoll> candidate, List<PianoRoll> referencePieces, int bars, long seed) {
        List<PianoRoll> referenceExcerpts = Excerpts.draw(referencePieces, candidate.size(), bars, seed);
        return Comparison.of(features(candidate), features(referenceExcerpts),
                comparedFor(features(referencePieces.stream().map(Excerpts::onSixteenths).toList())));
    }

    /** Every feature, less the re-strikes where the music ({@code wholePieces}' features) has none. */
    private static Set<MusicFeature> comparedFor(double[][] wholePieces) {
        boolean restrikes = false;
        for (double[] f : wholePieces) {
            restrikes |= f[MusicFeature.RESTRUCK_SHARE.ordinal()] > 0;
        }
        // a format without onsets (the JSON piano rolls) has no re-strike to learn or to judge
        Set<MusicFeature> compared = EnumSet.allOf(MusicFeature.class);
        if (!restrikes) {
            compared.remove(MusicFeature.RESTRUCK_SHARE);
        }
        return compared;
    }

    /** The feature vectors of {@code excerpts}. */
    public static double[][] features(List<PianoRoll> excerpts) {
        double[][] rows = new double[excerpts.size()][];
        for (int n = 0; n < rows.length; n++) {
            rows[n] = MusicFeatures.of(excerpts.get(n));
        }
        return rows;
    }

    /** The {@code q} quantile of {@code values}, interpolated linearly between order statistics. */
    static double percentile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static List<PianoRoll> rolls(Dataset dataset) {
        return dataset.pieces().stream().map(Piece::roll).toList();
    }
}
