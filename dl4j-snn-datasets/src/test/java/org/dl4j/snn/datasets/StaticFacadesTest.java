package org.dl4j.snn.datasets;

import org.dl4j.snn.datasets.datavec.DatasetNotFoundException;
import org.dl4j.snn.datasets.datavec.ImageArraySource;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.encode.StaticImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StaticFacadesTest {
    private static final Path MNIST = Path.of(System.getProperty("snn.shared.dir"), "data", "mnist-t10k");

    /** A CIFAR-10 batch file of {@code n} records: label byte, then R, G, B planes of 32x32. */
    private static void cifarBatch(Path file, int n, int firstLabel) throws IOException {
        byte[] b = new byte[n * 3073];
        for (int i = 0; i < n; i++) {
            b[i * 3073] = (byte) ((firstLabel + i) % 10);
            for (int c = 0; c < 3; c++) {
                b[i * 3073 + 1 + c * 1024 + 5 * 32 + 7] = (byte) (100 + 50 * c + i); // pixel (row 5, col 7)
            }
        }
        Files.write(file, b);
    }

    @Test
    void cifar10ConcatenatesTheFiveTrainingBatchesInOrder(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("cifar-10-batches-bin"));
        for (int k = 1; k <= 5; k++) {
            cifarBatch(dir.resolve("data_batch_" + k + ".bin"), 2, k);
        }
        cifarBatch(dir.resolve("test_batch.bin"), 3, 0);
        ImageArraySource train = Cifar10.samples(root, Split.TRAIN);
        assertThat(train.size()).isEqualTo(10);
        assertThat(train.label(0)).isEqualTo(1);
        assertThat(train.label(9)).isEqualTo(6);
        assertThat(train.describe(9)).endsWith("data_batch_5.bin image 1");
        StaticImage img = train.load(3); // batch 2, image 1
        assertThat(img.channels()).isEqualTo(3);
        assertThat(img.data()[(2 * 32 + 5) * 32 + 7]).isEqualTo((100 + 100 + 1) / 255f);

        DataSet ds = Cifar10.test(root).direct(2).batch(3).iterator().next();
        assertThat(ds.getFeatures().shape()).containsExactly(3, 3, 2, 32, 32);
        assertThat(ds.getFeatures().getDouble(2, 1, 1, 5, 7)).isEqualTo((150 + 2) / 255.0, within(1e-6));
        assertThat(ds.getLabels().getDouble(2, 2)).isEqualTo(1.0);
        Files.delete(dir.resolve("data_batch_4.bin"));
        assertThatThrownBy(() -> Cifar10.train(root)).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("data_batch_4.bin");
    }

    @Test
    void fashionMnistReadsTheSameIdxLayoutWithItsClassNames() {
        assertThat(FashionMnist.test(MNIST).direct(1).batch(2).iterator().getLabels())
                .startsWith("T-shirt/top").hasSize(10);
        assertThat(Mnist.samples(MNIST, Split.TEST).size()).isEqualTo(10_000);
    }

    @Test
    void missingIdxFilesNameBothAcceptedSpellings(@TempDir Path root) {
        assertThatThrownBy(() -> Mnist.train(root)).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("train-images-idx3-ubyte nor train-images-idx3-ubyte.gz")
                .hasMessageContaining(root.toAbsolutePath().toString());
    }
}
