package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NaN and infinite inputs are refused with the layer's name on every path of the fused spiking layers: the
 * spike-driven path (checked on the raster's non-zero values) and the dense path (checked by a reduction), for
 * both engines, and SpikingNeuron (checked through the final state).
 */
class NonFiniteInputTest {
    private static final NeuronConfig LIF = NeuronConfig.builder().tau(2).theta(1).vReset(0).build();

    private static MultiLayerNetwork dense(Engine engine) {
        MultiLayerNetwork net = new MultiLayerNetwork(SpikingFixtures.base(DataType.FLOAT, WorkspaceMode.ENABLED)
                .list().layer(new SpikingDense.Builder(5).neuron(LIF).engine(engine).build())
                .setInputType(InputType.recurrent(6, 4)).build());
        net.init();
        return net;
    }

    private static MultiLayerNetwork conv(Engine engine) {
        MultiLayerNetwork net = new MultiLayerNetwork(SpikingFixtures.base(DataType.FLOAT, WorkspaceMode.ENABLED)
                .list().layer(new SpikingConv.Builder(3, 3).padding(1, 1).neuron(LIF).engine(engine).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 4, 5, 5, 2)).build());
        net.init();
        return net;
    }

    /** Sparse spikes (the raster path) or a dense graded input (the GEMM / conv3d path), one entry replaced. */
    private static INDArray input(long[] shape, boolean sparse, float bad) {
        INDArray x = sparse ? Nd4j.zeros(DataType.FLOAT, shape) : Nd4j.valueArrayOf(shape, 0.3f, DataType.FLOAT);
        if (sparse) {
            x.putScalar(1, 1f);
        }
        long[] at = new long[shape.length];
        at[0] = shape[0] - 1;
        at[2] = shape[2] - 1;
        x.putScalar(at, bad);
        return x;
    }

    @ParameterizedTest(name = "{0} {1} input with {2}")
    @CsvSource({
        "FUSED, sparse, NaN", "FUSED, sparse, Infinity", "FUSED, sparse, -Infinity", "FUSED, dense, NaN",
        "FUSED, dense, Infinity", "SAMEDIFF, sparse, NaN", "SAMEDIFF, dense, Infinity",
    })
    void spikingDenseRefusesNonFiniteInputNamingTheLayer(Engine engine, String kind, float bad) {
        INDArray x = input(new long[] {2, 6, 4}, kind.equals("sparse"), bad);
        assertThatThrownBy(() -> dense(engine).output(x)).hasMessageContaining("SpikingDense")
                .hasMessageContaining("NaN or infinite");
    }

    /**
     * SpikingNeuron checks its input through the final state (a non-finite current always reaches it): every
     * neuron model and reset, the bad value at the first, a middle or the last step, NaN and both infinities.
     */
    @ParameterizedTest(name = "{0} {1} reset, tau {2}, {3} at step {4}")
    @CsvSource({
        "LIF, HARD, 2, NaN, 0", "LIF, HARD, 2, Infinity, 0", "LIF, HARD, 2, -Infinity, 0",
        "LIF, HARD, 2, Infinity, 3", "LIF, HARD, 2, -Infinity, 5", "LIF, HARD, 1, -Infinity, 2",
        "LIF, HARD, 1, Infinity, 2", "LIF, SOFT, 2, Infinity, 1", "LIF, SOFT, 2, -Infinity, 1",
        "LIF, SOFT, 1, Infinity, 1", "IF, HARD, 2, Infinity, 2", "IF, SOFT, 2, -Infinity, 2",
        "CUBA_LIF, HARD, 2, Infinity, 4", "CUBA_LIF, SOFT, 2, NaN, 5", "LIF, HARD, 2, NaN, 5",
    })
    void spikingNeuronRefusesNonFiniteInputAtAnyStep(NeuronModel model, Reset reset, double tau, float bad,
            int step) {
        NeuronConfig cfg = NeuronConfig.builder().model(model).reset(reset).tau(tau).theta(1).vReset(0).build();
        MultiLayerNetwork net = new MultiLayerNetwork(SpikingFixtures.base(DataType.FLOAT, WorkspaceMode.ENABLED)
                .list().layer(new SpikingNeuron.Builder(cfg).build())
                .setInputType(InputType.recurrent(3, 6)).build());
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 6).muli(2);
        x.putScalar(new long[] {1, 2, step}, bad);
        assertThatThrownBy(() -> net.output(x)).hasMessageContaining("SpikingNeuron")
                .hasMessageContaining("NaN or infinite");
        // and finite input of the same network passes
        x.putScalar(new long[] {1, 2, step}, 0.5f);
        net.output(x);
    }

    @ParameterizedTest(name = "{0} {1} input with {2}")
    @CsvSource({
        "FUSED, sparse, NaN", "FUSED, sparse, Infinity", "FUSED, dense, NaN", "FUSED, dense, -Infinity",
        "SAMEDIFF, sparse, NaN",
    })
    void spikingConvRefusesNonFiniteInputNamingTheLayer(Engine engine, String kind, float bad) {
        INDArray x = input(new long[] {2, 2, 4, 5, 5}, kind.equals("sparse"), bad);
        assertThatThrownBy(() -> conv(engine).output(x)).hasMessageContaining("SpikingConv")
                .hasMessageContaining("NaN or infinite");
    }
}
