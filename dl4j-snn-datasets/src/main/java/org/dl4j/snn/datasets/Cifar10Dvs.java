package org.dl4j.snn.datasets;

import org.dl4j.snn.datasets.datavec.DatasetFolders;
import org.dl4j.snn.datasets.datavec.DatasetNotFoundException;
import org.dl4j.snn.datasets.datavec.FileSampleSource;
import org.dl4j.snn.datasets.datavec.Holdout;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.format.Aedat20Reader;
import org.dl4j.snn.datasets.iterator.EventDatasetBuilder;
import org.dl4j.snn.datasets.iterator.Layout;
import org.dl4j.snn.datasets.transform.ToFrames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CIFAR10-DVS (Li et al. 2017): 10,000 CIFAR-10 images (1,000 per class) recorded by a DVS128, 128x128,
 * 2 polarities, 10 classes, no published train/test split.
 *
 * <p>Layout: {@code <root>/<class>/cifar10_<class>_<i>.aedat}, AEDAT 2.0 ({@link Aedat20Reader}), files ordered
 * by {@code i}. Split: a per-class {@link Holdout}, by default {@code Holdout.seeded(0.9, 0)} (the 9:1 split of
 * PLIF); {@code Holdout.firstAsTest(100)} makes files {@code 0..99} of each class the test set.
 *
 * <p>A root holding only some of the ten class folders (a partial download, a few classes) is accepted: the labels
 * keep their nominal indices (airplane = 0 ... truck = 9) and the class list stays the ten names, so a network's
 * outputs mean the same classes whatever subset it saw; a note says which classes are present. A folder with another
 * name is an error.
 */
public final class Cifar10Dvs {
    public static final String NAME = "CIFAR10-DVS";
    public static final int SIZE = 128;
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");
    public static final Holdout DEFAULT_HOLDOUT = Holdout.seeded(0.9, 0);
    static final String LAYOUT = """
              <root>/<class>/cifar10_<class>_<i>.aedat   (10 class folders airplane .. truck, 1,000 AEDAT 2.0 files each)""";

    private static final Logger log = LoggerFactory.getLogger(Cifar10Dvs.class);
    private static final Set<String> NOTED = ConcurrentHashMap.newKeySet();

    private Cifar10Dvs() {
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
        List<DatasetFolders.ClassFiles> classes = DatasetFolders.classFolders(NAME, root, ".aedat",
                DatasetFolders.numericOrder(), LAYOUT);
        List<String> names = DatasetFolders.names(classes);
        List<String> unknown = names.stream().filter(n -> !CLASSES.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new DatasetNotFoundException(NAME, root, "found class folder(s) " + unknown + " that are not "
                    + "CIFAR10-DVS classes " + CLASSES, LAYOUT);
        }
        if (names.size() < CLASSES.size() && NOTED.add(root.toAbsolutePath().normalize().toString())) {
            log.info("{}: {} holds {} of the 10 class folders {}; their labels keep the nominal indices ({})", NAME,
                    root, names.size(), names, names.stream().map(n -> n + " = " + CLASSES.indexOf(n)).toList());
        }
        DatasetFolders.FileSampleSourceParts parts = holdout.side(classes, split == Split.TRAIN);
        int[] labels = parts.labels().clone();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = CLASSES.indexOf(names.get(labels[i]));
        }
        return new FileSampleSource(parts.files(), labels, CLASSES, new Aedat20Reader());
    }
}
