package org.dl4j.snn.datasets;

import org.dl4j.snn.datasets.datavec.DatasetFolders;
import org.dl4j.snn.datasets.datavec.DatasetNotFoundException;
import org.dl4j.snn.datasets.datavec.FileSampleSource;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.format.AtisBinReader;
import org.dl4j.snn.datasets.iterator.EventDatasetBuilder;
import org.dl4j.snn.datasets.iterator.Layout;
import org.dl4j.snn.datasets.transform.ToFrames;

import java.nio.file.Path;
import java.util.List;

/**
 * N-MNIST (Orchard et al. 2015): MNIST digits recorded by an ATIS sensor in saccades, 34x34, 2 polarities,
 * 10 classes, about 300 ms per sample; 60,000 train and 10,000 test recordings.
 *
 * <p>Layout: {@code <root>/Train/<digit>/<NNNNN>.bin} and {@code <root>/Test/<digit>/<NNNNN>.bin}, ATIS
 * {@code .bin} files ({@link AtisBinReader}); the label is the digit folder. Example:
 * {@code NMnist.train(root).frames(10).batch(16).shuffle(42).iterator()} gives features
 * {@code [16, 2, 10, 34, 34]} and labels {@code [16, 10]}.
 */
public final class NMnist {
    public static final String NAME = "N-MNIST";
    public static final int WIDTH = 34;
    public static final int HEIGHT = 34;
    public static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    static final String LAYOUT = """
              <root>/Train/<digit 0-9>/<NNNNN>.bin   (60,000 ATIS .bin recordings)
              <root>/Test/<digit 0-9>/<NNNNN>.bin    (10,000)
            as unpacked from the published Train.zip and Test.zip""";

    private NMnist() {
    }

    public static EventDatasetBuilder train(Path root) {
        return of(root, Split.TRAIN);
    }

    public static EventDatasetBuilder test(Path root) {
        return of(root, Split.TEST);
    }

    public static EventDatasetBuilder of(Path root, Split split) {
        return new EventDatasetBuilder(samples(root, split), Layout.CONV, ToFrames.Polarity.SPLIT);
    }

    /** The split's files and labels; throws a {@code DatasetNotFoundException} describing the layout if absent. */
    public static FileSampleSource samples(Path root, Split split) {
        TrainTest.require(NAME, split, "splits");
        DatasetFolders.requireDir(NAME, root, LAYOUT);
        Path dir = DatasetFolders.requireDir(NAME, root.resolve(split == Split.TRAIN ? "Train" : "Test"), LAYOUT);
        List<DatasetFolders.ClassFiles> classes = DatasetFolders.classFolders(NAME, dir, ".bin",
                DatasetFolders.numericOrder(), LAYOUT);
        List<String> names = DatasetFolders.names(classes);
        if (!names.equals(CLASSES)) {
            throw new DatasetNotFoundException(NAME, dir, "found class folders "
                    + names + " instead of the ten digits " + CLASSES, LAYOUT);
        }
        DatasetFolders.FileSampleSourceParts parts = DatasetFolders.all(classes);
        return new FileSampleSource(parts.files(), parts.labels(), CLASSES, AtisBinReader.nmnist());
    }
}
