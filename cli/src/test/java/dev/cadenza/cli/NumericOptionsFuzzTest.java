package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every numeric option of every command, given what is not a number, an infinity, a value far out
 * of range or just past its end: refused before any work, in one line that names the option or
 * the value, with a non-zero exit, and within a bound (a value that slipped through into a stream
 * or a training run would take far longer, or never end).
 */
class NumericOptionsFuzzTest {
    private static final String DATA = Path.of(System.getProperty("cadenza.data", "../data"), "jsb_chorales")
            .toString();
    private static final String MIDI = Path.of(System.getProperty("cadenza.data", "../data"), "midi", "bach_chorales")
            .toString();
    private static final List<String> NOT_NUMBERS = List.of("NaN", "Infinity", "-Infinity", "1e300", "-1e300", "x");

    @TempDir
    static Path dir;

    static Stream<Arguments> badValues() {
        List<Arguments> cases = new ArrayList<>();
        String[] play = {"play", "--no-keys", "--no-record"};
        for (String option : new String[] {"--bars", "--bpm", "--seed", "--channel", "--program", "--velocity",
                "--swing", "--lookahead-steps", "--latency-ms", "--temperature", "--density", "--gibbs"}) {
            for (String value : NOT_NUMBERS) {
                cases.add(Arguments.of((Object) join(play, "--bars", "1", option, value)));
            }
        }
        String[] keyboard = {"play", "--no-keys", "--no-record", "--mode", "call-response", "--keyboard-file",
                "../engine/src/test/resources/midi/two-voice-minuet.mid"};
        for (String[] bad : new String[][] {{"--in-channel", "0"}, {"--in-channel", "17"}, {"--silence-beats", "NaN"},
                {"--silence-beats", "-1"}, {"--silence-beats", "Infinity"}, {"--answer-bars", "0"},
                {"--answer-bars", "NaN"}}) {
            cases.add(Arguments.of((Object) join(keyboard, bad)));
        }
        for (String[] bad : new String[][] {{"--bars", "0"}, {"--bars", "-1"}, {"--bpm", "0"}, {"--bpm", "401"},
                {"--channel", "0"}, {"--channel", "17"}, {"--program", "128"}, {"--program", "-2"},
                {"--velocity", "0"}, {"--velocity", "128"}, {"--velocity", "90-80"}, {"--swing", "-0.1"},
                {"--swing", "0.51"}, {"--lookahead-steps", "0"}, {"--lookahead-steps", "65"}, {"--latency-ms", "1001"},
                {"--temperature", "0"}, {"--temperature", "4.01"}, {"--density", "4.01"}, {"--gibbs", "0"},
                {"--gibbs", "401"}, {"--rtp-max", "0"}, {"--rtp-max", "257"}}) {
            cases.add(Arguments.of((Object) join(play, bad)));
        }
        String[] generate = {"generate", "-o", dir.resolve("g.mid").toString()};
        for (String option : new String[] {"--bars", "--bpm", "--seed", "--program", "--temperature", "--density",
                "--gibbs"}) {
            for (String value : NOT_NUMBERS) {
                cases.add(Arguments.of((Object) join(generate, "--bars", "1", option, value)));
            }
        }
        for (String[] bad : new String[][] {{"--bars", "0"}, {"--bpm", "0"}, {"--program", "128"},
                {"--temperature", "0"}, {"--gibbs", "0"}}) {
            cases.add(Arguments.of((Object) join(generate, bad)));
        }
        String[] judge = {"judge", "bach-biaxial", "--against", MIDI, "--png", dir.resolve("j.png").toString()};
        for (String[] bad : new String[][] {{"--samples", "0"}, {"--samples", "NaN"}, {"--bars", "0"},
                {"--bars", "-3"}, {"--temperature", "NaN"}, {"--density", "Infinity"}}) {
            cases.add(Arguments.of((Object) join(judge, bad)));
        }
        String[] train = {"train", "--data", DATA, "--epochs", "1", "--no-progress", "-o",
                dir.resolve("t.cadenza").toString()};
        String[] biaxial = join(train, "--model", "biaxial", "--time-sizes", "4,4", "--note-sizes", "4,2");
        for (String[] bad : new String[][] {{"--learning-rate", "NaN"}, {"--learning-rate", "0"},
                {"--learning-rate", "Infinity"}, {"--learning-rate", "-1"}, {"--clip", "NaN"}, {"--clip", "-1"},
                {"--clip", "Infinity"}, {"--epochs", "0"}, {"--epochs", "NaN"}, {"--length", "0"}, {"--length", "-1"},
                {"--batch", "0"}, {"--hidden", "0"}, {"--recurrent", "0"}, {"--window", "0"}, {"--cd-steps", "0"},
                {"--patience", "0"}, {"--pretrain-epochs", "-1"}, {"--threads", "0"}, {"--seed", "NaN"}}) {
            cases.add(Arguments.of((Object) join(train, bad)));
        }
        for (String[] bad : new String[][] {{"--dropout", "NaN"}, {"--dropout", "1"}, {"--dropout", "-0.1"},
                {"--own-samples", "NaN"}, {"--own-samples", "1.5"}, {"--own-samples", "-0.1"},
                {"--segment-bars", "0"}, {"--segments", "0"}, {"--batches-per-epoch", "-1"},
                {"--validation-frames", "-1"}, {"--learning-rate", "NaN"}, {"--clip", "Infinity"},
                {"--time-sizes", "0,4"}, {"--note-sizes", "4,-2"}, {"--time-sizes", "NaN"}}) {
            cases.add(Arguments.of((Object) join(biaxial, bad)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void aBadNumberIsRefusedInOneLine(String[] args) {
        CommandRun run = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> CommandRun.of(args),
                "still running: the value was taken");
        String command = "cadenza " + args[0] + ": ";
        assertNotEquals(0, run.status(), "exit 0: " + run.out());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), "not one line: " + run.err());
        assertTrue(lines.get(0).startsWith(command), lines.get(0));
        assertFalse(run.err().contains("\tat ") || run.err().contains("Caused by"), "a stack trace: " + run.err());
        assertFalse(run.out().contains("epoch ") || run.out().contains("playing "), "work started: " + run.out());
    }

    private static String[] join(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
