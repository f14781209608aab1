package org.example.snn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.iterator.Layout;
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
 * Issue 15, "Done when": {@code SpikingConv -> TimePooling -> SpikingDense -> readout} with the default
 * initialisation and no batch normalisation fires on [0, 1] images and learns in one epoch.
 */
class SpikingConvTest {
    static final int STEPS = 4;

    static MultiLayerConfiguration network() {
        return network(false);
    }

    /** With {@code perStep}, the output is the readout of every step {@code [b, 10, T]}, not the class scores. */
    static MultiLayerConfiguration network(boolean perStep) {
        return new NeuralNetConfiguration.Builder().seed(42).updater(new Adam(1e-3)).list()
                .layer(new SpikingConv.Builder(8, 3).padding(1, 1).build())
                .layer(new TimePooling.Builder(PoolingType.MAX, 2, 2).stride(2, 2).build())
                .layer(new SpikingDense.Builder(128).build())
                .layer(new LeakyIntegratorReadout.Builder(10).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).perStepOutput(perStep).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, STEPS, 28, 28, 1)).build();
    }

    @Test
    void defaultInitialisationLearnsInOneEpoch() {
        MultiLayerNetwork net = new MultiLayerNetwork(network());
        net.init();
        net.fit(MnistDigits.batches(MnistDigits.directlyEncoded(true, STEPS, Layout.CONV), 64), 1);
        double accuracy = SnnEvaluation.evaluate(net, MnistDigits.batches(
                MnistDigits.directlyEncoded(false, STEPS, Layout.CONV), 250)).accuracy();
        System.out.println("SpikingConv -> TimePooling -> SpikingDense, default init: test accuracy " + accuracy);
        assertTrue(accuracy > 0.6, "test accuracy " + accuracy);
    }
}
