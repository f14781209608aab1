package org.example.snn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.iterator.Layout;
import org.dl4j.snn.eval.SnnEvaluation;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Issue 15, "Done when": a standard {@code DenseLayer} between two {@code SpikingDense} layers (applied at every
 * time step, as DL4J does between LSTMs), trained with batches of 64 and evaluated with batches of 250.
 */
class DenseBetweenSpikingLayersTest {
    static final int STEPS = 4;

    @Test
    void trainsWithBatch64AndEvaluatesWithBatch250() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(42).updater(new Adam(1e-3)).list()
                .layer(new SpikingDense.Builder(128).build())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                .layer(new SpikingDense.Builder(128).build())
                .layer(new LeakyIntegratorReadout.Builder(10).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(784, STEPS)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.fit(MnistDigits.batches(MnistDigits.directlyEncoded(true, STEPS, Layout.DENSE), 64), 2);

        Evaluation eval = net.evaluate(MnistDigits.batches(MnistDigits.directlyEncoded(false, STEPS, Layout.DENSE),
                250));
        System.out.println("DenseLayer between SpikingDense layers, 2 epochs: test accuracy " + eval.accuracy());
        assertTrue(eval.accuracy() > 0.8, "test accuracy " + eval.accuracy());
        Evaluation snn = SnnEvaluation.evaluate(net, MnistDigits.batches(
                MnistDigits.directlyEncoded(false, STEPS, Layout.DENSE), 250));
        assertEquals(snn.accuracy(), eval.accuracy(), 0.0);
    }
}
