package dev.cadenza.bench;

import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.bridge.port.MidiOut;
import dev.cadenza.bridge.port.MidiPorts;
import dev.cadenza.bridge.port.SilentOut;
import dev.cadenza.bridge.stream.LiveStream;
import dev.cadenza.bridge.stream.StreamOptions;
import dev.cadenza.bridge.stream.StreamStats;
import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PitchRange;
import java.util.Locale;

/**
 * Measures emission timing: |sent − scheduled| of every event of a real stream (system clock,
 * real threads), while busy threads keep every core loaded. Prints p50, p99 and the maximum.
 *
 * <pre>
 * java -cp cli/target/cadenza.jar dev.cadenza.bridge.stream.TimingBench [--events N] [--bpm B]
 *      [--steps-per-quarter S] [--load-threads T] [--out PORT] [--realtime]
 * </pre>
 *
 * Defaults: 12,000 events, 16ths at 150 BPM with 6 notes changing per step (12 events a step, 10
 * steps a second), one busy thread per core, into a silent port (the emitter's own timing; with
 * {@code --out NAME} a real port's send time is included; {@code --realtime} puts the emission
 * thread under SCHED_FIFO, see {@link RealtimePriority}). A second process loading the cores
 * (e.g. {@code stress -c 2}) can be run beside it as well.
 */
public final class TimingBench {

    /** A deterministic model that moves six voices every step: 12 events a step. */
    static final class PatternModel implements StepModel {
        private static final PitchRange RANGE = new PitchRange(36, 95);
        private final int stepsPerQuarter;
        private int step;

        PatternModel(int stepsPerQuarter) {
            this.stepsPerQuarter = stepsPerQuarter;
        }

        @Override
        public PitchRange range() {
            return RANGE;
        }

        @Override
        public int stepsPerQuarter() {
            return stepsPerQuarter;
        }

        @Override
        public void reset(long seed) {
            step = 0;
        }

        @Override
        public void observe(Frame played) {
            step++;
        }

        @Override
        public void sample(Controls controls, Frame out) {
            out.clear();
            for (int voice = 0; voice < 6; voice++) {
                out.set((step * 7 + voice * 10) % RANGE.size(), Cell.STRUCK);
            }
            step++;
        }
    }

    private TimingBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        int events = 12_000;
        double bpm = 150;
        int stepsPerQuarter = 4;
        int loadThreads = Runtime.getRuntime().availableProcessors();
        String out = null;
        boolean realtime = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--bpm" -> bpm = Double.parseDouble(args[++i]);
                case "--steps-per-quarter" -> stepsPerQuarter = Integer.parseInt(args[++i]);
                case "--load-threads" -> loadThreads = Integer.parseInt(args[++i]);
                case "--out" -> out = args[++i];
                case "--realtime" -> realtime = true;
                default -> {
                    System.err.println("usage: TimingBench [--events N] [--bpm B] [--steps-per-quarter S]"
                            + " [--load-threads T] [--out PORT] [--realtime]");
                    System.exit(2);
                }
            }
        }
        StreamStats stats = run(events, bpm, stepsPerQuarter, loadThreads, out, realtime);
        System.out.println(report(stats, events, bpm, stepsPerQuarter, loadThreads, out, realtime));
    }

    /** Runs the bench and returns the stream's statistics. */
    public static StreamStats run(int events, double bpm, int stepsPerQuarter, int loadThreads, String outName,
            boolean realtime) throws InterruptedException {
        long steps = (events + 11) / 12 + 1;
        MidiOut port = outName == null ? new SilentOut("silent") : MidiPorts.openOutput(outName);
        Thread[] load = new Thread[loadThreads];
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        for (int i = 0; i < loadThreads; i++) {
            load[i] = new Thread(() -> {
                double x = 1;
                while (!stop.get()) {
                    for (int k = 0; k < 1_000_000; k++) {
                        x = x * 1.0000001 + 1e-9;
                    }
                    if (x == 42) {
                        System.out.print("");
                    }
                }
            }, "cadenza-bench-load-" + i);
            load[i].setDaemon(true);
            load[i].start();
        }
        LiveStream stream = LiveStream.builder(new PatternModel(stepsPerQuarter), port)
                .bpm(bpm)
                .options(StreamOptions.defaults().withSteps(steps).withLookaheadSteps(2))
                .controls(new LiveControls(1.0, 0.0, 1))
                .log(m -> System.err.println("bench: " + m))
                .realtime(realtime)
                .build()
                .start();
        stream.awaitEnd();
        stop.set(true);
        return stream.stats();
    }

    static String report(StreamStats stats, int events, double bpm, int stepsPerQuarter, int loadThreads, String out,
            boolean realtime) {
        return String.format(Locale.ROOT,
                "emission timing |sent - scheduled| over %d events (%s BPM, %d steps per quarter, %d busy threads"
                        + " on %d cores, %s, emission thread %s):%n  p50 %.3f ms, p99 %.3f ms, max %.3f ms%n"
                        + "  late note-ons dropped %d, steps missed %d, events sent %d",
                stats.errorCount(), fmt(bpm), stepsPerQuarter, loadThreads, Runtime.getRuntime().availableProcessors(),
                out == null ? "silent port" : "port '" + out + "'", realtime ? "SCHED_FIFO asked" : "normal priority",
                stats.errorQuantileNanos(0.5) / 1e6, stats.errorQuantileNanos(0.99) / 1e6, stats.errorMaxNanos() / 1e6,
                stats.lateDrops(), stats.stepsMissed(), stats.eventsSent());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
