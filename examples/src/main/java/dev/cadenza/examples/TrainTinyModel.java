package dev.cadenza.examples;

import dev.cadenza.engine.preset.PresetFiles;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.trainer.data.Dataset;
import dev.cadenza.trainer.data.Datasets;
import dev.cadenza.trainer.data.Piece;
import dev.cadenza.trainer.rnnrbm.RnnRbmTrainer;
import dev.cadenza.trainer.rnnrbm.RnnRbmTrainingOptions;
import dev.cadenza.trainer.data.TrainingData;
import dev.cadenza.trainer.run.EpochStats;
import dev.cadenza.trainer.run.TrainingListener;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains a small RNN-RBM for a few epochs on a piano-roll dataset (default: the first 40 JSB
 * chorales) and writes it as a preset.
 *
 * <pre>java dev.cadenza.examples.TrainTinyModel DATASET_DIR OUT.cadenza [EPOCHS]</pre>
 */
public final class TrainTinyModel {
    private TrainTinyModel() {
    }

    public static void main(String[] args) {
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;

        Dataset train = Datasets.load(data, "train");
        Dataset valid = Datasets.load(data, "valid");
        List<PianoRoll> trainRolls = train.pieces().stream().limit(40).map(Piece::roll).toList();
        List<PianoRoll> validRolls = valid.pieces().stream().limit(10).map(Piece::roll).toList();
        TrainingData trainingData = new TrainingData(train.name(), train.sha256(), train.range(), train.stepsPerQuarter(),
                trainRolls, validRolls);

        // 32 hidden and 24 recurrent units, CD-5, Adam: small enough to train in seconds.
        RnnRbmTrainingOptions options = RnnRbmTrainingOptions.defaults().withHidden(32).withRecurrent(24).withCdSteps(5)
                .withLength(50).withSequences(8).withEpochs(epochs).withLearningRate(0.003).withPretrainEpochs(1)
                .withPatience(10).withValidationGibbs(10).withSeed(1);
        RnnRbmTrainer trainer = new RnnRbmTrainer(options, new TrainingListener() {
            @Override
            public void epochDone(EpochStats s) {
                System.out.printf("epoch %d: validation accuracy %.1f %%%n", s.epoch(), 100 * s.validation());
            }
        });
        RnnRbmTrainer.Result result = trainer.train(trainingData, null, false);
        PresetFiles.write(trainer.preset("tiny-" + train.name(), "example", trainingData, result, null), out);
        System.out.println("wrote " + out);
    }
}
