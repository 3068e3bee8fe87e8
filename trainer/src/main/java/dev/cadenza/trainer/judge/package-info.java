/**
 * Judging free-running music: excerpts a model plays on its own (or MIDI files, such as a live
 * recording) compared with excerpts of real music, feature by feature, after Yang &amp; Lerch, "On
 * the evaluation of generative models in music" (Neural Computing and Applications 32, 2020;
 * <a href="https://doi.org/10.1007/s00521-018-3849-7">doi:10.1007/s00521-018-3849-7</a>).
 *
 * <p>Every excerpt is put on one grid, four steps per quarter note ({@link Excerpts}), and
 * described by the scalar features of {@link MusicFeature}. Per feature, the two sets' values are
 * smoothed by Gaussian kernel density estimates ({@link Kde}) and compared by the area their
 * densities share (the overlapped area, OA: 1 for the same distribution, 0 for disjoint ones); the
 * paper's own measure compares the distribution of distances within the real set with that of
 * distances between the sets (OA and Kullback-Leibler divergence). The same figures for two real
 * sets (the valid split against the test split) are the ceiling a model can hope to reach.
 */
package dev.cadenza.trainer.judge;
