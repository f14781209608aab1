package org.dl4j.snn.datasets.iterator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.dl4j.snn.datasets.NMnist;
import org.dl4j.snn.datasets.transform.RandomFlip;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/**
 * {@code order(e)} and {@code batch(e, indices)} rebuild any epoch's batches away from the iterator (what each Spark
 * executor does for its share): the same samples, order, frames and random augmentation as iterating.
 */
class BatchesOfAnyEpochTest {

    @Test
    void orderAndBatchRebuildTheIteratorsEpochs() {
        SnnDataSetIterator it = NMnist.train(NMnistSample.ROOT).frames(4).transform(RandomFlip.horizontal(0.5))
                .batch(8).shuffle(7).baseIterator();
        SnnDataSetIterator other = NMnist.train(NMnistSample.ROOT).frames(4).transform(RandomFlip.horizontal(0.5))
                .batch(8).shuffle(7).cacheInMemory().baseIterator();
        for (int epoch = 0; epoch < 2; epoch++) {
            if (epoch > 0) {
                it.reset();
            }
            int[] order = other.order(epoch);
            assertThat(order).hasSize(1000);
            assertThat(Arrays.stream(order).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, 1000)
                    .toArray());
            // The third and fourth batches of the epoch, rebuilt in the other iterator (which is still at epoch 0).
            it.next();
            it.next();
            for (int b = 2; b < 4; b++) {
                DataSet expected = it.next();
                DataSet rebuilt = other.batch(epoch, Arrays.copyOfRange(order, 8 * b, 8 * b + 8));
                assertThat(rebuilt.getExampleMetaData()).isEqualTo(expected.getExampleMetaData());
                assertThat(rebuilt.getFeatures()).isEqualTo(expected.getFeatures());
                assertThat(rebuilt.getLabels()).isEqualTo(expected.getLabels());
            }
        }
        assertThat(other.order(1)).isNotEqualTo(other.order(0));
        assertThat(other.epoch()).isZero();
    }
}
