package org.dl4j.snn.datasets.iterator;

import org.dl4j.snn.datasets.NMnist;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The iterator on the real N-MNIST sample: 1,000 Train / 100 Test recordings of 10 digits. */
class NMnistIteratorTest {

    private static int labelOf(DataSet ds, int b) {
        return ds.getLabels().getRow(b).argMax().getInt(0);
    }

    private static String folderOf(DataSet ds, int b) {
        return Path.of((String) ds.getExampleMetaData().get(b)).getParent().getFileName().toString();
    }

    @Test
    void trainEpochYieldsEveryRecordingOnceWithItsFolderLabelInConvLayout() throws IOException {
        DataSetIterator it = NMnist.train(NMnistSample.ROOT).frames(10).batch(64).shuffle(42).iterator();
        Set<Serializable> seen = new HashSet<>();
        int samples = 0;
        int[] perClass = new int[10];
        while (it.hasNext()) {
            DataSet ds = it.next();
            int b = ds.numExamples();
            assertThat(ds.getFeatures().shape()).containsExactly(b, 2, 10, 34, 34);
            assertThat(ds.getLabels().shape()).containsExactly(b, 10);
            for (int k = 0; k < b; k++) {
                assertThat(ds.getLabels().getRow(k).sumNumber().doubleValue()).isEqualTo(1.0);
                assertThat(Integer.toString(labelOf(ds, k))).isEqualTo(folderOf(ds, k));
                perClass[labelOf(ds, k)]++;
            }
            seen.addAll(ds.getExampleMetaData());
            samples += b;
        }
        assertThat(samples).isEqualTo(1000);
        assertThat(seen).hasSize(1000);
        int[] filesPerDigit = new int[10];
        for (int d = 0; d < 10; d++) {
            try (var files = Files.list(NMnistSample.ROOT.resolve("Train").resolve(Integer.toString(d)))) {
                filesPerDigit[d] = (int) files.count();
            }
        }
        assertThat(perClass).containsExactly(filesPerDigit).doesNotContain(0);
        assertThat(it.totalOutcomes()).isEqualTo(10);
        assertThat(it.getLabels()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    @Test
    void everyEventOfARecordingIsInItsFramesSplitByNumber() throws IOException {
        DataSet ds = NMnist.test(NMnistSample.ROOT).frames(10).batch(20).iterator().next();
        for (int b = 0; b < 20; b++) {
            long events = Files.size(Path.of((String) ds.getExampleMetaData().get(b))) / 5;
            assertThat(ds.getFeatures().slice(b).sumNumber().longValue()).isEqualTo(events);
        }
    }

    @Test
    void denseLayoutIsTheConvLayoutFlattenedInChannelRowColumnOrder() {
        DataSet conv = NMnist.test(NMnistSample.ROOT).frames(10).batch(4).iterator().next();
        DataSet dense = NMnist.test(NMnistSample.ROOT).frames(10).batch(4).dense().iterator().next();
        assertThat(dense.getFeatures().shape()).containsExactly(4, 2 * 34 * 34, 10);
        INDArray c = conv.getFeatures();
        INDArray d = dense.getFeatures();
        for (int[] at : new int[][] {{0, 0, 0, 0, 0}, {1, 1, 3, 17, 20}, {3, 0, 9, 33, 5}, {2, 1, 5, 10, 10}}) {
            int feature = at[1] * 34 * 34 + at[3] * 34 + at[4];
            assertThat(d.getDouble(at[0], feature, at[2])).isEqualTo(c.getDouble(at[0], at[1], at[2], at[3], at[4]));
        }
        INDArray permuted = c.permute(0, 1, 3, 4, 2).dup('c').reshape('c', 4, 2 * 34 * 34, 10);
        assertThat(permuted).isEqualTo(d);
        assertThat(conv.getLabels()).isEqualTo(dense.getLabels());
    }

    @Test
    void testSplitHasOneHundredRecordings() {
        SnnDataSetIterator it = NMnist.test(NMnistSample.ROOT).frames(4).batch(30).baseIterator();
        int n = 0;
        while (it.hasNext()) {
            n += it.next().numExamples();
        }
        assertThat(n).isEqualTo(100);
        assertThat(it.featureShape()).containsExactly(30, 2, 4, 34, 34);
        assertThat(it.inputColumns()).isEqualTo(2 * 34 * 34);
    }

    @Test
    void shuffleIsSeededPerEpochAndPrefetchGivesTheSameBatches() {
        SnnDataSetIterator a = NMnist.test(NMnistSample.ROOT).frames(2).batch(10).shuffle(7).baseIterator();
        SnnDataSetIterator b = NMnist.test(NMnistSample.ROOT).frames(2).batch(10).shuffle(7).baseIterator();
        List<Serializable> epoch0 = new ArrayList<>(a.next().getExampleMetaData());
        assertThat(b.next().getExampleMetaData()).containsExactlyElementsOf(epoch0);
        a.reset();
        assertThat(a.epoch()).isEqualTo(1);
        assertThat(a.next().getExampleMetaData()).isNotEqualTo(epoch0);

        DataSetIterator prefetched = NMnist.test(NMnistSample.ROOT).frames(2).batch(10).shuffle(7).prefetch(3)
                .workers(2).iterator();
        SnnDataSetIterator plain = NMnist.test(NMnistSample.ROOT).frames(2).batch(10).shuffle(7).baseIterator();
        int batches = 0;
        while (plain.hasNext()) {
            DataSet x = plain.next();
            assertThat(prefetched.hasNext()).isTrue(); // AsyncDataSetIterator.next() needs hasNext() first
            DataSet y = prefetched.next();
            assertThat(y.getExampleMetaData()).isEqualTo(x.getExampleMetaData());
            assertThat(y.getFeatures()).isEqualTo(x.getFeatures());
            batches++;
        }
        assertThat(prefetched.hasNext()).isFalse();
        assertThat(batches).isEqualTo(10);
    }
}
