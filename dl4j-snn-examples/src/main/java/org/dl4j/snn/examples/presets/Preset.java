package org.dl4j.snn.examples.presets;

import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.iterator.DatasetBuilder;
import org.dl4j.snn.datasets.iterator.EventDatasetBuilder;
import org.dl4j.snn.datasets.iterator.StaticDatasetBuilder;
import org.dl4j.snn.datasets.transform.ToFrames;
import org.dl4j.snn.examples.data.DatasetName;

/**
 * Training presets: a dataset, its frame integration and a paper's network shape, each overridable from the
 * command line. Defaults are sized for a 2-core CPU; {@code --width} restores the paper's width.
 */
public enum Preset {
    /** PLIF's N-MNIST network (2 conv blocks), T = 10 frames split by event count. */
    NMNIST(DatasetName.NMNIST, 10, 16, "plif", "rate"),
    /** Rouser's N-MNIST MLP 2*34*34-500-500-10 (dense frames). */
    NMNIST_MLP(DatasetName.NMNIST, 10, 500, "plif", "sdt"),
    /** PLIF's DVS128 Gesture network (5 conv blocks), T = 20. */
    DVSGESTURE(DatasetName.DVSGESTURE, 20, 32, "plif", "rate"),
    /** PLIF's CIFAR10-DVS network (4 conv blocks), T = 20. */
    CIFAR10DVS(DatasetName.CIFAR10DVS, 20, 32, "plif", "rate"),
    /** Rouser's SHD MLP 700-200-200-20, 100 frames of 10 ms. */
    SHD(DatasetName.SHD, 100, 200, "cuba", "sdt"),
    /** Static MNIST, direct encoding over T = 8 steps, PLIF MLP. */
    MNIST(DatasetName.MNIST, 8, 256, "plif", "sdt"),
    /** Static Fashion-MNIST, direct encoding over T = 8 steps. */
    FASHIONMNIST(DatasetName.FASHIONMNIST, 8, 256, "plif", "sdt"),
    /** Static CIFAR-10, direct encoding over T = 8 steps (conv, 3 blocks). */
    CIFAR10(DatasetName.CIFAR10, 8, 32, "plif", "sdt");

    private final DatasetName dataset;
    private final int defaultSteps;
    private final int defaultWidth;
    private final String defaultNeuron;
    private final String defaultLoss;

    Preset(DatasetName dataset, int steps, int width, String neuron, String loss) {
        this.dataset = dataset;
        this.defaultSteps = steps;
        this.defaultWidth = width;
        this.defaultNeuron = neuron;
        this.defaultLoss = loss;
    }

    /**
     * The preset named {@code name} (case-insensitive, e.g. {@code nmnist_mlp}).
     *
     * @throws IllegalArgumentException listing the presets when there is none of that name
     */
    public static Preset of(String name) {
        for (Preset p : values()) {
            if (p.cliName().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "'; the presets are "
                + java.util.Arrays.stream(values()).map(Preset::cliName).toList());
    }

    /** The name users type, e.g. {@code nmnist_mlp}. */
    public String cliName() { return name().toLowerCase(java.util.Locale.ROOT); }

    public DatasetName dataset() { return dataset; }
    public int defaultSteps() { return defaultSteps; }
    public int defaultWidth() { return defaultWidth; }
    public String defaultNeuron() { return defaultNeuron; }
    public String defaultLoss() { return defaultLoss; }

    /** Conv presets take {@code [batch, C, T, H, W]}; the others {@code [batch, features, T]}. */
    public boolean isConv() {
        return this == NMNIST || this == DVSGESTURE || this == CIFAR10DVS || this == CIFAR10;
    }

    /** The dataset split as frames in this preset's layout. */
    public DatasetBuilder<?, ?> data(Path root, Split split, int steps) {
        DatasetBuilder<?, ?> b = dataset.open(root, split);
        if (b instanceof EventDatasetBuilder e) {
            if (dataset == DatasetName.SHD || dataset == DatasetName.SSC) {
                e.integrate(ToFrames.byDuration(10_000, steps));
            } else {
                e.frames(steps);
            }
        } else if (b instanceof StaticDatasetBuilder s) {
            s.direct(steps);
        }
        return isConv() ? b.conv() : b.dense();
    }

    /** The network for input frames of {@code [channels, height, width]} (dense presets use their product). */
    public MultiLayerConfiguration network(int channels, int height, int width, int classes, int steps, int widthOpt,
                                           NetworkOptions o, long seed, double learningRate) {
        return switch (this) {
            case NMNIST -> Networks.neuromorphic(channels, height, width, steps, classes, 2, widthOpt, o, seed,
                    learningRate);
            case DVSGESTURE -> Networks.neuromorphic(channels, height, width, steps, classes, 5, widthOpt, o, seed,
                    learningRate);
            case CIFAR10DVS -> Networks.neuromorphic(channels, height, width, steps, classes, 4, widthOpt, o, seed,
                    learningRate);
            case CIFAR10 -> Networks.neuromorphic(channels, height, width, steps, classes, 3, widthOpt, o, seed,
                    learningRate);
            case NMNIST_MLP, SHD, MNIST, FASHIONMNIST -> Networks.mlp(channels * height * width, steps, classes,
                    new int[] {widthOpt, widthOpt}, o, seed, learningRate, o.temporalLoss());
        };
    }
}
