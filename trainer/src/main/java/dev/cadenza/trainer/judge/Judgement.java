package dev.cadenza.trainer.judge;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link Judge} found: the candidate's excerpts against the reference split's, and the
 * ceiling (another real split against the same reference), with the raw feature values behind both
 * for the chart.
 *
 * @param candidate what was judged (a preset's name, or the MIDI files)
 * @param reference the dataset and split judged against
 * @param ceilingSplit the split whose excerpts make the ceiling
 * @param bars bars of 4/4 per excerpt
 * @param seed the seed the excerpts were drawn and generated from
 * @param candidateFeatures one feature vector per candidate excerpt
 * @param referenceFeatures one per reference excerpt
 * @param ceilingFeatures one per ceiling excerpt
 * @param versusReference candidate against reference
 * @param ceiling ceiling split against reference
 * @param longestNoteInCorpus the longest note of the whole reference split, quarter notes
 * @param silentBarsPercentile95 the 95th percentile of silent bars over the reference excerpts
 * @param mostSilentBars the most silent bars in one candidate excerpt
 */
public record Judgement(String candidate, String reference, String ceilingSplit, int bars, long seed,
        double[][] candidateFeatures, double[][] referenceFeatures, double[][] ceilingFeatures,
        Comparison versusReference, Comparison ceiling, double longestNoteInCorpus, double silentBarsPercentile95,
        int mostSilentBars) {

    /** Excerpts judged. */
    public int samples() {
        return candidateFeatures.length;
    }

    /** The longest note any candidate excerpt holds, quarter notes. */
    public double longestNote() {
        double longest = 0;
        for (double[] f : candidateFeatures) {
            longest = Math.max(longest, f[MusicFeature.LONGEST_NOTE.ordinal()]);
        }
        return longest;
    }

    /** The candidate excerpts' mean of {@code feature}. */
    public double mean(MusicFeature feature) {
        double sum = 0;
        for (double[] f : candidateFeatures) {
            sum += f[feature.ordinal()];
        }
        return sum / candidateFeatures.length;
    }

    /** The summary over the ceiling's: 1 where the candidate is as close to the reference as real music. */
    public double ratioToCeiling() {
        return versusReference.summary() / ceiling.summary();
    }

    /**
     * The figures a preset's manifest keeps, under {@code judge.<dataset>.}: the summary, the
     * ceiling, the weakest feature's overlap, the longest note against the corpus's and the most
     * silent bars against the corpus's 95th percentile.
     */
    public Map<String, Double> metrics(String dataset) {
        String p = "judge." + dataset + ".";
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(p + "summary", versusReference.summary());
        m.put(p + "ceiling", ceiling.summary());
        m.put(p + "weakestOverlap", versusReference.weakest().overlap());
        m.put(p + "restruckShare", mean(MusicFeature.RESTRUCK_SHARE));
        m.put(p + "longestNote", longestNote());
        m.put(p + "corpusLongestNote", longestNoteInCorpus);
        m.put(p + "mostSilentBars", (double) mostSilentBars);
        m.put(p + "corpusSilentBarsP95", silentBarsPercentile95);
        m.put(p + "samples", (double) samples());
        m.put(p + "bars", (double) bars);
        return m;
    }
}
