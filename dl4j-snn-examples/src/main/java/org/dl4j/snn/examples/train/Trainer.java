package org.dl4j.snn.examples.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.dl4j.snn.eval.SnnEvaluation;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The training loop of the command line: epochs of {@code fit} with a progress bar, a one-line summary per
 * epoch and the test accuracy at the end.
 *
 * <p>Accuracy follows the prediction rule of the network's loss (mean over time, last step, votes), see
 * {@link SnnEvaluation}.
 */
public final class Trainer {

    /** One epoch's numbers. */
    public record EpochResult(int epoch, double loss, double testAccuracy, double seconds, double samplesPerSecond) {}

    /** The two things the loop needs from a network, for MultiLayerNetwork and ComputationGraph alike. */
    public interface Net {
        void fit(DataSet batch);
        double score();
        /** Classification metrics with the prediction rule of the network's {@link TemporalLossLayer}. */
        Evaluation evaluate(DataSetIterator data);

        static Net of(MultiLayerNetwork net) {
            return new Net() {
                @Override public void fit(DataSet b) { net.fit(b); }
                @Override public double score() { return net.score(); }
                @Override public Evaluation evaluate(DataSetIterator d) { return SnnEvaluation.evaluate(net, d); }
            };
        }

        static Net of(ComputationGraph net) {
            return new Net() {
                @Override public void fit(DataSet b) { net.fit(b); }
                @Override public double score() { return net.score(); }
                @Override public Evaluation evaluate(DataSetIterator d) { return SnnEvaluation.evaluate(net, d); }
            };
        }
    }

    private final Net net;
    private final PrintStream out;
    private final boolean progressBar;
    private final Runnable onEpochEnd;

    /** @param onEpochEnd called after each epoch's training pass (e.g. a monitor's {@code endEpoch}) */
    public Trainer(Net net, PrintStream out, boolean progressBar, Runnable onEpochEnd) {
        this.net = net;
        this.out = out;
        this.onEpochEnd = onEpochEnd;
        this.progressBar = progressBar;
    }

    /** Trains for {@code epochs} epochs, evaluating on {@code test} after each. */
    public List<EpochResult> fit(DataSetIterator train, DataSetIterator test, int epochs, int samplesPerEpoch) {
        List<EpochResult> results = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            double lossSum = 0;
            int batches = 0;
            int samples = 0;
            train.reset();
            try (ProgressBar bar = progressBar ? bar(epoch, epochs, samplesPerEpoch) : null) {
                while (train.hasNext()) {
                    DataSet batch = train.next();
                    net.fit(batch);
                    lossSum += net.score();
                    batches++;
                    samples += batch.numExamples();
                    if (bar != null) {
                        bar.stepTo(samples);
                        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", lossSum / batches));
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            onEpochEnd.run();
            double accuracy = accuracy(test);
            EpochResult r = new EpochResult(epoch, lossSum / Math.max(1, batches), accuracy, seconds,
                    samples / seconds);
            results.add(r);
            out.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  test-acc %.4f  %.1f s  %.1f samples/s%n",
                    epoch, epochs, r.loss(), r.testAccuracy(), r.seconds(), r.samplesPerSecond());
            out.flush();
        }
        return results;
    }

    /** Fraction of samples of {@code data} whose predicted class equals the label. */
    public double accuracy(DataSetIterator data) {
        data.reset();
        return net.evaluate(data).accuracy();
    }

    private static ProgressBar bar(int epoch, int epochs, int samplesPerEpoch) {
        return new ProgressBarBuilder()
                .setTaskName("epoch " + epoch + "/" + epochs)
                .setInitialMax(samplesPerEpoch)
                .setUnit(" samples", 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
    }
}
