package org.dl4j.snn.testing;

import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A learnable spike-train classification task for network tests: {@code [n, 12, 6]} Bernoulli spikes, class k
 * (of 3) firing inputs {@code 4k..4k+3} with probability 0.8 and the others with 0.05; labels one-hot {@code [n, 3]}.
 */
public final class SpikeTrainTask {
    public static final int INPUTS = 12;
    public static final int STEPS = 6;
    public static final int CLASSES = 3;

    private SpikeTrainTask() {
    }

    /** {@code n} samples from the generator seeded with {@code seed}; sample i has class {@code i % 3}. */
    public static DataSet data(int n, long seed) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        INDArray u = Nd4j.rand(rng, n, INPUTS, STEPS).castTo(DataType.FLOAT);
        INDArray p = Nd4j.valueArrayOf(new long[] {n, INPUTS, STEPS}, 0.05f, DataType.FLOAT);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, CLASSES);
        for (int i = 0; i < n; i++) {
            int k = i % CLASSES;
            y.putScalar(i, k, 1);
            for (int j = 4 * k; j < 4 * k + 4; j++) {
                for (int t = 0; t < STEPS; t++) {
                    p.putScalar(new long[] {i, j, t}, 0.8f);
                }
            }
        }
        return new DataSet(u.lt(p).castTo(DataType.FLOAT), y);
    }

    /** The samples of {@link #data} in mini-batches of {@code batch}. */
    public static DataSetIterator iterator(int n, long seed, int batch) {
        List<DataSet> list = data(n, seed).asList();
        return new ListDataSetIterator<>(list, batch);
    }
}
