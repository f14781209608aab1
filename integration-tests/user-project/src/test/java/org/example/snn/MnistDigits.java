package org.example.snn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.dl4j.snn.datasets.Mnist;
import org.dl4j.snn.datasets.iterator.Layout;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The bundled MNIST digits (the 10,000 t10k images, {@code -Dmnist.dir}): digits 0..2,999 train, 8,000..8,999 test.
 * Loaded with the library's dataset builder and split with plain DL4J {@code DataSet}s, as a user would.
 */
final class MnistDigits {
    static final int TRAIN = 3000;
    static final int TEST_FROM = 8000;
    static final int TEST = 1000;

    private static final Map<String, DataSet> CACHE = new HashMap<>();

    private MnistDigits() {
    }

    static Path root() {
        return Path.of(System.getProperty("mnist.dir", "../../../shared/data/mnist-t10k"));
    }

    /** Static images {@code [b, 784]}, pixels in [0, 1], one-hot labels {@code [b, 10]}: an ordinary MLP's input. */
    static DataSet images(boolean train) {
        DataSet d = directlyEncoded(train, 1, Layout.DENSE);
        return new DataSet(d.getFeatures().reshape(d.getFeatures().size(0), 784), d.getLabels());
    }

    /**
     * Images repeated over {@code steps} steps by the library's direct encoder: {@code [b, 784, T]}
     * ({@link Layout#DENSE}) or {@code [b, 1, T, 28, 28]} ({@link Layout#CONV}).
     */
    static synchronized DataSet directlyEncoded(boolean train, int steps, Layout layout) {
        return CACHE.computeIfAbsent(train + "/" + steps + "/" + layout, k -> {
            DataSetIterator all = Mnist.test(root()).direct(steps).layout(layout).batch(1000).iterator();
            List<DataSet> batches = new ArrayList<>();
            int from = train ? 0 : TEST_FROM;
            int to = train ? TRAIN : TEST_FROM + TEST;
            for (int first = 0; all.hasNext(); first += 1000) {
                DataSet b = all.next();
                if (first >= from && first < to) {
                    batches.add(b);
                }
            }
            // DataSet.merge takes features of rank 2 to 4 only: join [b, 1, T, 28, 28] along the batch axis directly.
            return new DataSet(Nd4j.concat(0, batches.stream().map(DataSet::getFeatures).toArray(INDArray[]::new)),
                    Nd4j.concat(0, batches.stream().map(DataSet::getLabels).toArray(INDArray[]::new)));
        });
    }

    /** Mini-batches of {@code data}, the same order every epoch. */
    static DataSetIterator batches(DataSet data, int batchSize) {
        // DataSet.batchBy merges examples, which takes rank 2 to 4 only: slice [b, 1, T, 28, 28] directly.
        List<DataSet> batches = new ArrayList<>();
        long n = data.getFeatures().size(0);
        for (long from = 0; from < n; from += batchSize) {
            INDArrayIndex rows = NDArrayIndex.interval(from, Math.min(n, from + batchSize));
            batches.add(new DataSet(data.getFeatures().get(rows).dup(), data.getLabels().get(rows).dup()));
        }
        return new ExistingDataSetIterator(batches);
    }
}
