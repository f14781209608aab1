package org.dl4j.snn.examples.convert;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.dl4j.snn.datasets.Cifar10;
import org.dl4j.snn.datasets.FashionMnist;
import org.dl4j.snn.datasets.Mnist;
import org.dl4j.snn.datasets.datavec.DatasetNotFoundException;
import org.dl4j.snn.datasets.datavec.ImageArraySource;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.encode.StaticImage;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The static images a conversion calibrates and is tested on, as an ANN takes them: pixels / 255 in float32,
 * {@code [b, C, H, W]} (or flat {@code [b, C*H*W]}), one-hot labels, batches in file order.
 *
 * <p>With a dataset's train and test files in the root, the first {@code calibration} training images calibrate and
 * the test set tests. With only the test files (as {@code ../shared/data/mnist-t10k}), the test set is split by
 * position as SpikingJelly's reference does: images {@code 0 .. 7999} calibrate (the first {@code calibration} of
 * them), {@code 8000 .. end} test.
 *
 * @param calibration calibration batches
 * @param test        test batches
 * @param description where they came from, for reports
 */
public record ConversionData(List<DataSet> calibration, List<DataSet> test, String description) {
    /** Where the test-files-only split puts its boundary (SpikingJelly's reference: 8,000 / 2,000). */
    public static final int SPLIT = 8000;

    /** The datasets a {@code convert} run can read. */
    public enum Dataset {
        MNIST, FASHIONMNIST, CIFAR10;

        ImageArraySource samples(Path root, Split split) {
            return switch (this) {
                case MNIST -> Mnist.samples(root, split);
                case FASHIONMNIST -> FashionMnist.samples(root, split);
                case CIFAR10 -> Cifar10.samples(root, split);
            };
        }
    }

    /**
     * @param calibration images to calibrate on (at most the calibration side)
     * @param testLimit   test images to use, the first ones (0: all)
     * @param batch       batch size
     * @param flat        {@code [b, C*H*W]} features instead of {@code [b, C, H, W]}
     */
    public static ConversionData load(Dataset dataset, Path root, int calibration, int testLimit, int batch,
                                      boolean flat) {
        if (calibration < 1 || batch < 1) {
            throw new IllegalArgumentException("calibration and batch must be >= 1, got " + calibration + " and "
                    + batch);
        }
        ImageArraySource test = dataset.samples(root, Split.TEST);
        ImageArraySource train;
        try {
            train = dataset.samples(root, Split.TRAIN);
        } catch (DatasetNotFoundException e) {
            train = null;
        }
        String name = dataset.name().toLowerCase(Locale.ROOT);
        if (train != null) {
            int cal = Math.min(calibration, train.size());
            int end = testLimit > 0 ? Math.min(testLimit, test.size()) : test.size();
            return new ConversionData(batches(train, 0, cal, batch, flat), batches(test, 0, end, batch, flat),
                    String.format(Locale.ROOT, "%s in %s: training images 0..%d calibrate, test images 0..%d test",
                            name, root, cal - 1, end - 1));
        }
        if (test.size() <= SPLIT) {
            throw new IllegalArgumentException(name + " in " + root + ": without training files the test set is split "
                    + SPLIT + " / rest, but it has only " + test.size() + " images");
        }
        int cal = Math.min(calibration, SPLIT);
        int end = testLimit > 0 ? Math.min(SPLIT + testLimit, test.size()) : test.size();
        return new ConversionData(batches(test, 0, cal, batch, flat), batches(test, SPLIT, end, batch, flat),
                String.format(Locale.ROOT, "%s in %s (test files only): images 0..%d calibrate, %d..%d test", name,
                        root, cal - 1, SPLIT, end - 1));
    }

    /** Images {@code from .. to-1} of a source as batches, pixels / 255 (float32), one-hot labels. */
    public static List<DataSet> batches(ImageArraySource source, int from, int to, int batch, boolean flat) {
        List<DataSet> out = new ArrayList<>();
        int k = source.classNames().size();
        for (int s = from; s < to; s += batch) {
            int n = Math.min(batch, to - s);
            StaticImage first = source.load(s);
            int size = first.size();
            float[] f = new float[n * size];
            float[] l = new float[n * k];
            for (int i = 0; i < n; i++) {
                System.arraycopy(source.load(s + i).data(), 0, f, i * size, size);
                l[i * k + source.label(s + i)] = 1;
            }
            INDArray x = flat ? Nd4j.create(f, new long[] {n, size}, 'c')
                    : Nd4j.create(f, new long[] {n, first.channels(), first.height(), first.width()}, 'c');
            out.add(new DataSet(x, Nd4j.create(l, new long[] {n, k}, 'c')));
        }
        return out;
    }

    /** Number of images in batches. */
    public static int count(List<DataSet> batches) {
        return batches.stream().mapToInt(DataSet::numExamples).sum();
    }

    /** An iterator over the batches as they are (one list entry per batch). */
    public static DataSetIterator iterator(List<DataSet> batches) {
        return new ListDataSetIterator<>(batches, 1);
    }
}
