package org.dl4j.snn.datasets;

import org.dl4j.snn.datasets.datavec.DatasetNotFoundException;
import org.dl4j.snn.datasets.testing.ShdWriter;
import org.dl4j.snn.datasets.testing.ShdWriter.Sample;
import org.dl4j.snn.datasets.transform.SpatialDownsample;
import org.dl4j.snn.datasets.transform.ToFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SHD/SSC through the iterator, on real HDF5 files written by h5py in the published layout. */
class ShdFacadeTest {
    private static final List<Sample> SAMPLES = List.of(
            new Sample(new double[] {0.0005, 0.0015, 0.0042}, new int[] {0, 9, 699}, 3, 1),
            new Sample(new double[] {0.0001, 0.0002}, new int[] {10, 10}, 19, 2),
            new Sample(new double[] {0.0031}, new int[] {350}, 0, 1));

    private static Path writeShd(Path root, String file, int classes) throws IOException {
        List<String> keys = IntStream.range(0, classes).mapToObj(i -> "key-" + i).toList();
        ShdWriter.write(root.resolve(file), SAMPLES, keys, ShdWriter.Options.defaults().withTypes("float64",
                "uint16"));
        return root;
    }

    @Test
    void shdSamplesBecomeChannelByTimeFramesInDenseLayout(@TempDir Path root) throws IOException {
        writeShd(root, "shd_train.h5", 20);
        // SHD has one polarity: the builder merges channels, so frames are [T, 1, 1, 700] -> features [b, 700, T]
        DataSetIterator it = Shd.train(root).integrate(ToFrames.byDuration(1000, 5)).batch(2).iterator();
        assertThat(it.getLabels()).hasSize(20).startsWith("key-0");
        DataSet ds = it.next();
        INDArray f = ds.getFeatures();
        assertThat(f.shape()).containsExactly(2, 700, 5);
        // sample 0: channel 0 at 0.5 ms -> bin 0, channel 9 at 1.5 ms -> bin 1, channel 699 at 4.2 ms -> bin 4
        assertThat(f.getDouble(0, 0, 0)).isEqualTo(1.0);
        assertThat(f.getDouble(0, 9, 1)).isEqualTo(1.0);
        assertThat(f.getDouble(0, 699, 4)).isEqualTo(1.0);
        assertThat(f.slice(0).sumNumber().doubleValue()).isEqualTo(3.0);
        assertThat(f.getDouble(1, 10, 0)).isEqualTo(2.0); // two spikes of channel 10 in the first millisecond
        assertThat(ds.getLabels().getDouble(0, 3)).isEqualTo(1.0);
        assertThat(ds.getLabels().getDouble(1, 19)).isEqualTo(1.0);
        assertThat(it.next().numExamples()).isEqualTo(1);
    }

    @Test
    void shdChannelsDownsampleFrom700To70(@TempDir Path root) throws IOException {
        writeShd(root, "shd_test.h5", 20);
        DataSet ds = Shd.test(root).frames(1).transform(new SpatialDownsample(70, 1)).batch(3).iterator().next();
        assertThat(ds.getFeatures().shape()).containsExactly(3, 70, 1);
        assertThat(ds.getFeatures().getDouble(0, 0, 0)).isEqualTo(2.0);  // channels 0 and 9
        assertThat(ds.getFeatures().getDouble(0, 69, 0)).isEqualTo(1.0); // channel 699
        assertThat(ds.getFeatures().getDouble(1, 1, 0)).isEqualTo(2.0);  // channel 10 twice
        assertThat(ds.getFeatures().getDouble(2, 35, 0)).isEqualTo(1.0); // channel 350
    }

    @Test
    void sscHasAValidationSplitAnd35Classes(@TempDir Path root) throws IOException {
        writeShd(root, "ssc_valid.h5", 35);
        DataSet ds = Ssc.valid(root).frames(2).batch(3).iterator().next();
        assertThat(ds.getLabels().shape()).containsExactly(3, 35);
        assertThat(ds.getFeatures().shape()).containsExactly(3, 700, 2);
        assertThatThrownBy(() -> Ssc.train(root)).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(root.resolve("ssc_train.h5").toAbsolutePath().toString())
                .hasMessageContaining("ssc_valid.h5");
    }
}
