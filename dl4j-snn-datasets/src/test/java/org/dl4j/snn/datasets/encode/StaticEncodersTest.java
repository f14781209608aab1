package org.dl4j.snn.datasets.encode;

import org.dl4j.snn.datasets.Mnist;
import org.dl4j.snn.datasets.format.IdxImages;
import org.dl4j.snn.datasets.format.IdxReader;
import org.dl4j.snn.datasets.transform.Frames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StaticEncodersTest {
    private static final Path MNIST = Path.of(System.getProperty("snn.shared.dir"), "data", "mnist-t10k");
    private static IdxImages images;
    private static int[] labels;

    @BeforeAll
    static void readRealMnist() throws IOException {
        images = IdxReader.readImages(MNIST.resolve("t10k-images-idx3-ubyte.gz"));
        labels = IdxReader.readLabels(MNIST.resolve("t10k-labels-idx1-ubyte.gz"));
    }

    private static StaticImage image(int i) {
        return StaticImage.fromUnsignedBytes(1, 28, 28, images.pixels(), i * 784);
    }

    @Test
    void directCodingRepeatsTheScaledImageEveryStep() {
        Frames f = new DirectEncoder().encode(image(0), 4, null);
        assertThat(f.shape()).containsExactly(4, 1, 28, 28);
        for (int t = 0; t < 4; t++) {
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    assertThat(f.get(t, 0, r, c)).isEqualTo(images.pixel(0, r, c) / 255f);
                }
            }
        }
    }

    @Test
    void poissonCodingSpikesAtThePixelIntensityRateAndIsSeeded() {
        PoissonEncoder enc = new PoissonEncoder();
        int steps = 20;
        double spikes = 0;
        double intensity = 0;
        for (int i = 0; i < 100; i++) {
            StaticImage img = image(i);
            Frames f = enc.encode(img, steps, new SplittableRandom(i));
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < 784; k++) {
                    float s = f.data()[t * 784 + k];
                    assertThat(s).isIn(0f, 1f);
                    if (img.data()[k] == 0f) {
                        assertThat(s).isZero();        // intensity 0 never spikes
                    } else if (img.data()[k] == 1f) {
                        assertThat(s).isEqualTo(1f);   // intensity 1 always spikes
                    }
                }
            }
            spikes += f.sum();
            for (float v : img.data()) {
                intensity += v;
            }
        }
        // E[spikes] = T * sum(x); 1.5M Bernoulli draws put the rate within ~3e-4 of the intensity
        assertThat(spikes / (steps * 100 * 784.0)).isCloseTo(intensity / (100 * 784.0), within(3e-3));
        Frames a = enc.encode(image(3), 5, new SplittableRandom(9));
        Frames b = enc.encode(image(3), 5, new SplittableRandom(9));
        Frames c = enc.encode(image(3), 5, new SplittableRandom(10));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void mnistIteratorDeliversDirectFramesInBothLayoutsWithTheFileLabels() {
        DataSetIterator conv = Mnist.test(MNIST).direct(3).batch(8).iterator();
        DataSet ds = conv.next();
        assertThat(ds.getFeatures().shape()).containsExactly(8, 1, 3, 28, 28);
        assertThat(ds.getLabels().shape()).containsExactly(8, 10);
        for (int b = 0; b < 8; b++) {
            assertThat(ds.getLabels().getRow(b).argMax().getInt(0)).isEqualTo(labels[b]);
            assertThat(ds.getLabels().getRow(b).sumNumber().doubleValue()).isEqualTo(1.0);
        }
        assertThat(labels[0]).isEqualTo(7); // the first MNIST test digit
        INDArray f = ds.getFeatures();
        assertThat(f.getDouble(0, 0, 2, 14, 14)).isEqualTo(images.pixel(0, 14, 14) / 255.0, within(1e-6));

        DataSet dense = Mnist.test(MNIST).poisson(4).seed(1).dense().batch(8).iterator().next();
        assertThat(dense.getFeatures().shape()).containsExactly(8, 784, 4);
        // features flattened row-major: feature r*28+c is pixel (r, c); white pixels spike every step, black never
        int white = 0;
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                for (int t = 0; t < 4; t++) {
                    double s = dense.getFeatures().getDouble(0, r * 28 + c, t);
                    if (images.pixel(0, r, c) == 255) {
                        assertThat(s).isEqualTo(1.0);
                        white++;
                    } else if (images.pixel(0, r, c) == 0) {
                        assertThat(s).isZero();
                    }
                }
            }
        }
        assertThat(white).isPositive();
        DataSet again = Mnist.test(MNIST).poisson(4).seed(1).dense().batch(8).iterator().next();
        assertThat(again.getFeatures()).isEqualTo(dense.getFeatures());
    }

    @Test
    void invalidStepCountsAreRejected() {
        assertThatThrownBy(() -> new DirectEncoder().encode(image(0), 0, null)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> StaticPipeline.poisson(-1)).hasMessageContaining("got -1");
    }
}
