package dev.cadenza.cli;

import dev.cadenza.engine.midi.MidiFileReader;
import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.model.Sampling;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.Provenance;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.presets.Presets;
import dev.cadenza.trainer.TrainerException;
import dev.cadenza.trainer.data.Dataset;
import dev.cadenza.trainer.data.Datasets;
import dev.cadenza.trainer.judge.Comparison;
import dev.cadenza.trainer.judge.Comparison.FeatureComparison;
import dev.cadenza.trainer.judge.Excerpts;
import dev.cadenza.trainer.judge.JudgeChart;
import dev.cadenza.trainer.judge.Judge;
import dev.cadenza.trainer.judge.Judgement;
import dev.cadenza.trainer.judge.MusicFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cadenza judge}: free-running music compared with real music, feature by feature. */
@Command(name = "judge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Judge what a preset plays on its own (or MIDI files, e.g. a recording) against real music.",
            "Draws excerpts of the same length from the dataset's split and compares them feature by feature"
                + " (Yang & Lerch 2018): per feature the overlapped area (OA, 1 = the same distribution) of the"
                + " two sets' densities, and the paper's distance measure; the same figures for the ceiling split"
                + " against the reference are the ceiling real music reaches. Every excerpt is put on a"
                + " sixteenth-note grid; a bar is four quarters. The same seed gives the same figures."})
