package org.dl4j.snn.examples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.examples.data.BundledData;
import org.dl4j.snn.examples.presets.NetworkOptions;
import org.dl4j.snn.examples.presets.Preset;
import org.dl4j.snn.examples.train.RunConfig;
import org.dl4j.snn.examples.train.Trainer;
import org.dl4j.snn.examples.ui.TrainingUi;
import org.dl4j.snn.examples.ui.UiOptions;
import org.dl4j.snn.monitor.SpikeMonitor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code train}: trains a preset network on a dataset folder, printing a progress bar, one summary line per epoch
 * and finally {@code test accuracy: 0.NNNN}. Defaults: the N-MNIST preset on the bundled real N-MNIST sample.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a preset spiking network; prints 'test accuracy: 0.NNNN' at the end.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--preset", defaultValue = "nmnist_mlp",
            description = "Network and dataset: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Preset preset = Preset.NMNIST_MLP;

    @Option(names = "--root", description = "Dataset folder as distributed, unpacked (default for nmnist: the "
            + "bundled sample dl4j-snn-examples/data/nmnist-small).")
    Path root;

    @Option(names = {"-T", "--time-steps"}, description = "Time steps / frames (default: the preset's).")
    Integer steps;

    @Option(names = "--epochs", defaultValue = "10", description = "Training epochs (default ${DEFAULT-VALUE}).")
    int epochs = 10;

    @Option(names = "--batch", defaultValue = "16", description = "Mini-batch size (default ${DEFAULT-VALUE}).")
    int batch = 16;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double learningRate = 1e-3;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of weights and data order (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--width", description = "Channels of conv blocks / units of hidden layers (default: the preset's).")
    Integer width;

    @Option(names = "--neuron", description = "if, lif, plif (learnable tau) or cuba (default: the preset's).")
    String neuron;

    @Option(names = "--tau", defaultValue = "2.0", description = "(Initial) membrane time constant (default ${DEFAULT-VALUE}).")
    double tau = 2.0;

    @Option(names = "--learn-theta", description = "Learn the threshold per neuron (STL-SNN / Rouser).")
    boolean learnTheta;

    @Option(names = "--learn-v0", description = "Learn the initial membrane potential per neuron (IMP-SNN).")
    boolean learnV0;

    @Option(names = "--surrogate", defaultValue = "atan",
            description = "atan, sigmoid, fastsigmoid, pwq, triangle, rect, slayer (default ${DEFAULT-VALUE}).")
    String surrogate = "atan";

    @Option(names = "--alpha", defaultValue = "2.0", description = "Surrogate sharpness (default ${DEFAULT-VALUE}).")
    double alpha = 2.0;

    @Option(names = "--loss", description = "sdt, tet, lstet, lts or rate (default: the preset's).")
    String loss;

    @Option(names = "--output", defaultValue = "runs/latest",
            description = "Folder for config.json and model.zip (default ${DEFAULT-VALUE}).")
    Path output = Path.of("runs/latest");

    @Option(names = "--no-progress", description = "No progress bar (the per-epoch lines stay).")
    boolean noProgress;

    @Mixin
    UiOptions ui = new UiOptions();

    @Override
    public Integer call() throws Exception {
        Path dataRoot = root != null ? root : defaultRoot();
        int t = steps != null ? steps : preset.defaultSteps();
        NetworkOptions options = new NetworkOptions(neuron != null ? neuron : preset.defaultNeuron(), tau, learnTheta,
                learnV0, surrogate, alpha, loss != null ? loss : preset.defaultLoss());
        RunConfig config = new RunConfig(preset.name().toLowerCase(Locale.ROOT), dataRoot.toString(), t, epochs, batch,
                learningRate, seed, options.neuron(), tau, learnTheta, learnV0, surrogate, alpha, options.loss(), "fused",
                Runtime.getRuntime().availableProcessors());
        config.write(output.resolve("config.json"));

        DataSetIterator train = preset.data(dataRoot, Split.TRAIN, t).batch(batch).shuffle(seed).iterator();
        DataSetIterator test = preset.data(dataRoot, Split.TEST, t).batch(batch).iterator();
        int trainSize = preset.data(dataRoot, Split.TRAIN, t).source().size();
        DataSet first = train.next();
        train.reset();
        INDArray f = first.getFeatures();
        int channels = (int) f.size(1);
        int height = f.rank() == 5 ? (int) f.size(3) : 1;
        int widthPx = f.rank() == 5 ? (int) f.size(4) : 1;
        int classes = (int) first.getLabels().size(1);
        MultiLayerConfiguration conf = preset.network(channels, height, widthPx, classes, t,
                width != null ? width : preset.defaultWidth(), options, seed, learningRate);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();

        System.out.printf(Locale.ROOT, "dl4j-snn train: preset %s, %d training samples from %s, T=%d, %d parameters%n",
                config.preset(), trainSize, dataRoot, t, net.numParams());
        // Firing rates, dead / saturated fractions and tau / theta / v0 per spiking layer and epoch, as
        // spike-monitor.csv / .jsonl next to the run's config, and to the UI / stats file when asked for.
        try (TrainingUi trainingUi = ui.open(System.out)) {
            SpikeMonitor monitor = trainingUi.attach(net, SpikeMonitor.builder().runFolder(output));
            Trainer trainer = new Trainer(Trainer.Net.of(net), System.out, !noProgress, monitor::endEpoch);
            List<Trainer.EpochResult> results = trainer.fit(train, test, epochs, trainSize);
            net.save(output.resolve("model.zip").toFile(), true);
            double accuracy = results.isEmpty() ? trainer.accuracy(test)
                    : results.get(results.size() - 1).testAccuracy();
            System.out.printf(Locale.ROOT, "test accuracy: %.4f%n", accuracy);
            System.out.flush();
            trainingUi.trainingDone();
        }
        return 0;
    }

    private Path defaultRoot() {
        if (preset.dataset() != org.dl4j.snn.examples.data.DatasetName.NMNIST) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--root is required for preset " + preset.name().toLowerCase(Locale.ROOT)
                            + " (only N-MNIST has a bundled sample)");
        }
        return BundledData.nmnistSample();
    }
}
