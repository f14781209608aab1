package org.dl4j.snn.examples.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.dl4j.snn.datasets.Cifar10;
import org.dl4j.snn.datasets.Cifar10Dvs;
import org.dl4j.snn.datasets.DvsGesture;
import org.dl4j.snn.datasets.FashionMnist;
import org.dl4j.snn.datasets.Mnist;
import org.dl4j.snn.datasets.NCaltech101;
import org.dl4j.snn.datasets.NMnist;
import org.dl4j.snn.datasets.Shd;
import org.dl4j.snn.datasets.Ssc;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.iterator.DatasetBuilder;

/**
 * The datasets the command line knows, by the names users type ({@code nmnist}, {@code dvsgesture}, ...), each
 * mapped to its facade in {@code dl4j-snn-datasets}.
 *
 * <p>Event datasets give an {@code EventDatasetBuilder}, static image datasets a {@code StaticDatasetBuilder};
 * both are {@link DatasetBuilder}s over a {@code SampleSource}.
 */
public enum DatasetName {
    NMNIST(true, Split.TRAIN, Split.TEST),
    NCALTECH101(true, Split.TRAIN, Split.TEST),
    DVSGESTURE(true, Split.TRAIN, Split.TEST),
    CIFAR10DVS(true, Split.TRAIN, Split.TEST),
    SHD(true, Split.TRAIN, Split.TEST),
    SSC(true, Split.TRAIN, Split.VALID, Split.TEST),
    MNIST(false, Split.TRAIN, Split.TEST),
    FASHIONMNIST(false, Split.TRAIN, Split.TEST),
    CIFAR10(false, Split.TRAIN, Split.TEST);

    private final boolean events;
    private final List<Split> splits;

    DatasetName(boolean events, Split... splits) {
        this.events = events;
        this.splits = List.of(splits);
    }

    /** True for event (neuromorphic) datasets, false for static images. */
    public boolean isEvents() { return events; }

    /** The splits this dataset has, in order. */
    public List<Split> splits() { return splits; }

    /** The name users type, e.g. {@code nmnist}. */
    public String cliName() { return name().toLowerCase(Locale.ROOT); }

    /** The dataset's builder for {@code split} under {@code root}. */
    public DatasetBuilder<?, ?> open(Path root, Split split) {
        if (!splits.contains(split)) {
            throw new IllegalArgumentException(cliName() + " has no " + split + " split; it has " + splits);
        }
        return switch (this) {
            case NMNIST -> NMnist.of(root, split);
            case NCALTECH101 -> NCaltech101.of(root, split, NCaltech101.DEFAULT_HOLDOUT);
            case DVSGESTURE -> DvsGesture.of(root, split);
            case CIFAR10DVS -> Cifar10Dvs.of(root, split, Cifar10Dvs.DEFAULT_HOLDOUT);
            case SHD -> Shd.of(root, split);
            case SSC -> Ssc.of(root, split);
            case MNIST -> Mnist.of(root, split);
            case FASHIONMNIST -> FashionMnist.of(root, split);
            case CIFAR10 -> Cifar10.of(root, split);
        };
    }
}
