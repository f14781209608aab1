package org.dl4j.snn.datasets.datavec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A per-class train/test split for datasets without a published one (N-Caltech101, CIFAR10-DVS); every class
 * keeps the same proportion.
 *
 * <p>{@link Ratio} follows SpikingJelly's {@code split_to_train_test_set(train_ratio, ..., random_split)}: per
 * class, the first {@code ceil(n * trainRatio)} files are training samples and the rest test samples, taken in
 * the class's sorted order or, with a seed, after a seeded shuffle. {@link FirstAsTest} makes the first
 * {@code count} files of each class (numeric order) the test set.
 */
public sealed interface Holdout {

    /** The files of one side, labels = class index. */
    DatasetFolders.FileSampleSourceParts side(List<DatasetFolders.ClassFiles> classes, boolean train);

    /** Stable text for reports and provenance. */
    String describe();

    /** {@code trainRatio} of each class for training; {@code seed} null keeps sorted order. */
    record Ratio(double trainRatio, Long seed) implements Holdout {
        public Ratio {
            if (!(trainRatio > 0 && trainRatio < 1)) {
                throw new IllegalArgumentException("train ratio must be in (0, 1), got " + trainRatio);
            }
        }

        @Override
        public DatasetFolders.FileSampleSourceParts side(List<DatasetFolders.ClassFiles> classes, boolean train) {
            return DatasetFolders.collect(classes, (c, files) -> {
                List<Path> cls = files;
                if (seed != null) {
                    cls = new ArrayList<>(files.size());
                    for (int i : FrameDataset.permutation(files.size(), FrameDataset.randomFor(seed, 0, c))) {
                        cls.add(files.get(i));
                    }
                }
                int cut = (int) Math.ceil(cls.size() * trainRatio);
                return train ? cls.subList(0, cut) : cls.subList(cut, cls.size());
            });
        }

        @Override
        public String describe() {
            return "Ratio(train=" + trainRatio + (seed == null ? ",sorted" : ",seed=" + seed) + ")";
        }
    }

    /** The first {@code count} files of each class are the test set, the rest the training set. */
    record FirstAsTest(int count) implements Holdout {
        public FirstAsTest {
            if (count <= 0) {
                throw new IllegalArgumentException("test files per class must be > 0, got " + count);
            }
        }

        @Override
        public DatasetFolders.FileSampleSourceParts side(List<DatasetFolders.ClassFiles> classes, boolean train) {
            return DatasetFolders.collect(classes, (c, files) -> {
                int cut = Math.min(count, files.size());
                return train ? files.subList(cut, files.size()) : files.subList(0, cut);
            });
        }

        @Override
        public String describe() {
            return "FirstAsTest(" + count + ")";
        }
    }

    /** Seeded {@code trainRatio} split. */
    static Holdout seeded(double trainRatio, long seed) {
        return new Ratio(trainRatio, seed);
    }

    /** {@code trainRatio} split in sorted (numeric) file order. */
    static Holdout ordered(double trainRatio) {
        return new Ratio(trainRatio, null);
    }

    static Holdout firstAsTest(int count) {
        return new FirstAsTest(count);
    }
}
