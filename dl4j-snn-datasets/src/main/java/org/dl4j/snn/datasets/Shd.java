package org.dl4j.snn.datasets;

import org.dl4j.snn.datasets.datavec.DatasetFolders;
import org.dl4j.snn.datasets.datavec.ShdSampleSource;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.iterator.EventDatasetBuilder;
import org.dl4j.snn.datasets.iterator.Layout;
import org.dl4j.snn.datasets.transform.ToFrames;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Spiking Heidelberg Digits (Cramer et al. 2020): spoken digits 0-9 in English and German through a 700-channel
 * cochlea model, 20 classes; 8,156 train and 2,264 test samples.
 *
 * <p>Layout: {@code <root>/shd_train.h5}, {@code <root>/shd_test.h5} (HDF5, gunzipped). Frames are
 * {@code [T, 1, 1, 700]} (one merged channel), so the default {@link Layout#DENSE} gives features
 * {@code [batch, 700, T]}; {@code .transform(new SpatialDownsample(70, 1))} reduces to 70 channels. Example:
 * {@code Shd.train(root).integrate(ToFrames.byDuration(10_000, 100)).batch(32).iterator()}.
 */
public final class Shd {
    public static final String NAME = "SHD";
    public static final int CHANNELS = 700;
    public static final int NUM_CLASSES = 20;
    static final String LAYOUT = """
              <root>/shd_train.h5, <root>/shd_test.h5   (gunzipped from the published shd_*.h5.gz)""";

    private Shd() {
    }

    public static EventDatasetBuilder train(Path root) {
        return of(root, Split.TRAIN);
    }

    public static EventDatasetBuilder test(Path root) {
        return of(root, Split.TEST);
    }

    public static EventDatasetBuilder of(Path root, Split split) {
        TrainTest.require(NAME, split, "splits");
        return open(NAME, root, "shd_" + split.name().toLowerCase() + ".h5", NUM_CLASSES, LAYOUT);
    }

    /** The builder over one HDF5 file of SHD or SSC (dense layout, merged polarity). */
    static EventDatasetBuilder open(String name, Path root, String fileName, int classes, String layout) {
        DatasetFolders.requireDir(name, root, layout);
        Path file = DatasetFolders.requireFile(name, root.resolve(fileName), layout);
        try {
            return new EventDatasetBuilder(new ShdSampleSource(file, classes), Layout.DENSE, ToFrames.Polarity.MERGE);
        } catch (IOException e) {
            throw DatasetFolders.unreadable(name, e);
        }
    }
}
