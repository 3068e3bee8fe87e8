package dev.cadenza.bench;

import dev.cadenza.engine.biaxial.BiaxialConfig;
import dev.cadenza.engine.biaxial.BiaxialModel;
import dev.cadenza.engine.biaxial.BiaxialWeights;
import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PitchRange;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One biaxial LSTM sampling step at the reference sizes of {@code bench/numpy_peer.py}:
 * 78 notes (MIDI 24..101), 80 features per note, time axis 300 + 300, note axis 100 + 50. Weights
 * are drawn as the peer draws them (N(0, 0.05)), or loaded from a bundled preset (or a preset file) with
 * {@code -p weights=jsb-biaxial}. {@code step} samples (time axis and note axis); {@code observe}
 * advances with a played frame (time axis only, what a keyboard's steps cost).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class BiaxialStepBench {
    @Param({"random"})
    public String weights;

    /** Threads per step: 1, or 2 (a helper thread takes half of each time-axis product). */
    @Param({"1", "2"})
    public int threads;

    private BiaxialModel model;
    private Controls controls;
    private Frame frame;
    private Frame played;

    @Setup
    public void setup() {
        BiaxialWeights w;
        if (weights.equals("random")) {
            w = new BiaxialWeights(new BiaxialConfig(new PitchRange(24, 101), 4, List.of(300, 300), List.of(100, 50), true));
            Random random = new Random(0);
            for (float[] a : w.arrays().values()) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (random.nextGaussian() * 0.05);
                }
            }
        } else {
            w = BiaxialWeights.fromPreset(dev.cadenza.presets.Presets.load(weights));
        }
        model = new BiaxialModel(w, threads);
        model.reset(1);
        controls = model.newControls();
        frame = new Frame(w.config.range());
        played = new Frame(w.config.range());
        Random random = new Random(1);
        for (int n = 0; n < played.size(); n++) {
            if (random.nextDouble() < 0.1) {
                played.set(n, dev.cadenza.engine.roll.Cell.STRUCK);
            }
        }
    }

    @TearDown
    public void tearDown() {
        model.close();
    }

    @Benchmark
    public Frame step() {
        model.sample(controls, frame);
        return frame;
    }

    @Benchmark
    public BiaxialModel observe() {
        model.observe(played);
        return model;
    }
}
