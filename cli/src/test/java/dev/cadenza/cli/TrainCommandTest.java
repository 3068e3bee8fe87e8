package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.midi.MidiFileReader;
import dev.cadenza.engine.model.Sampling;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetFiles;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rnnrbm, --hidden=16 --recurrent=8 --cd-steps=2 --pretrain-epochs=1 --epochs=1",
        "biaxial, --time-sizes=12 --note-sizes=6 --segment-bars=2 --segments=2 --batches-per-epoch=2 --epochs=1"
    })
    @DisplayName("train writes a preset of the chosen kind, with provenance, that generate then plays")
    void trainThenGenerate(String kind, String sizes, @TempDir Path dir) throws Exception {
        Path data = Path.of(System.getProperty("cadenza.data", "../data"), "jsb_chorales");
        Path preset = dir.resolve("tiny.cadenza");
        String[] base = {"train", "--data", data.toString(), "--model", kind, "--output", preset.toString(),
            "--checkpoint", dir.resolve("ck").toString(), "--no-progress"};
        String[] extra = sizes.split(" ");
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);

        assertEquals(0, CommandRun.of(args).status());
        Preset written = PresetFiles.read(preset);
        assertEquals(kind, written.manifest().kind());
        assertEquals("jsb_chorales", written.manifest().provenance().dataset());
        assertTrue(Files.exists(dir.resolve("ck").resolve("checkpoint.cadenza")));

        Path midi = dir.resolve("out.mid");
        assertEquals(0, CommandRun.of("generate", "--preset", preset.toString(), "--bars", "2", "-o", midi.toString()).status());
        assertTrue(Files.size(midi) > 30);
    }

    @Test
    @DisplayName("a rerun refuses to overwrite a checkpoint unless told; a run that diverges stops at the bad batch in one line, writes nothing, and its last good checkpoint resumes")
    void divergenceKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        Path data = Path.of(System.getProperty("cadenza.data", "../data"), "jsb_chorales");
        Path preset = dir.resolve("tiny.cadenza");
        Path checkpoints = dir.resolve("ck");
        String[] tiny = {"train", "--data", data.toString(), "--output", preset.toString(), "--checkpoint",
            checkpoints.toString(), "--no-progress", "--hidden=16", "--recurrent=8", "--cd-steps=2",
            "--pretrain-epochs=0"};
        assertEquals(0, CommandRun.of(with(tiny, "--epochs=1")).status());
        Path checkpoint = checkpoints.resolve("checkpoint.cadenza");
        byte[] goodCheckpoint = Files.readAllBytes(checkpoint);
        byte[] goodPreset = Files.readAllBytes(preset);
        CommandRun again = CommandRun.of(with(tiny, "--epochs=1"));
        assertEquals(1, again.status());
        assertEquals("cadenza train: an earlier run's checkpoint is in " + checkpoints + ": continue it with --resume,"
                + " or start over with --restart (which replaces it)\n", again.err());

        // a learning rate no float survives: the weights overflow within a few batches
        CommandRun diverged = CommandRun.of(with(tiny, "--resume", "--epochs=2", "--learning-rate=1e38"));
        assertEquals(1, diverged.status(), diverged.out());
        assertTrue(diverged.err().matches("cadenza train: training diverged in epoch 2/2, batch \\d+: the cost is"
                + " (NaN|Infinity|-Infinity) .*\n")
                || diverged.err().matches("cadenza train: training diverged in epoch 2/2, batch \\d+: the gradient's"
                + " norm is .*\n"), diverged.err());
        assertArrayEquals(goodCheckpoint, Files.readAllBytes(checkpoint), "the good checkpoint was overwritten");
        assertArrayEquals(goodPreset, Files.readAllBytes(preset), "a preset was written from a diverged run");

        CommandRun resumed = CommandRun.of(with(tiny, "--resume", "--epochs=2"));
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.out().contains("after epoch 1"), resumed.out());
        assertEquals(0, CommandRun.of(with(tiny, "--restart", "--epochs=1")).status());
    }

    private static String[] with(String[] base, String... extra) {
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return args;
    }

    @Test
    @DisplayName("--init continues from a preset's weights without pretraining, names it (here hearing its own draws, epochs judged), and refuses one of other sizes")
    void initStartsFromAPreset(@TempDir Path dir) throws Exception {
        Path data = Path.of(System.getProperty("cadenza.data", "../data"), "jsb_chorales");
        Path first = dir.resolve("first.cadenza");
        assertEquals(0, CommandRun.of("train", "--data", data.toString(), "--output", first.toString(), "--checkpoint",
                dir.resolve("ck1").toString(), "--no-progress", "--hidden=16", "--recurrent=8", "--cd-steps=2",
                "--pretrain-epochs=1", "--epochs=1").status());
        Path second = dir.resolve("second.cadenza");
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--output", second.toString(), "--checkpoint",
                dir.resolve("ck2").toString(), "--no-progress", "--hidden=16", "--recurrent=8", "--cd-steps=2",
                "--pretrain-epochs=5", "--epochs=1", "--learning-rate=1e-9", "--own-samples=0.5", "--select-by=judge",
                "--temperature=1.1", "--frame=likely", "--init", first.toString());

        assertEquals(0, run.status(), run.err());
        assertFalse(run.out().contains("pretraining"), run.out());
        assertTrue(run.out().contains("free-running judge summary"), run.out());
        Preset after = PresetFiles.read(second);
        assertEquals(0.5, after.manifest().hyperParameters().get("ownSamples"));
        assertEquals("judge", after.manifest().hyperParameters().get("selectBy"));
        assertTrue(after.manifest().provenance().metrics().containsKey("valid.freeRunningSummary"));
        assertEquals(new Sampling(1.1, 25, 0, true), Sampling.of(after), "the judge's controls become the preset's");
        // with a step of 1e-9 the run ends where it started: at the first preset's weights, not at
        // fresh random ones (W ~ N(0, 0.01))
        float[] start = PresetFiles.read(first).tensor("W").data();
        float[] end = after.tensor("W").data();
        for (int i = 0; i < start.length; i++) {
            assertEquals(start[i], end[i], 1e-6, "W[" + i + "]");
        }
        assertTrue(String.valueOf(after.manifest().hyperParameters().get("init")).startsWith("jsb_chorales-rnnrbm (1 epochs"),
                String.valueOf(after.manifest().hyperParameters()));

        CommandRun refused = CommandRun.of("train", "--data", data.toString(), "--output", dir.resolve("x.cadenza").toString(),
                "--checkpoint", dir.resolve("ck3").toString(), "--no-progress", "--hidden=20", "--recurrent=8",
                "--epochs=1", "--init", first.toString());
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("do not fit this run: they have 16 hidden"), refused.err());
        assertFalse(Files.exists(dir.resolve("x.cadenza")));
    }

    /** A small biaxial preset trained for one short epoch on {@code data}, in {@code dir}. */
    private static Path smallBiaxial(Path data, Path dir) {
        Path first = dir.resolve("first.cadenza");
        assertEquals(0, CommandRun.of("train", "--data", data.toString(), "--model", "biaxial", "--output", first.toString(),
                "--checkpoint", dir.resolve("ck1").toString(), "--no-progress", "--time-sizes=12", "--note-sizes=6",
                "--segment-bars=2", "--segments=2", "--batches-per-epoch=2", "--epochs=1").status());
        return first;
    }

    /** {@code first} trained further for one short epoch at a learning rate of 1e-9 into {@code second}, with {@code extra} options. */
    private static CommandRun trainFurther(Path data, Path dir, Path first, Path second, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--model", "biaxial",
                "--output", second.toString(), "--checkpoint", dir.resolve("ck2").toString(), "--no-progress",
                "--segment-bars=2", "--segments=2", "--batches-per-epoch=2", "--epochs=1", "--learning-rate=1e-9"));
        args.addAll(List.of(extra));
        args.addAll(List.of("--init", first.toString()));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @Test
    @DisplayName("a biaxial preset trained further: its sizes, range and weights, heard own draws, judged epochs")
    void biaxialInitWithOwnSamples(@TempDir Path dir) throws Exception {
        Path data = Path.of(System.getProperty("cadenza.data", "../data"), "jsb_chorales");
        Path first = dir.resolve("first.cadenza");
        assertEquals(0, CommandRun.of("train", "--data", data.toString(), "--model", "biaxial", "--output", first.toString(),
                "--checkpoint", dir.resolve("ck1").toString(), "--no-progress", "--time-sizes=12", "--note-sizes=6",
                "--segment-bars=2", "--segments=2", "--batches-per-epoch=2", "--epochs=1").status());
        Path second = dir.resolve("second.cadenza");
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--model", "biaxial", "--output",
                second.toString(), "--checkpoint", dir.resolve("ck2").toString(), "--no-progress", "--segment-bars=2",
                "--segments=2", "--batches-per-epoch=2", "--epochs=1", "--learning-rate=1e-9", "--own-samples=0.5",
                "--select-by=judge", "--init", first.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("free-running judge summary"), run.out());
        Preset before = PresetFiles.read(first);
        Preset after = PresetFiles.read(second);
        assertEquals(before.manifest().pitchLow(), after.manifest().pitchLow());
        assertEquals(before.manifest().hyperParameters().get("timeSizes"), after.manifest().hyperParameters().get("timeSizes"));
        assertEquals(0.5, after.manifest().hyperParameters().get("ownSamples"));
        assertEquals("judge", after.manifest().hyperParameters().get("selectBy"));
        assertTrue(String.valueOf(after.manifest().hyperParameters().get("init")).startsWith("jsb_chorales-biaxial"),
                String.valueOf(after.manifest().hyperParameters()));
        assertTrue(after.manifest().provenance().metrics().containsKey("valid.freeRunningSummary"));
        // with a step of 1e-9 the run ends where it started
        float[] start = before.tensor("out.W").data();
        float[] end = after.tensor("out.W").data();
        for (int i = 0; i < start.length; i++) {
            assertEquals(start[i], end[i], 1e-6, "out.W[" + i + "]");
        }

        String[][] refusals = {
            {"--model", "biaxial", "--init", "jsb-rnnrbm"}, // not a biaxial preset
            {"--model", "rnnrbm", "--dropped-voices=0.1"},
            {"--model", "biaxial", "--select-by=accuracy"},
            {"--model", "biaxial", "--own-samples=1.5"},
            {"--model", "biaxial", "--negatives-from=bias"},
            {"--model", "rnnrbm", "--negatives-from=model"},
            {"--model", "biaxial", "--key-input"}, // the JSON sets stay in their keys by default
            {"--model", "biaxial", "--temperature=1.1"},
        };
        String[] says = {"is a rnnrbm preset, not a biaxial one",
            "--dropped-voices is an option of Biaxial models (biaxial), and this run trains RNN-RBM (rnnrbm)",
            "invalid --select-by: 'accuracy' (expected validation or judge)", "invalid --own-samples: 1.5 (expected a share, 0..1)",
            "--negatives-from is an option of RNN-RBM models (rnnrbm), and this run trains Biaxial (biaxial)",
            "invalid --negatives-from: model (expected data or bias)",
            "--key-input needs --keys c or all: music in its original keys was not moved",
            "are what --select-by judge draws its excerpts with (and the preset's defaults after): give --select-by judge"};
        for (int r = 0; r < refusals.length; r++) {
            String[] base = {"train", "--data", data.toString(), "--output", dir.resolve("x.cadenza").toString(),
                "--checkpoint", dir.resolve("ck3").toString(), "--no-progress", "--epochs=1"};
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base),
                    java.util.Arrays.stream(refusals[r])).toArray(String[]::new);
            CommandRun refused = CommandRun.of(args);
            assertEquals(1, refused.status(), String.join(" ", refusals[r]));
            assertTrue(refused.err().contains(says[r]), refused.err());
            assertEquals(1, refused.err().strip().lines().count(), refused.err());
        }
        assertFalse(Files.exists(dir.resolve("x.cadenza")));
    }

    @Test
    @DisplayName("a biaxial preset trained further with a key input in all twelve keys: one more feature, a zero row"
            + " for it, the rest its own weights")
    void biaxialInitWithAKeyInput(@TempDir Path dir) throws Exception {
        Path data = Path.of(System.getProperty("cadenza.data", "../data"), "jsb_chorales");
        Path first = dir.resolve("first.cadenza");
        assertEquals(0, CommandRun.of("train", "--data", data.toString(), "--model", "biaxial", "--output", first.toString(),
                "--checkpoint", dir.resolve("ck1").toString(), "--no-progress", "--time-sizes=12", "--note-sizes=6",
                "--segment-bars=2", "--segments=2", "--batches-per-epoch=2", "--epochs=1").status());
        Path second = dir.resolve("second.cadenza");
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--model", "biaxial", "--output",
                second.toString(), "--checkpoint", dir.resolve("ck2").toString(), "--no-progress", "--segment-bars=2",
                "--segments=2", "--batches-per-epoch=2", "--epochs=1", "--learning-rate=1e-9", "--keys=all",
                "--key-input", "--init", first.toString());
        assertEquals(0, run.status(), run.err());
        Preset before = PresetFiles.read(first);
        Preset after = PresetFiles.read(second);
        assertEquals(true, after.manifest().hyperParameters().get("key-input"));
        float[] start = before.tensor("time0.W").data();
        float[] end = after.tensor("time0.W").data();
        int g = 4 * 12;
        assertEquals(start.length + g, end.length, "one more input row");
        for (int i = 0; i < start.length; i++) {
            int j = i < 80 * g ? i : i + g; // the key input's row sits after the 80 features
            assertEquals(start[i], end[j], 1e-6, "time0.W[" + i + "]");
        }
        for (int j = 80 * g; j < 81 * g; j++) {
            assertEquals(0, end[j], 1e-6, "the key input's row starts at zero");
        }
    }

    @Test
    @DisplayName("a MIDI folder whose only file the split puts in test says so, not that its pieces are too short")
    void aFolderWithNoTrainingFileSaysWhy(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("mine"));
        String name = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "song" + i + ".mid")
                .filter(n -> dev.cadenza.trainer.data.Datasets.splitOf(n).equals("test")).findFirst().orElseThrow();
        Path chorales = Path.of(System.getProperty("cadenza.data", "../data"), "midi", "bach_chorales");
        Files.copy(chorales.resolve("chorale001.mid"), folder.resolve(name));
        CommandRun run = CommandRun.of("train", "--data", folder.toString(), "--output",
                dir.resolve("x.cadenza").toString(), "--checkpoint", dir.resolve("ck").toString(), "--no-progress",
                "--epochs=1");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("is in the train split") && run.err().contains("1 readable file(s) fell in valid"
                + " or test"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    @DisplayName("a preset trained with its music moved to C says so, and plays another key moved there note for note")
    void trainedInCPlaysInAnyKey(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("chorales"));
        Path chorales = Path.of(System.getProperty("cadenza.data", "../data"), "midi", "bach_chorales");
        try (var files = Files.list(chorales)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".mid")).sorted().limit(30).toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        Path preset = dir.resolve("inc.cadenza");
        CommandRun trained = CommandRun.of("train", "--data", folder.toString(), "--keys", "c", "--hidden=16",
                "--recurrent=8", "--cd-steps=2", "--pretrain-epochs=1", "--epochs=1", "--output", preset.toString(),
                "--checkpoint", dir.resolve("ck").toString(), "--no-progress");
        assertEquals(0, trained.status(), trained.err());
        assertTrue(trained.out().contains("moved to C"), trained.out());
        assertEquals("c", PresetFiles.read(preset).manifest().hyperParameters().get("keys"));

        // the piano's top (108) bounds what a MIDI file read back holds: C's notes above 104 have no E
        List<int[]> inC = notes(dir, preset, "C").stream().filter(n -> n[1] <= 104).toList();
        List<int[]> inE = notes(dir, preset, "E");
        assertTrue(inC.size() > 8, "notes: " + inC.size());
        assertEquals(inC.size(), inE.size());
        for (int n = 0; n < inC.size(); n++) {
            assertEquals(inC.get(n)[0], inE.get(n)[0], "onset step of note " + n);
            assertEquals(inC.get(n)[1] + 4, inE.get(n)[1], "pitch of note " + n);
        }
        CommandRun bad = CommandRun.of("train", "--data", folder.toString(), "--keys", "twelve", "--output",
                dir.resolve("x.cadenza").toString(), "--no-progress");
        assertEquals(1, bad.status(), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("invalid --keys: 'twelve' (expected original, all or c)"), bad.err());
    }

    /** The (step, pitch) of every onset that {@code preset} generates in {@code key} major, seed 3, in order. */
    private static List<int[]> notes(Path dir, Path preset, String key) throws Exception {
        Path midi = dir.resolve(key + ".mid");
        CommandRun run = CommandRun.of("generate", "--preset", preset.toString(), "--bars", "4", "--seed", "3", "--key",
                key, "--scale", "major", "-o", midi.toString());
        assertEquals(0, run.status(), run.err());
        PianoRoll roll = new MidiFileReader().read(midi).roll();
        List<int[]> out = new ArrayList<>();
        for (int t = 0; t < roll.length(); t++) {
            for (int i = 0; i < roll.range().size(); i++) {
                if (roll.cell(t, i) == Cell.STRUCK) {
                    out.add(new int[] {t, roll.range().pitch(i)});
                }
            }
        }
        return out;
    }
}
