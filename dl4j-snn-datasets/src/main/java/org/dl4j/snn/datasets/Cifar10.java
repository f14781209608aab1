package org.dl4j.snn.datasets;

import org.dl4j.snn.datasets.datavec.DatasetFolders;
import org.dl4j.snn.datasets.datavec.ImageArraySource;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.format.Cifar10Batch;
import org.dl4j.snn.datasets.format.Cifar10BinReader;
import org.dl4j.snn.datasets.iterator.Layout;
import org.dl4j.snn.datasets.iterator.StaticDatasetBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 (Krizhevsky 2009): 32x32 colour images, 10 classes, 50,000 train and 10,000 test, encoded over T
 * steps for spiking networks.
 *
 * <p>Layout: the binary version, {@code data_batch_1.bin .. data_batch_5.bin} and {@code test_batch.bin} in
 * {@code root} or in {@code root/cifar-10-batches-bin}; images {@code [3, 32, 32]} (R, G, B planes) in [0, 1].
 */
public final class Cifar10 {
    public static final String NAME = "CIFAR-10";
    static final String LAYOUT = """
              <root>/data_batch_1.bin .. data_batch_5.bin, <root>/test_batch.bin
            (or the same in <root>/cifar-10-batches-bin, as unpacked from cifar-10-binary.tar.gz)""";

    private Cifar10() {
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
        TrainTest.require(NAME, split, "splits");
        DatasetFolders.requireDir(NAME, root, LAYOUT);
        Path dir = Files.isDirectory(root.resolve("cifar-10-batches-bin")) ? root.resolve("cifar-10-batches-bin")
                : root;
        List<Path> files = new ArrayList<>();
        if (split == Split.TRAIN) {
            for (int b = 1; b <= 5; b++) {
                files.add(DatasetFolders.requireFile(NAME, dir.resolve("data_batch_" + b + ".bin"), LAYOUT));
            }
        } else {
            files.add(DatasetFolders.requireFile(NAME, dir.resolve("test_batch.bin"), LAYOUT));
        }
        try {
            List<Cifar10Batch> batches = new ArrayList<>();
            int total = 0;
            for (Path f : files) {
                Cifar10Batch b = Cifar10BinReader.read(f);
                batches.add(b);
                total += b.size();
            }
            byte[] pixels = new byte[total * Cifar10BinReader.IMAGE_BYTES];
            int[] labels = new int[total];
            int[] counts = new int[batches.size()];
            int at = 0;
            for (int k = 0; k < batches.size(); k++) {
                Cifar10Batch b = batches.get(k);
                System.arraycopy(b.pixels(), 0, pixels, at * Cifar10BinReader.IMAGE_BYTES, b.pixels().length);
                System.arraycopy(b.labels(), 0, labels, at, b.size());
                counts[k] = b.size();
                at += b.size();
            }
            return new ImageArraySource(files, counts, pixels, labels, Cifar10BinReader.CHANNELS,
                    Cifar10BinReader.SIDE, Cifar10BinReader.SIDE, Cifar10BinReader.CLASS_NAMES);
        } catch (IOException e) {
            throw DatasetFolders.unreadable(NAME, e);
        }
    }
}
