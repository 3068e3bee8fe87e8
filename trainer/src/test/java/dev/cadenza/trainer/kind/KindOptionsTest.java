package dev.cadenza.trainer.kind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cadenza.trainer.TrainerException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KindOptionsTest {
    private static final List<KindOption> OPTIONS = List.of(new KindOption("--size", "N", "150", "units"),
            new KindOption("--sizes", "SIZES", "300,300", "layers"), new KindOption("--rate", "R", "0.5", "rate"),
            new KindOption("--from", "a|b", "a", "start"));

    @Test
    @DisplayName("given values replace the defaults, each read with its type")
    void valuesAndDefaults() {
        KindOptions o = KindOptions.of(OPTIONS, Map.of("--size", "40", "--sizes", "8, 4,2"));
        assertEquals(40, o.integer("--size"));
        assertEquals(List.of(8, 4, 2), o.integers("--sizes"));
        assertEquals(0.5, o.decimal("--rate"));
        assertEquals("a", o.choice("--from", "a", "b"));
        assertEquals(150L, KindOptions.of(OPTIONS, Map.of()).whole("--size"));
    }

    @Test
    @DisplayName("a value of the wrong type is refused in one line that names the option and the value")
    void wrongTypes() {
        KindOptions o = KindOptions.of(OPTIONS, Map.of("--size", "1.5", "--sizes", "8,,4", "--rate", "NaN",
                "--from", "c"));
        assertEquals("invalid --size: '1.5' is not a whole number",
                assertThrows(TrainerException.class, () -> o.integer("--size")).getMessage());
        assertEquals("invalid --sizes: '' is not a whole number",
                assertThrows(TrainerException.class, () -> o.integers("--sizes")).getMessage());
        assertEquals("invalid --rate: 'NaN' is not a finite number",
                assertThrows(TrainerException.class, () -> o.decimal("--rate")).getMessage());
        assertEquals("invalid --from: c (expected a or b)",
                assertThrows(TrainerException.class, () -> o.choice("--from", "a", "b")).getMessage());
    }

    @Test
    @DisplayName("an option the kind does not have is a programming error, not a silent default")
    void unknownOptions() {
        assertThrows(IllegalArgumentException.class, () -> KindOptions.of(OPTIONS, Map.of("--other", "1")));
        assertThrows(IllegalArgumentException.class, () -> KindOptions.of(OPTIONS, Map.of()).text("--other"));
        assertThrows(IllegalArgumentException.class, () -> new KindOption("size", "N", "1", "no dashes"));
    }
}
