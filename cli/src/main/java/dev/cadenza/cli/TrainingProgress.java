package dev.cadenza.cli;

import dev.cadenza.trainer.run.EpochStats;
import dev.cadenza.trainer.run.TrainingListener;
import dev.cadenza.trainer.run.ValidationFigure;
import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Draws a training run on the terminal: a progress bar per phase (epoch, frames/s, cost) and one
 * line per finished epoch with the validation figure. Without a bar, only the epoch lines.
 */
final class TrainingProgress implements TrainingListener, AutoCloseable {
    private final PrintWriter out;
    private final boolean bar;
    private ValidationFigure figure = ValidationFigure.LOG_LIKELIHOOD;
    private ProgressBar current;

    TrainingProgress(PrintWriter out, boolean bar) {
        this.out = out;
        this.bar = bar;
    }

    @Override
    public void validatingBy(ValidationFigure figure) {
        this.figure = figure;
    }

    @Override
    public void phaseStarted(String phase, int batches) {
        closeBar();
        if (bar) {
            current = new ProgressBarBuilder().setTaskName(phase).setInitialMax(batches)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
        }
    }

    @Override
    public void batchDone(long frames, double cost, double framesPerSecond) {
        if (current != null) {
            current.step();
            current.setExtraMessage(String.format(" %,.0f frames/s  cost %.4f", framesPerSecond, cost));
        }
    }

    @Override
    public void epochDone(EpochStats s) {
        closeBar();
        String validation = figure.label() + " " + figure.format(s.validation());
        out.printf("epoch %3d  cost %8.4f  %s%s  %,8.0f frames/s  %6.1f s%n", s.epoch(), s.cost(), validation,
                s.improved() ? " *" : "  ", s.framesPerSecond(), s.seconds());
        out.flush();
    }

    @Override
    public void message(String text) {
        closeBar();
        out.println(text);
        out.flush();
    }

    @Override
    public void close() {
        closeBar();
    }

    private void closeBar() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
