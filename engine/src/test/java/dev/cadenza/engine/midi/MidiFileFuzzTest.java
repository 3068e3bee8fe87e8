package dev.cadenza.engine.midi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cadenza.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Random damage to real MIDI files: every mutant is either read into a roll within the reader's
 * bounds or refused with an {@link EngineException} whose one-line message names the file; no other
 * exception, no hang, no roll past {@link MidiFileReader#MAX_STEPS}. Seeded, so a failure repeats.
 */
class MidiFileFuzzTest {
    private static final int MUTANTS_PER_FILE = 300;

    @Test
    @DisplayName("300 random mutants of each of four chorales and a minuet: read within bounds or refused in one line")
    void mutantsAreReadOrRefusedInOneLine() throws IOException {
        Path chorales = Rolls.data().resolve("midi/bach_chorales");
        byte[][] originals = {
            Files.readAllBytes(chorales.resolve("chorale002.mid")),
            Files.readAllBytes(chorales.resolve("chorale010.mid")),
            Files.readAllBytes(chorales.resolve("chorale100.mid")),
            Files.readAllBytes(chorales.resolve("chorale200.mid")),
            getClass().getResourceAsStream("/midi/two-voice-minuet.mid").readAllBytes(),
        };
        Random random = new Random(2026_12_07L);
        int read = 0;
        int refused = 0;
        for (byte[] original : originals) {
            for (int m = 0; m < MUTANTS_PER_FILE; m++) {
                byte[] mutant = mutate(original, random);
                String name = "mutant-" + m + ".mid";
                try {
                    MidiImport imported = assertTimeoutPreemptively(Duration.ofSeconds(20),
                            () -> new MidiFileReader().read(mutant, name), name + " took too long");
                    assertTrue(imported.roll().length() <= MidiFileReader.MAX_STEPS, name);
                    read++;
                } catch (EngineException e) {
                    assertTrue(e.getMessage().contains(name), e.getMessage());
                    assertFalse(e.getMessage().contains("\n"), e.getMessage());
                    refused++;
                } catch (RuntimeException | Error e) {
                    fail(name + " (mutation of a " + original.length + "-byte file, seeded): " + e, e);
                }
            }
        }
        // the mutations reach both outcomes, or the test would not be testing the parser's edges
        assertTrue(read > 100 && refused > 100, "read " + read + ", refused " + refused);
    }

    /** One to three random kinds of damage: flipped, set or dropped bytes, a cut, a big delta time, a copied slice. */
    static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        int kinds = 1 + random.nextInt(3);
        for (int k = 0; k < kinds; k++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> b = Arrays.copyOf(b, Math.max(1, at)); // cut
                case 3 -> { // drop a few bytes
                    int n = Math.min(b.length - at, 1 + random.nextInt(8));
                    byte[] shorter = new byte[b.length - n];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + n, shorter, at, b.length - at - n);
                    b = shorter.length == 0 ? new byte[1] : shorter;
                }
                case 4 -> { // a long variable-length quantity where a delta time may be
                    for (int i = at; i < Math.min(b.length, at + 3); i++) {
                        b[i] = (byte) 0xFF;
                    }
                }
                default -> { // a slice copied over another place
                    int from = random.nextInt(b.length);
                    int n = Math.min(Math.min(b.length - from, b.length - at), 1 + random.nextInt(64));
                    System.arraycopy(b.clone(), from, b, at, n);
                }
            }
        }
        return b;
    }
}
