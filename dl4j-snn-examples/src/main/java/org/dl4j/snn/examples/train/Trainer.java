package org.dl4j.snn.examples.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.iterator.SnnDataSetIterator;
import org.dl4j.snn.eval.SnnEvaluation;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training loop of the command line: epochs of {@code fit} with a progress bar, a one-line summary per
 * epoch and the test accuracy after each.
 *
 * <p>Accuracy follows the prediction rule of the network's loss (mean over time, last step, votes), see
 * {@link SnnEvaluation}.
 *
 * <p>Reproducible epochs ({@link Builder#seed}): epoch {@code e} draws everything random from {@code (seed, e)}
 * alone: the data order and augmentation of an {@link SnnDataSetIterator} (positioned at epoch {@code e}, see
 * {@link EpochData#of}) and ND4J's random generator (dropout masks), reseeded with {@link #epochSeed} when the
 * epoch starts. With the network's parameters, updater state and iteration / epoch counts (all in a DL4J model
 * file), training from the end of epoch {@code k} therefore continues exactly as an uninterrupted run does.
 *
 * <p>Stopping ({@link Builder#stopWhen}): the condition is polled after every batch; when it holds, the epoch
 * is abandoned after that batch (neither evaluated nor reported to {@link Builder#afterEpoch}), so the last
 * completed epoch's checkpoint stays the state to resume from and the interrupted epoch is redone in full.
 */
public final class Trainer {

    /** One epoch's numbers. */
    public record EpochResult(int epoch, double loss, double testAccuracy, double seconds, double samplesPerSecond) {}

    /**
     * How {@link #train} ended: the epochs it completed and, when stopped early, where.
     *
     * @param epochs       the completed epochs, in order
     * @param stoppedEpoch the epoch abandoned by a stop request, or 0 when training ran to the end
     * @param batchesDone  batches of {@code stoppedEpoch} trained before stopping (0 when not stopped)
     */
    public record Outcome(List<EpochResult> epochs, int stoppedEpoch, int batchesDone) {
        /** Whether a stop request ended training early. */
        public boolean stopped() {
            return stoppedEpoch > 0;
        }
    }

    /** The things the loop needs from a network, for MultiLayerNetwork and ComputationGraph alike. */
    public interface Net {
        void fit(DataSet batch);
        double score();
        /** Classification metrics with the prediction rule of the network's {@link TemporalLossLayer}. */
        Evaluation evaluate(DataSetIterator data);

        /** The DL4J model (to save a checkpoint); unsupported unless made by {@code of(..)}. */
        default Model model() {
            throw new UnsupportedOperationException("this Trainer.Net has no DL4J model to save");
        }

        /** Called when an epoch's training pass ends: counts the epoch in the model (its epoch count). */
        default void epochDone() {
        }

        /**
         * One epoch's training pass: trains on the batches of {@code data}, telling {@code progress} about each,
         * and polls {@code stop} after every batch. The default fits one batch at a time with {@link #fit}; a net
         * that trains several batches at once (ParallelWrapper, Spark) overrides it.
         *
         * @return true when every batch was trained, false when {@code stop} ended the pass early
         */
        default boolean fitEpoch(DataSetIterator data, Progress progress, BooleanSupplier stop) {
            while (data.hasNext()) {
                if (progress.batches() > 0 && stop.getAsBoolean()) {
                    return false;
                }
                DataSet batch = data.next();
                fit(batch);
                progress.batchDone(batch.numExamples(), score());
            }
            return true;
        }

        static Net of(MultiLayerNetwork net) {
            return new Net() {
                @Override public void fit(DataSet b) { net.fit(b); }
                @Override public double score() { return net.score(); }
                @Override public Evaluation evaluate(DataSetIterator d) { return SnnEvaluation.evaluate(net, d); }
                @Override public Model model() { return net; }
                @Override public void epochDone() { net.incrementEpochCount(); }
            };
        }

        static Net of(ComputationGraph net) {
            return new Net() {
                @Override public void fit(DataSet b) { net.fit(b); }
                @Override public double score() { return net.score(); }
                @Override public Evaluation evaluate(DataSetIterator d) { return SnnEvaluation.evaluate(net, d); }
                @Override public Model model() { return net; }
                @Override public void epochDone() { net.incrementEpochCount(); }
            };
        }
    }

    /**
     * The running totals of one epoch's training pass (batches, samples, mean loss), shown on the progress bar;
     * safe to update from several threads.
     */
    public static final class Progress {
        private final ProgressBar bar;
        private int batches;
        private long samples;
        private double lossSum;

        Progress(ProgressBar bar) {
            this.bar = bar;
        }

        /** Totals without a progress bar (for training without a console). */
        public static Progress withoutBar() {
            return new Progress(null);
        }

        /** A batch of {@code examples} samples was trained with loss (score) {@code loss}. */
        public synchronized void batchDone(int examples, double loss) {
            batches++;
            samples += examples;
            lossSum += loss;
            if (bar != null) {
                bar.stepTo(samples);
                bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", lossSum / batches));
            }
        }

        /** {@code batches} batches of {@code samples} samples in all, with losses summing to {@code lossSum}. */
        public synchronized void addAll(int batches, long samples, double lossSum) {
            this.batches += batches;
            this.samples += samples;
            this.lossSum += lossSum;
            if (bar != null) {
                bar.stepTo(this.samples);
            }
        }

        public synchronized int batches() {
            return batches;
        }

        public synchronized long samples() {
            return samples;
        }

        /** The mean loss over the batches so far (0 before the first). */
        public synchronized double meanLoss() {
            return lossSum / Math.max(1, batches);
        }
    }

    /** The training batches of one epoch, by epoch number (1-based). */
    @FunctionalInterface
    public interface EpochData {
        /** An iterator positioned at the start of epoch {@code epoch}. */
        DataSetIterator epoch(int epoch);

        /**
         * Epochs of {@code train}. An {@link SnnDataSetIterator} is moved to its epoch {@code e} for epoch
         * {@code e} (order and augmentation a function of its seed and {@code e}), so training may start at any
         * epoch; it must not be past that epoch already. Any other iterator is {@code reset()} for each epoch.
         */
        static EpochData of(DataSetIterator train) {
            Objects.requireNonNull(train, "Trainer: training data is null");
            if (train instanceof SnnDataSetIterator s) {
                return e -> {
                    if (s.epoch() >= e) {
                        throw new IllegalStateException("Trainer: the training iterator is already at its epoch "
                                + s.epoch() + "; epoch " + e + " needs an iterator before it (a fresh one is at 0)");
                    }
                    while (s.epoch() < e) {
                        s.reset();
                    }
                    return s;
                };
            }
            return e -> {
                train.reset();
                return train;
            };
        }
    }

    /** Told about every completed epoch (e.g. to write a checkpoint); may throw to end training. */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * @param result the epoch just completed
         * @param all    every epoch of the run so far, including earlier runs this one resumes
         */
        void epochDone(EpochResult result, List<EpochResult> all) throws IOException;
    }

    private final Net net;
    private final PrintStream out;
    private final boolean progressBar;
    private final Runnable onEpochEnd;
    private final Long seed;
    private final EpochListener afterEpoch;
    private final BooleanSupplier stopRequested;

    /** @param onEpochEnd called after each epoch's training pass (e.g. a monitor's {@code endEpoch}) */
    public Trainer(Net net, PrintStream out, boolean progressBar, Runnable onEpochEnd) {
        this(builder(net).out(out).progressBar(progressBar).onEpochEnd(onEpochEnd));
    }

    private Trainer(Builder b) {
        this.net = Objects.requireNonNull(b.net, "Trainer: net is null");
        this.out = b.out;
        this.progressBar = b.progressBar;
        this.onEpochEnd = b.onEpochEnd;
        this.seed = b.seed;
        this.afterEpoch = b.afterEpoch;
        this.stopRequested = b.stopRequested;
    }

    /** A builder: output to System.out, a progress bar, nothing else. */
    public static Builder builder(Net net) {
        return new Builder(net);
    }

    /** The seed of ND4J's random generator in epoch {@code epoch} of a run seeded with {@code seed}. */
    public static long epochSeed(long seed, int epoch) {
        // SplitMix64's finaliser of (seed, epoch): neighbouring epochs and seeds get unrelated streams.
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Trains for {@code epochs} epochs, evaluating on {@code test} after each. */
    public List<EpochResult> fit(DataSetIterator train, DataSetIterator test, int epochs, int samplesPerEpoch) {
        return train(EpochData.of(train), test, List.of(), epochs, samplesPerEpoch).epochs();
    }

    /**
     * Trains epochs {@code previous.size() + 1 .. lastEpoch}, evaluating on {@code test} after each.
     *
     * @param previous the epochs an earlier run completed (a resumed run), empty for a new one
     * @return the epochs completed (previous ones included) and where a stop request ended training
     */
    public Outcome train(EpochData train, DataSetIterator test, List<EpochResult> previous, int lastEpoch,
                         int samplesPerEpoch) {
        List<EpochResult> results = new ArrayList<>(previous);
        for (int epoch = previous.size() + 1; epoch <= lastEpoch; epoch++) {
            if (stopRequested.getAsBoolean()) {
                return new Outcome(results, epoch, 0);
            }
            long start = System.nanoTime();
            if (seed != null) {
                Nd4j.getRandom().setSeed(epochSeed(seed, epoch));
            }
            DataSetIterator data = train.epoch(epoch);
            Progress progress;
            try (ProgressBar bar = progressBar ? bar(epoch, lastEpoch, samplesPerEpoch) : null) {
                progress = new Progress(bar);
                if (!net.fitEpoch(data, progress, stopRequested)) {
                    return new Outcome(results, epoch, progress.batches());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            onEpochEnd.run();
            net.epochDone();
            double accuracy = accuracy(test);
            EpochResult r = new EpochResult(epoch, progress.meanLoss(), accuracy, seconds,
                    progress.samples() / seconds);
            results.add(r);
            out.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  test-acc %.4f  %.1f s  %.1f samples/s%n",
                    epoch, lastEpoch, r.loss(), r.testAccuracy(), r.seconds(), r.samplesPerSecond());
            out.flush();
            try {
                afterEpoch.epochDone(r, List.copyOf(results));
            } catch (IOException e) {
                throw new UncheckedIOException("after epoch " + epoch + ": " + e.getMessage(), e);
            }
        }
        return new Outcome(results, 0, 0);
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

    /** Options of a {@link Trainer}. */
    public static final class Builder {
        private final Net net;
        private PrintStream out = System.out;
        private boolean progressBar = true;
        private Runnable onEpochEnd = () -> { };
        private Long seed;
        private EpochListener afterEpoch = (r, all) -> { };
        private BooleanSupplier stopRequested = () -> false;

        private Builder(Net net) {
            this.net = net;
        }

        /** Where the per-epoch lines go (default System.out). */
        public Builder out(PrintStream out) {
            this.out = Objects.requireNonNull(out, "Trainer: out is null");
            return this;
        }

        /** Whether to show a progress bar on System.err (default true). */
        public Builder progressBar(boolean on) {
            this.progressBar = on;
            return this;
        }

        /** Called after each epoch's training pass, before evaluation (e.g. a monitor's {@code endEpoch}). */
        public Builder onEpochEnd(Runnable r) {
            this.onEpochEnd = Objects.requireNonNull(r, "Trainer: onEpochEnd is null");
            return this;
        }

        /** Reseed ND4J's random generator with {@link #epochSeed}{@code (seed, e)} when epoch e starts. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Called after each completed (trained and evaluated) epoch, e.g. to write a checkpoint. */
        public Builder afterEpoch(EpochListener l) {
            this.afterEpoch = Objects.requireNonNull(l, "Trainer: afterEpoch is null");
            return this;
        }

        /** Polled after every batch: when true, training stops after that batch (see the class comment). */
        public Builder stopWhen(BooleanSupplier stop) {
            this.stopRequested = Objects.requireNonNull(stop, "Trainer: stopWhen is null");
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
