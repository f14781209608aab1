package org.dl4j.snn.examples.experiment;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.Mnist;
import org.dl4j.snn.datasets.NMnist;
import org.dl4j.snn.datasets.datavec.SampleSource;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.encode.StaticImage;
import org.dl4j.snn.datasets.format.Events;
import org.dl4j.snn.datasets.iterator.DatasetBuilder;
import org.dl4j.snn.datasets.iterator.EventDatasetBuilder;
import org.dl4j.snn.datasets.iterator.Layout;
import org.dl4j.snn.datasets.iterator.StaticDatasetBuilder;
import org.dl4j.snn.datasets.transform.ToFrames;
import org.dl4j.snn.datasets.datavec.SubsetSource;
import org.dl4j.snn.examples.train.Trainer;
import org.dl4j.snn.monitor.MonitorRecord;
import org.dl4j.snn.monitor.ParamStats;
import org.dl4j.snn.monitor.SpikeMonitor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Trains one {@link Arm} with one seed: the data in the seed's order ({@code shuffle(seed)}, ND4J reseeded per
 * epoch by {@link Trainer}), the network from {@link ExperimentNetworks#build}, a {@link SpikeMonitor} writing
 * {@code spike-monitor.csv} into the run's folder.
 */
public final class ExperimentRunner {
    /** Seed of the MNIST test set's 8,000 / 2,000 split when the root has no training files. */
    public static final long MNIST_SPLIT_SEED = 20261128L;
    public static final int MNIST_SPLIT_TRAIN = 8000;
    /** Seed of the subset that {@code trainLimit} / {@code testLimit} keep (sources are often sorted by class). */
    public static final long LIMIT_SEED = 7L;
    /** N-MNIST recordings last about 300 ms (three 100 ms saccades); CUBA arms bin that into T equal bins. */
    public static final long NMNIST_DURATION_US = 300_000;

    private final Path root;
    private final int trainLimit;
    private final int testLimit;
    private final PrintStream log;

    /**
     * @param trainLimit use only this many training samples, drawn by {@link #LIMIT_SEED} (0: all)
     * @param testLimit  use only this many test samples, drawn the same way (0: all)
     */
    public ExperimentRunner(Path root, int trainLimit, int testLimit, PrintStream log) {
        this.root = root;
        this.trainLimit = trainLimit;
        this.testLimit = testLimit;
        this.log = log;
    }

    /** How the data of a dataset is split and framed, for the results file. */
    public String describeData(Arm arm) {
        if (arm.dataset().equals("mnist")) {
            return mnistHasTrainFiles() ? "MNIST published split (" + root + ")"
                    : "MNIST test set (" + root + ") split " + MNIST_SPLIT_TRAIN + " train / rest test, seed "
                    + MNIST_SPLIT_SEED + " (java.util.Random Fisher-Yates permutation), direct encoding T="
                    + arm.steps();
        }
        return "N-MNIST (" + root + "), " + (isCuba(arm) ? arm.steps() + " time bins of "
                + String.format(Locale.ROOT, "%.1f", msPerStep(arm)) + " ms (first 300 ms)"
                : arm.steps() + " frames split by event count (as train's nmnist_mlp)");
    }

    /** Runs {@code arm} with {@code seed}; monitor files go into {@code runDir}. */
    public RunResult run(Arm arm, long seed, Path runDir) throws Exception {
        Files.createDirectories(runDir);
        DatasetBuilder<?, ?> trainData = data(arm, true);
        DatasetBuilder<?, ?> testData = data(arm, false);
        int trainSize = trainData.source().size();
        int classes = trainData.source().numClasses();
        int inputs = arm.dataset().equals("mnist") ? 28 * 28 : 2 * NMnist.WIDTH * NMnist.HEIGHT;
        DataSetIterator train = trainData.batch(arm.batch()).shuffle(seed).iterator();
        DataSetIterator test = testData.batch(arm.batch()).iterator();
        MultiLayerNetwork net = ExperimentNetworks.build(arm, inputs, classes, msPerStep(arm), seed);
        SpikeMonitor monitor = SpikeMonitor.builder().runFolder(runDir).build();
        net.addListeners(monitor);
        log.printf(Locale.ROOT, "[%s] %s seed %d: %d train / %d test samples, T=%d, %d parameters%n", arm.suite(),
                arm.label(), seed, trainSize, testData.source().size(), arm.steps(), net.numParams());
        List<Trainer.EpochResult> epochs;
        try (monitor) {
            epochs = Trainer.builder(Trainer.Net.of(net)).out(log).progressBar(false).onEpochEnd(monitor::endEpoch)
                    .seed(seed).build().fit(train, test, arm.epochs(), trainSize);
        }
        return result(arm, seed, epochs, monitor.records());
    }

    /** The training batches of {@code arm} in {@code seed}'s order, as {@link #run} feeds them. */
    public DataSetIterator trainIterator(Arm arm, long seed) {
        return data(arm, true).batch(arm.batch()).shuffle(seed).iterator();
    }

    /** Joins the trainer's epochs with the monitor's epoch records (epoch e has DL4J epoch count e - 1). */
    static RunResult result(Arm arm, long seed, List<Trainer.EpochResult> epochs, List<MonitorRecord> records) {
        List<String> layers = new ArrayList<>();
        for (MonitorRecord r : records) {
            if (r.kind() == MonitorRecord.Kind.EPOCH && !layers.contains(r.layer().describe())) {
                layers.add(r.layer().describe());
            }
        }
        List<RunResult.Epoch> rows = new ArrayList<>();
        for (Trainer.EpochResult e : epochs) {
            double[] dead = new double[layers.size()];
            double[] rate = new double[layers.size()];
            double[] theta = new double[layers.size()];
            Arrays.fill(dead, Double.NaN);
            Arrays.fill(rate, Double.NaN);
            Arrays.fill(theta, Double.NaN);
            for (MonitorRecord r : records) {
                if (r.kind() == MonitorRecord.Kind.EPOCH && r.epoch() == e.epoch() - 1) {
                    int i = layers.indexOf(r.layer().describe());
                    dead[i] = r.spikes().deadFraction();
                    rate[i] = r.spikes().meanRate();
                    ParamStats th = r.params().get(ParamStats.THETA);
                    theta[i] = th == null ? Double.NaN : th.mean();
                }
            }
            rows.add(new RunResult.Epoch(e.epoch(), e.loss(), e.testAccuracy(), e.seconds(), dead, rate, theta));
        }
        return new RunResult(arm, seed, layers, rows);
    }

    private static boolean isCuba(Arm arm) {
        return arm.parsed().base().equals("cuba");
    }

    static double msPerStep(Arm arm) {
        return NMNIST_DURATION_US / 1000.0 / arm.steps();
    }

    private boolean mnistHasTrainFiles() {
        return Files.exists(root.resolve("train-images-idx3-ubyte")) || Files.exists(root.resolve(
                "train-images-idx3-ubyte.gz"));
    }

    private DatasetBuilder<?, ?> data(Arm arm, boolean train) {
        int limit = train ? trainLimit : testLimit;
        if (arm.dataset().equals("mnist")) {
            SampleSource<StaticImage> src;
            if (mnistHasTrainFiles()) {
                src = Mnist.samples(root, train ? Split.TRAIN : Split.TEST);
            } else {
                src = SubsetSource.split(Mnist.samples(root, Split.TEST), MNIST_SPLIT_TRAIN, MNIST_SPLIT_SEED)
                        .get(train ? 0 : 1);
            }
            return new StaticDatasetBuilder(SubsetSource.sample(src, limit, LIMIT_SEED), Layout.CONV).direct(arm.steps()).dense();
        }
        SampleSource<Events> src = SubsetSource.sample(NMnist.samples(root, train ? Split.TRAIN : Split.TEST), limit,
                LIMIT_SEED);
        EventDatasetBuilder b = new EventDatasetBuilder(src, Layout.CONV, ToFrames.Polarity.SPLIT);
        if (isCuba(arm)) {
            b.integrate(ToFrames.byDuration(NMNIST_DURATION_US / arm.steps(), arm.steps()));
        } else {
            b.frames(arm.steps());
        }
        return b.dense();
    }
}
