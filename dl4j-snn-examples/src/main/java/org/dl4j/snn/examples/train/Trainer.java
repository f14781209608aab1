package org.dl4j.snn.examples.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The training loop of the command line: epochs of {@code fit} with a progress bar, a one-line summary per
 * epoch and the test accuracy at the end.
 *
 * <p>Accuracy compares {@code argmax} of the network's scores with {@code argmax} of the one-hot labels; for
 * outputs {@code [batch, classes, T]} the scores are reduced over time by the {@link Readout} rule.
 */
public final class Trainer {

    /** How {@code [batch, classes, T]} outputs become class scores. */
    public enum Readout {
        /** mean over time (SDT, TET, spike-rate losses). */
        MEAN,
        /** the last time step (LTS). */
        LAST
    }

    /** One epoch's numbers. */
    public record EpochResult(int epoch, double loss, double testAccuracy, double seconds, double samplesPerSecond) {}

    /** The two things the loop needs from a network, for MultiLayerNetwork and ComputationGraph alike. */
    public interface Net {
        void fit(DataSet batch);
        double score();
        INDArray output(INDArray features);

        static Net of(MultiLayerNetwork net) {
            return new Net() {
                @Override public void fit(DataSet b) { net.fit(b); }
                @Override public double score() { return net.score(); }
                @Override public INDArray output(INDArray f) { return net.output(f, false); }
            };
        }

        static Net of(ComputationGraph net) {
            return new Net() {
                @Override public void fit(DataSet b) { net.fit(b); }
                @Override public double score() { return net.score(); }
                @Override public INDArray output(INDArray f) { return net.outputSingle(false, f); }
            };
        }
    }

    private final Net net;
    private final PrintStream out;
    private final Readout readout;
    private final boolean progressBar;

    public Trainer(Net net, PrintStream out, Readout readout, boolean progressBar) {
        this.net = net;
        this.out = out;
        this.readout = readout;
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
            double accuracy = accuracy(test);
            EpochResult r = new EpochResult(epoch, lossSum / Math.max(1, batches), accuracy, seconds,
                    samples / seconds);
            results.add(r);
            out.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  test-acc %.4f  %.1f s  %.1f samples/s%n",
                    epoch, epochs, r.loss(), r.testAccuracy(), r.seconds(), r.samplesPerSecond());
        }
        return results;
    }

    /** Fraction of samples of {@code data} whose predicted class equals the label. */
    public double accuracy(DataSetIterator data) {
        long correct = 0;
        long total = 0;
        data.reset();
        while (data.hasNext()) {
            DataSet batch = data.next();
            INDArray scores = scores(net.output(batch.getFeatures()));
            INDArray predicted = scores.argMax(1);
            INDArray actual = batch.getLabels().argMax(1);
            correct += predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT64).sumNumber().longValue();
            total += batch.numExamples();
        }
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    private INDArray scores(INDArray output) {
        if (output.rank() == 2) return output;
        if (output.rank() != 3) {
            throw new IllegalStateException("expected network output [batch, classes] or [batch, classes, T], got "
                    + java.util.Arrays.toString(output.shape()));
        }
        return switch (readout) {
            case MEAN -> output.mean(2);
            case LAST -> output.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(output.size(2) - 1));
        };
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
