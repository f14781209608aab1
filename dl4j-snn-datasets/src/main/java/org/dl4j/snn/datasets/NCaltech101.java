package org.dl4j.snn.datasets;

import org.dl4j.snn.datasets.datavec.DatasetFolders;
import org.dl4j.snn.datasets.datavec.FileSampleSource;
import org.dl4j.snn.datasets.datavec.Holdout;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.format.AtisBinReader;
import org.dl4j.snn.datasets.iterator.EventDatasetBuilder;
import org.dl4j.snn.datasets.iterator.Layout;
import org.dl4j.snn.datasets.transform.ToFrames;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * N-Caltech101 (Orchard et al. 2015): Caltech101 images recorded by an ATIS sensor, up to 240x180, 2 polarities,
 * one class per folder (101 object classes and BACKGROUND_Google), no published train/test split.
 *
 * <p>Layout: {@code <root>/Caltech101/<class>/image_NNNN.bin} (or the class folders directly in {@code root}),
 * ATIS {@code .bin} files on a 240x180 sensor; classes are numbered in sorted folder order. The split is a
 * per-class {@link Holdout}, by default {@code Holdout.seeded(0.9, 0)} (90 % of each class for training).
 */
public final class NCaltech101 {
    public static final String NAME = "N-Caltech101";
    public static final int WIDTH = 240;
    public static final int HEIGHT = 180;
    /** Default split: 9:1 per class, seed 0. */
    public static final Holdout DEFAULT_HOLDOUT = Holdout.seeded(0.9, 0);
    static final String LAYOUT = """
              <root>/Caltech101/<class>/image_NNNN.bin   (one folder per class, e.g. accordion, BACKGROUND_Google)
            or the class folders directly in <root>, as unpacked from the published Caltech101.zip""";

    private NCaltech101() {
    }

    public static EventDatasetBuilder train(Path root) {
        return of(root, Split.TRAIN, DEFAULT_HOLDOUT);
    }

    public static EventDatasetBuilder test(Path root) {
        return of(root, Split.TEST, DEFAULT_HOLDOUT);
    }

    public static EventDatasetBuilder of(Path root, Split split, Holdout holdout) {
        return new EventDatasetBuilder(samples(root, split, holdout), Layout.CONV, ToFrames.Polarity.SPLIT);
    }

    public static FileSampleSource samples(Path root, Split split, Holdout holdout) {
        TrainTest.require(NAME, split, "sides");
        DatasetFolders.requireDir(NAME, root, LAYOUT);
        Path dir = Files.isDirectory(root.resolve("Caltech101")) ? root.resolve("Caltech101") : root;
        List<DatasetFolders.ClassFiles> classes = DatasetFolders.classFolders(NAME, dir, ".bin",
                DatasetFolders.numericOrder(), LAYOUT);
        DatasetFolders.FileSampleSourceParts parts = holdout.side(classes, split == Split.TRAIN);
        return new FileSampleSource(parts.files(), parts.labels(), DatasetFolders.names(classes),
                AtisBinReader.ncaltech101());
    }
}
