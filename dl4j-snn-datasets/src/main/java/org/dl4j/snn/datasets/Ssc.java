package org.dl4j.snn.datasets;

import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.iterator.EventDatasetBuilder;

import java.nio.file.Path;

/**
 * Spiking Speech Commands (Cramer et al. 2020): Google Speech Commands through the same 700-channel cochlea
 * model as {@link Shd}, 35 classes, with train, validation and test splits.
 *
 * <p>Layout: {@code <root>/ssc_train.h5}, {@code ssc_valid.h5}, {@code ssc_test.h5} (HDF5, gunzipped); frames and
 * layout as {@link Shd}: features {@code [batch, 700, T]}.
 */
public final class Ssc {
    public static final String NAME = "SSC";
    public static final int CHANNELS = 700;
    public static final int NUM_CLASSES = 35;
    static final String LAYOUT = """
              <root>/ssc_train.h5, <root>/ssc_valid.h5, <root>/ssc_test.h5   (gunzipped from ssc_*.h5.gz)""";

    private Ssc() {
    }

    public static EventDatasetBuilder train(Path root) {
        return of(root, Split.TRAIN);
    }

    public static EventDatasetBuilder valid(Path root) {
        return of(root, Split.VALID);
    }

    public static EventDatasetBuilder test(Path root) {
        return of(root, Split.TEST);
    }

    public static EventDatasetBuilder of(Path root, Split split) {
        return Shd.open(NAME, root, "ssc_" + split.name().toLowerCase() + ".h5", NUM_CLASSES, LAYOUT);
    }
}