final class JudgeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PRESET|FILE.mid",
            description = "A bundled preset name or .cadenza file, or one or more MIDI files.")
    List<String> candidates;

    @Option(names = "--against", required = true, paramLabel = "DATASET",
            description = "Dataset to judge against: a folder of MIDI files or of <split>.json piano rolls.")
    Path against;

    @Option(names = "--split", defaultValue = "test", description = "Reference split (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--ceiling-split", defaultValue = "valid",
            description = "Real split judged against the reference as the ceiling (default: ${DEFAULT-VALUE}).")
    String ceilingSplit;

    @Option(names = "--samples", defaultValue = "30", description = "Excerpts a set (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--bars", defaultValue = "16", description = "Bars of 4/4 an excerpt (default: ${DEFAULT-VALUE}).")
    int bars;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    SamplingOptions samplingOptions;

    @Option(names = "--save-controls",
            description = "With --save: also make the temperature, Gibbs steps and density judged the preset's defaults"
                    + " (choose them on the valid split, never on test).")
    boolean saveControls;

    @Option(names = "--png", paramLabel = "FILE.png", defaultValue = "judge.png",
            description = "Chart of the distributions to write (default: ${DEFAULT-VALUE}).")
    Path png;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Also write the preset, with the judge's figures added to its manifest's metrics, to FILE"
                    + " (may be the preset's own file).")
    Path save;

    @Override
    public Integer call() {
        if (samples < 2 || samples > 10_000) {
            throw new IllegalArgumentException("invalid samples: " + samples + " (expected 2..10000)");
        }
        if (bars < 1 || bars > 1_000) {
            throw new IllegalArgumentException("invalid bars: " + bars + " (expected 1..1000)");
        }
        Dataset reference = Datasets.load(against, split);
        Dataset ceiling = Datasets.load(against, ceilingSplit);

        Preset preset = null;
        Sampling sampling = null;
        String name;
        List<PianoRoll> excerpts;
        if (candidates.stream().allMatch(JudgeCommand::isMidiFile)) {
            if (save != null) {
                throw new TrainerException("--save writes a preset's figures: judge a preset, not MIDI files, to use it");
            }
            MidiFileReader reader = new MidiFileReader();
            List<PianoRoll> rolls = new ArrayList<>();
            for (String file : candidates) {
                rolls.add(reader.read(Path.of(file)).roll());
            }
            excerpts = Excerpts.cut(rolls, bars);
            name = candidates.size() == 1 ? Path.of(candidates.get(0)).getFileName().toString()
                    : candidates.size() + " MIDI files";
            if (excerpts.size() < 2) {
                throw new TrainerException("judge needs at least two excerpts: " + name + " gave " + excerpts.size()
                        + " (give more files, or fewer --bars)");
            }
        } else {
            if (candidates.size() > 1) {
                throw new TrainerException("judge takes one preset or MIDI files (.mid), not " + String.join(" ", candidates));
            }
            preset = Presets.load(candidates.get(0));
            StepModel model = Models.fromPreset(preset);
            sampling = samplingOptions.of(preset);
            Controls controls = sampling.applyTo(model.newControls());
            excerpts = Excerpts.generate(model, controls, samples, bars, seed);
            name = preset.manifest().name();
        }

        Judgement j = Judge.judge(name, excerpts, reference, ceiling, bars, seed);
        print(j, sampling);
        JudgeChart.writePng(j, png);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("wrote %s%n", png);
        if (saveControls && save == null) {
            throw new TrainerException("--save-controls writes the controls into the preset that --save names: give --save");
        }
        if (save != null) {
            saveInto(saveControls ? sampling.into(preset) : preset, j, reference.name());
        }
        return 0;
    }

    private void print(Judgement j, Sampling sampling) {
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s against %s: %d excerpts of %d bars on a sixteenth-note grid, seed %d%s%n", j.candidate(),
                j.reference(), j.samples(), j.bars(), j.seed(), sampling == null ? ""
                        : String.format(Locale.ROOT, " (temperature %.2f, %d Gibbs steps, density %+.2f%s)",
                                sampling.temperature(), sampling.gibbsSteps(), sampling.density(),
                                sampling.likelyFrame() ? ", likely frames" : ""));
        w.printf(Locale.ROOT, "%-22s %17s %17s %6s %8s %8s   %s%n", "feature", "candidate", "reference", "OA",
                "dist OA", "dist KL", "ceiling (" + j.ceilingSplit() + "): OA, dist OA, dist KL");
        for (FeatureComparison c : j.versusReference().features()) {
            MusicFeature f = c.feature();
            FeatureComparison r = j.ceiling().row(f);
            w.printf(Locale.ROOT, "%-22s %17s %17s %6.2f %8.2f %8.3f   %.2f %.2f %.3f%n", f.label(),
                    f.format(c.mean()) + " ± " + f.format(c.spread()),
                    f.format(c.referenceMean()) + " ± " + f.format(c.referenceSpread()),
                    c.overlap(), c.distanceOverlap(), c.distanceDivergence(), r.overlap(), r.distanceOverlap(),
                    r.distanceDivergence());
        }
        if (!j.versusReference().compares(MusicFeature.RESTRUCK_SHARE)) {
            w.printf(Locale.ROOT, "re-struck onsets: not judged (no note of the reference is struck again while it"
                    + " sounds: its format has no onsets); the candidate's share: %.3f%n",
                    j.mean(MusicFeature.RESTRUCK_SHARE));
        }
        Comparison v = j.versusReference();
        w.printf(Locale.ROOT, "summary OA %.3f, ceiling %.3f (ratio %.2f); weakest feature: %s, OA %.2f (ceiling %.2f)%n",
                v.summary(), j.ceiling().summary(), j.ratioToCeiling(), v.weakest().feature().label(),
                v.weakest().overlap(), j.ceiling().row(v.weakest().feature()).overlap());
        w.printf(Locale.ROOT, "longest note: %.2f quarters (the reference split's longest: %.2f)%n", j.longestNote(),
                j.longestNoteInCorpus());
        w.printf(Locale.ROOT, "most silent bars in an excerpt: %d (95th percentile of the reference excerpts: %.1f)%n",
                j.mostSilentBars(), j.silentBarsPercentile95());
    }

    private void saveInto(Preset p, Judgement j, String dataset) {
        ManifestMetrics.save(p, "judge." + dataset + ".", j.metrics(dataset),
                () -> Provenance.of(dataset, null, split, 0, 0, seed, Map.of(), "java"), save);
        spec.commandLine().getOut().printf("wrote %s with the judge's figures in its manifest%n", save);
    }

    private static boolean isMidiFile(String arg) {
        String lower = arg.toLowerCase(Locale.ROOT);
        return lower.endsWith(".mid") || lower.endsWith(".midi");
    }
}
