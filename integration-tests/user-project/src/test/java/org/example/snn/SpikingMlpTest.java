package org.example.snn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.eval.SnnEvaluation;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;

/**
 * An ordinary MNIST MLP made spiking: DL4J's {@code RepeatVector(T)} feeds the static image at every step (direct
 * encoding), {@code SpikingDense} replaces the hidden {@code DenseLayer}, a leaky-integrator readout and a
 * {@code TemporalLossLayer} replace the softmax {@code OutputLayer}. Trained on the ordinary {@code [b, 784]} batches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpikingMlpTest {
    static final int STEPS = 4;

    private MultiLayerNetwork net;

    @BeforeAll
    void train() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(42).updater(new Adam(1e-3)).list()
                .layer(new RepeatVector.Builder(STEPS).build())
                .layer(new SpikingDense.Builder(128).build())
                .layer(new LeakyIntegratorReadout.Builder(10).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.feedForward(784)).build();
        net = new MultiLayerNetwork(conf);
        net.init();
        net.fit(MnistDigits.batches(MnistDigits.images(true), 64), 2);
    }

    private DataSetIterator test() {
        return MnistDigits.batches(MnistDigits.images(false), 250);
    }

    @Test
    void learnsTheDigitsInTwoEpochs() {
        double accuracy = SnnEvaluation.evaluate(net, test()).accuracy();
        System.out.println("RepeatVector -> SpikingDense MLP, 2 epochs: test accuracy " + accuracy);
        assertTrue(accuracy > 0.8, "test accuracy " + accuracy);
    }

    /** DL4J's own evaluation idiom on a spiking classifier: the same numbers as SnnEvaluation. */
    @Test
        void netEvaluateEqualsSnnEvaluation() {
        Evaluation dl4j = net.evaluate(test());
        Evaluation snn = SnnEvaluation.evaluate(net, test());
        assertEquals(snn.accuracy(), dl4j.accuracy(), 0.0);
        assertEquals(snn.getConfusionMatrix(), dl4j.getConfusionMatrix());
    }
}
