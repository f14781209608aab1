package org.dl4j.snn.datasets;

import org.dl4j.snn.datasets.datavec.ImageArraySource;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.iterator.Layout;
import org.dl4j.snn.datasets.iterator.StaticDatasetBuilder;

import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao et al. 2017): 28x28 grey Zalando article images, 10 classes, 60,000 train and 10,000 test,
 * in MNIST's idx format, encoded over T steps for spiking networks.
 *
 * <p>Layout: the four idx files with MNIST's names in {@code root}, plain or gzipped (see {@link IdxDatasets}).
 */
public final class FashionMnist {
    public static final String NAME = "Fashion-MNIST";
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
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
