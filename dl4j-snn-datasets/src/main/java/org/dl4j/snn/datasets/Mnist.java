package org.dl4j.snn.datasets;

import org.dl4j.snn.datasets.datavec.ImageArraySource;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.iterator.Layout;
import org.dl4j.snn.datasets.iterator.StaticDatasetBuilder;

import java.nio.file.Path;
import java.util.List;

/**
 * MNIST (LeCun and Cortes): 28x28 grey handwritten digits, 10 classes, 60,000 train and 10,000 test images,
 * encoded over T steps for spiking networks.
 *
 * <p>Layout: the four published idx files in {@code root}, plain or gzipped (see {@link IdxDatasets}); pixels
 * scaled to [0, 1]. Example: {@code Mnist.test(root).direct(8).batch(50).iterator()} gives features
 * {@code [50, 1, 8, 28, 28]}; {@code .poisson(4).dense()} gives Bernoulli spikes {@code [50, 784, 4]}.
 */
public final class Mnist {
    public static final String NAME = "MNIST";
    public static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private Mnist() {
    }

    public static StaticDatasetBuilder train(Path root) {
        return of(root, Split.TRAIN);
    }

    public static StaticDatasetBuilder test(Path root) {
        return of(root, Split.TEST);
    }

    public static StaticDatasetBuilder of(Path root, Split split) {
        return new StaticDatasetBuilder(samples(root, split), Layout.CONV);
    }

    public static ImageArraySource samples(Path root, Split split) {
        return IdxDatasets.load(NAME, root, split, CLASSES);
    }
}
