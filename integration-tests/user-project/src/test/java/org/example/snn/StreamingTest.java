package org.example.snn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.iterator.Layout;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.SpikingConv;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.TimePooling;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Streaming: feeding one time step at a time with {@code rnnTimeStep} gives the output of the whole sequence, for a
 * conv -> pool -> dense -> readout network built as a {@code MultiLayerNetwork} and as a {@code ComputationGraph}.
 * The loss layers output every step ({@code perStepOutput(true)}), which is what {@code rnnTimeStep} returns.
 */
class StreamingTest {
    static final int STEPS = SpikingConvTest.STEPS;

    private static INDArray digits() {
        return MnistDigits.directlyEncoded(false, STEPS, Layout.CONV).getFeatures()
                .get(NDArrayIndex.interval(0, 16)).dup();
    }

    /** The steps of {@code x} [b, C, T, H, W] one by one through {@code step}, joined along time. */
    private static INDArray stepByStep(INDArray x, UnaryOperator<INDArray> step) {
        List<INDArray> outputs = new ArrayList<>();
        for (int t = 0; t < STEPS; t++) {
            outputs.add(step.apply(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1))
                    .dup()));
        }
        return Nd4j.concat(2, outputs.toArray(INDArray[]::new));
    }

    private static void assertSameOutput(INDArray whole, INDArray streamed) {
        assertArrayEquals(whole.shape(), streamed.shape());
        double diff = whole.sub(streamed).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, "max |output - streamed| = " + diff);
    }

    @Test
    void multiLayerNetworkStreamsLikeItsWholeOutput() {
        MultiLayerNetwork net = new MultiLayerNetwork(SpikingConvTest.network(true));
        net.init();
        INDArray x = digits();
        INDArray whole = net.output(x);
        net.rnnClearPreviousState();
        assertSameOutput(whole, stepByStep(x, net::rnnTimeStep));
    }

    @Test
    void computationGraphStreamsLikeItsWholeOutput() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(42).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, STEPS, 28, 28, 1))
                .addLayer("conv", new SpikingConv.Builder(8, 3).padding(1, 1).build(), "in")
                .addLayer("pool", new TimePooling.Builder(PoolingType.MAX, 2, 2).stride(2, 2).build(), "conv")
                .addLayer("fc", new SpikingDense.Builder(64).build(), "pool")
                .addLayer("readout", new LeakyIntegratorReadout.Builder(10).build(), "fc")
                .addLayer("loss", new TemporalLossLayer.Builder(new SdtLoss()).perStepOutput(true).build(),
                        "readout")
                .setOutputs("loss").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        INDArray x = digits();
        INDArray whole = graph.outputSingle(x);
        graph.rnnClearPreviousState();
        assertSameOutput(whole, stepByStep(x, step -> graph.rnnTimeStep(step)[0]));
    }
}
