package org.dl4j.snn.datasets.datavec;

import org.deeplearning4j.datasets.datavec.SequenceRecordReaderDataSetIterator;
import org.dl4j.snn.datasets.NMnist;
import org.dl4j.snn.datasets.iterator.NMnistSample;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.assertj.core.api.Assertions.assertThat;

/** Our record readers inside DataVec's own SequenceRecordReaderDataSetIterator, on the real N-MNIST test split. */
class DataVecIteratorTest {

    @Test
    void dataVecSequenceIteratorGivesTheDenseLayoutOfOurIterator() {
        SequenceRecordReaderDataSetIterator it = new SequenceRecordReaderDataSetIterator(
                NMnist.test(NMnistSample.ROOT).frames(4).recordReader(), 8, 10, 1, false);
        DataSet viaDataVec = it.next();
        DataSet ours = NMnist.test(NMnistSample.ROOT).frames(4).batch(8).dense().iterator().next();
        assertThat(viaDataVec.getFeatures().shape()).containsExactly(8, 2 * 34 * 34, 4);
        assertThat(viaDataVec.getFeatures()).isEqualTo(ours.getFeatures());
        // DataVec labels every step of a sequence: [batch, classes, T], each step the sample's one-hot
        assertThat(viaDataVec.getLabels().shape()).containsExactly(8, 10, 4);
        assertThat(viaDataVec.getLabels().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(3)))
                .isEqualTo(ours.getLabels());
        int n = 8;
        while (it.hasNext()) {
            n += it.next().numExamples();
        }
        assertThat(n).isEqualTo(100);
    }
}
