package org.dl4j.snn.datasets;

import org.dl4j.snn.datasets.datavec.DatasetFolders;
import org.dl4j.snn.datasets.datavec.DatasetNotFoundException;
import org.dl4j.snn.datasets.datavec.ImageArraySource;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.format.IdxImages;
import org.dl4j.snn.datasets.format.IdxReader;
import org.dl4j.snn.datasets.format.EventFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Discovery shared by {@link Mnist} and {@link FashionMnist}, which use the same idx file names.
 *
 * <p>{@code <root>/train-images-idx3-ubyte[.gz]} + {@code train-labels-idx1-ubyte[.gz]} (60,000) and
 * {@code t10k-images-idx3-ubyte[.gz]} + {@code t10k-labels-idx1-ubyte[.gz]} (10,000); plain or gzipped.
 */
final class IdxDatasets {
    static final String LAYOUT = """
              <root>/train-images-idx3-ubyte[.gz], <root>/train-labels-idx1-ubyte[.gz]
              <root>/t10k-images-idx3-ubyte[.gz],  <root>/t10k-labels-idx1-ubyte[.gz]
            (plain or gzipped idx files as published)""";

    private IdxDatasets() {
    }

    static ImageArraySource load(String name, Path root, Split split, List<String> classes) {
        TrainTest.require(name, split, "splits");
        DatasetFolders.requireDir(name, root, LAYOUT);
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        Path images = find(name, root, prefix + "-images-idx3-ubyte");
        Path labels = find(name, root, prefix + "-labels-idx1-ubyte");
        try {
            IdxImages img = IdxReader.readImages(images);
            int[] lab = IdxReader.readLabels(labels);
            if (lab.length != img.count()) {
                throw EventFormatException.inFile(labels, lab.length + " labels for " + img.count() + " images in "
                        + images + " (expected one label per image: are both files of the same split and dataset?)");
            }
            return new ImageArraySource(List.of(images), new int[] {img.count()}, img.pixels(), lab, 1, img.rows(),
                    img.cols(), classes);
        } catch (IOException e) {
            throw DatasetFolders.unreadable(name, e);
        }
    }

    private static Path find(String name, Path root, String base) {
        Path plain = root.resolve(base);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = root.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new DatasetNotFoundException(name, root, "found neither " + base + " nor " + base + ".gz", LAYOUT);
    }
}
