package org.dl4j.snn.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dl4j.snn.examples.convert.ConversionData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Runs README's "Use it in your project" examples on few bundled MNIST digits (2,000 training, 500 test, the
 * ordinary {@code [b, 784]} batches of 64; the MLPs 2 epochs, the CNNs 1, to keep the build fast): both spiking
 * versions learn as their ordinary networks do (measured: MLP ANN 0.858 / SNN 0.790, CNN ANN 0.844 / SNN 0.788).
 */
class MnistToSpikingTest {
    private static DataSetIterator train;
    private static DataSetIterator test;

    @BeforeAll
    static void load() {
        Path mnist = Path.of(System.getProperty("snn.shared.dir", "../../shared")).resolve("data/mnist-t10k");
        ConversionData data = ConversionData.load(ConversionData.Dataset.MNIST, mnist, 2000, 500, 64, true);
        train = ConversionData.iterator(data.calibration());
        test = ConversionData.iterator(data.test());
    }

    @Test
    void spikingMlpLearnsLikeTheOrdinaryOne() {
        MnistToSpiking.Result r = MnistToSpiking.mlp(train, test, 2);
        assertThat(r.ann()).isGreaterThan(0.8);
        assertThat(r.snn()).isGreaterThan(0.75);
    }

    @Test
    void spikingCnnLearnsLikeTheOrdinaryOne() {
        MnistToSpiking.Result r = MnistToSpiking.cnn(train, test, 1);
        assertThat(r.ann()).isGreaterThan(0.75);
        assertThat(r.snn()).isGreaterThan(0.7);
    }
}
