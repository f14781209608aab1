package org.dl4j.snn.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.Mnist;
import org.dl4j.snn.datasets.datavec.SampleSource;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.datavec.SubsetSource;
import org.dl4j.snn.datasets.encode.StaticImage;
import org.dl4j.snn.datasets.iterator.Layout;
import org.dl4j.snn.datasets.iterator.StaticDatasetBuilder;
import org.dl4j.snn.eval.SnnEvaluation;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.SpikingConv;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.TimePooling;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The default initialisation of SpikingConv and SpikingDense fires on every kind of input, in the first layer and
 * in the layer fed by its spikes (issue 15: a default-init conv net on [0, 1] images never fired).
 */
class DefaultInitFiringTest {
    private static final Path DATA = Path.of(System.getProperty("snn.shared.dir"), "data");

    @Test
    void everySpikingLayerFiresWithItsDefaultInitialisationOnImagesEventFramesAndSpikeTrains() throws Exception {
        List<DefaultInitFiring.Row> rows = DefaultInitFiring.measure(DATA);
        System.out.println(DefaultInitFiring.markdown(rows));
        assertThat(rows).hasSize(8);
        for (DefaultInitFiring.Row r : rows) {
            assertThat(r.rate()).as(r.input() + " / " + r.layer()).isBetween(0.02, 0.5);
            assertThat(r.silent()).as(r.input() + " / " + r.layer() + " silent").isLessThan(0.5);
        }
    }

    @Test
    void defaultInitConvNetWithoutBatchNormLearnsMnistInOneEpochOf3000Digits() {
        List<SampleSource<StaticImage>> sides = SubsetSource.split(
                Mnist.samples(DATA.resolve("mnist-t10k"), Split.TEST), 3000, 15);
        int steps = 4;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(15).updater(new Adam(5e-3)).list()
                .layer(new SpikingConv.Builder(8, 3).build())
                .layer(new TimePooling.Builder(PoolingType.MAX, 2).build())
                .layer(new SpikingDense.Builder(64).build())
                .layer(new LeakyIntegratorReadout.Builder(10).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, steps, 28, 28, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.fit(new StaticDatasetBuilder(sides.get(0), Layout.CONV).direct(steps).batch(64).shuffle(15).iterator());
        SampleSource<StaticImage> test = SubsetSource.first(sides.get(1), 1000);
        double accuracy = net.evaluate(new StaticDatasetBuilder(test, Layout.CONV).direct(steps).batch(250)
                .iterator()).accuracy();
        System.out.printf("default-init SpikingConv -> TimePooling -> SpikingDense -> readout, 1 epoch of 3,000 "
                + "MNIST digits: test accuracy %.4f on 1,000 other digits%n", accuracy);
        assertThat(accuracy).isGreaterThan(0.6).isEqualTo(SnnEvaluation.evaluate(net,
                new StaticDatasetBuilder(test, Layout.CONV).direct(steps).batch(250).iterator()).accuracy());
    }
}
