package dev.cadenza.bench;

import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.rnnrbm.RnnRbmModel;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PitchRange;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One RNN-RBM sampling step at the reference sizes (88 visible, 150 hidden, 100 recurrent,
 * 25 Gibbs steps), as {@code bench/numpy_peer.py} measures its NumPy loop. Weights are
 * drawn as the peer draws them (N(0, 0.01)), or loaded from a bundled preset with
 * {@code -p weights=jsb-rnnrbm} (trained weights give the realistic sparsity).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class RnnRbmStepBench {
    @Param({"random"})
    public String weights;

    private RnnRbmModel model;
    private Controls controls;
    private Frame frame;

    @Setup
    public void setup() {
        RnnRbmWeights w;
        if (weights.equals("random")) {
            w = RnnRbmWeights.random(new RnnRbmConfig(PitchRange.PIANO, 4, 1, 150, 100), 0, 0.01);
        } else {
            w = RnnRbmWeights.fromPreset(dev.cadenza.presets.Presets.load(weights));
        }
        model = new RnnRbmModel(w);
        model.reset(1);
        controls = model.newControls().gibbsSteps(25);
        frame = new Frame(w.config.range());
    }

    @Benchmark
    public Frame step() {
        model.sample(controls, frame);
        return frame;
    }
}
