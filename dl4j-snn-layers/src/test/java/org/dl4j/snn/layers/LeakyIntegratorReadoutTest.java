package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.dl4j.snn.layers.TimeLayerFixtures.gradientsMatch;
import static org.dl4j.snn.layers.TimeLayerFixtures.maxAbsDiff;
import static org.dl4j.snn.layers.TimeLayerFixtures.network;
import static org.dl4j.snn.layers.TimeLayerFixtures.randn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.preprocessor.TimeFlattenPreProcessor;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.V0Mode;
import org.dl4j.snn.neuron.internal.LearnableParam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class LeakyIntegratorReadoutTest {
    private static final int B = 2;
    private static final int N_IN = 4;
    private static final int K = 3;
    private static final int T = 6;
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    @ParameterizedTest(name = "{0} decayInput={1} tau={2}")
    @CsvSource({"DOUBLE, true, 2.0", "DOUBLE, false, 4.0", "FLOAT, true, 3.0"})
    void outputIsTheMembranePotentialOfNonSpikingLifDrivenByTheDenseCurrents(DataType dt, boolean decayInput,
            double tau) {
        NeuronConfig neuron = NeuronConfig.builder().spiking(false).tau(tau).decayInput(decayInput).build();
        Layer layer = network(dt, WorkspaceMode.NONE, InputType.recurrent(N_IN, T),
                new LeakyIntegratorReadout.Builder(K).neuron(neuron).build()).getLayer(0);
        layer.getParam("b").assign(Nd4j.createFromArray(0.5, -0.25, 1.0));
        INDArray x = randn(dt, 1, B, N_IN, T);
        INDArray out = layer.activate(x, false, NO_WS);
        assertThat(out.shape()).containsExactly(B, K, T);

        double[][] w = layer.getParam("W").castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] bias = {0.5, -0.25, 1.0};
        double k = 1 / tau;
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < K; j++) {
                double v = 0;
                for (int t = 0; t < T; t++) {
                    double z = bias[j];
                    for (int i = 0; i < N_IN; i++) {
                        z += w[i][j] * x.getDouble(b, i, t);
                    }
                    double h = decayInput ? v + k * (z - v) : v - k * v + z;
                    assertThat(out.getDouble(b, j, t)).as("b=%d j=%d t=%d", b, j, t)
                            .isCloseTo(h, within(dt == DataType.DOUBLE ? 1e-12 : 1e-5));
                    v = h;
                }
            }
        }
    }

    /** Non-spiking dynamics are smooth, so every gradient (W, b, tau, v0 and the input path) is exact. */
    @Test
    void allGradientsIncludingLearnableTauAndV0PassTheNumericCheck() {
        NeuronConfig neuron = NeuronConfig.builder().spiking(false).tau(2.5).learnTau(true)
                .v0Mode(V0Mode.LEARNABLE).v0(0.1).v0Range(0.05)
                .v0Scope(org.dl4j.snn.neuron.Scope.NEURON).build();
        MultiLayerNetwork net = network(DataType.DOUBLE, WorkspaceMode.NONE, InputType.recurrent(N_IN, T),
                new SimpleRnn.Builder().nOut(5).activation(Activation.TANH).build(),
                new LeakyIntegratorReadout.Builder(K).neuron(neuron).build(),
                new RnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build());
        assertThat(net.getLayer(1).paramTable().keySet())
                .containsExactly("W", "b", LearnableParam.TAU_W, LearnableParam.V0);
        assertThat(net.getLayer(1).getParam(LearnableParam.TAU_W).getDouble(0))
                .isCloseTo(-Math.log(1.5), within(1e-12));
        INDArray x = randn(DataType.DOUBLE, 2, B, N_IN, T);
        assertThat(gradientsMatch(net, x, randn(DataType.DOUBLE, 3, B, K, T))).isTrue();
    }

    @Test
    void streamingWithRnnTimeStepEqualsOneFullPass() {
        MultiLayerNetwork net = network(DataType.DOUBLE, WorkspaceMode.ENABLED, InputType.recurrent(N_IN, T),
                new LeakyIntegratorReadout.Builder(K).tau(3.0).build());
        INDArray x = randn(DataType.DOUBLE, 4, B, N_IN, T);
        INDArray full = net.output(x);
        INDArray first = net.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2))
                .dup());
        INDArray rest = net.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(2, T))
                .dup());
        assertThat(maxAbsDiff(Nd4j.concat(2, first, rest), full)).isLessThan(1e-12);
        net.rnnClearPreviousState();
        assertThat(maxAbsDiff(net.rnnTimeStep(x), full)).isLessThan(1e-12);
    }

    @Test
    void afterAConvStackTheFlattenIsInsertedAutomatically() {
        InputType conv = InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 2, 3, 2);
        MultiLayerNetwork net = network(DataType.FLOAT, WorkspaceMode.ENABLED, conv,
                new LeakyIntegratorReadout.Builder(K).build());
        assertThat(net.getLayerWiseConfigurations().getInputPreProcess(0))
                .isEqualTo(new TimeFlattenPreProcessor(2, 2, 3));
        assertThat(((LeakyIntegratorReadout) net.getLayerWiseConfigurations().getConf(0).getLayer()).getNIn())
                .isEqualTo(12);
        assertThat(net.output(randn(DataType.FLOAT, 5, B, 2, T, 2, 3)).shape()).containsExactly(B, K, T);
    }

    @Test
    void trainsSavesAndLoadsIdenticallyAndWorkspacesDoNotChangeGradients() {
        MultiLayerNetwork net = readoutNet(WorkspaceMode.ENABLED);
        INDArray x = randn(DataType.DOUBLE, 6, 8, N_IN, T);
        INDArray y = randn(DataType.DOUBLE, 7, 8, K, T).muli(0.5);
        DataSet ds = new DataSet(x, y);
        double first = net.score(ds);
        for (int i = 0; i < 30; i++) {
            net.fit(ds);
        }
        assertThat(net.score(ds)).isLessThan(0.8 * first);
        MultiLayerNetwork restored = TimeLayerFixtures.saveAndLoad(net);
        assertThat(restored.output(x)).isEqualTo(net.output(x));

        MultiLayerNetwork off = readoutNet(WorkspaceMode.NONE);
        MultiLayerNetwork on = readoutNet(WorkspaceMode.ENABLED);
        Gradient[] g = new Gradient[2];
        MultiLayerNetwork[] nets = {on, off};
        for (int i = 0; i < 2; i++) {
            nets[i].setInput(x);
            nets[i].setLabels(y);
            nets[i].computeGradientAndScore();
            g[i] = nets[i].gradient();
        }
        assertThat(maxAbsDiff(g[0].gradient(), g[1].gradient())).isLessThan(1e-12);
    }

    private static MultiLayerNetwork readoutNet(WorkspaceMode ws) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.DOUBLE).updater(new Adam(0.05)).trainingWorkspaceMode(ws)
                .inferenceWorkspaceMode(ws).list()
                .layer(new LeakyIntegratorReadout.Builder(K).tau(2.0).learnTau(true).build())
                .layer(new RnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.recurrent(N_IN, T)).build());
        net.init();
        return net;
    }

    @Test
    void jsonRoundTripKeepsTheNeuron() {
        NeuronConfig neuron = NeuronConfig.builder().spiking(false).tau(5.0).learnTau(true).decayInput(false).build();
        MultiLayerNetwork net = network(DataType.FLOAT, WorkspaceMode.ENABLED, InputType.recurrent(N_IN, T),
                new LeakyIntegratorReadout.Builder(K).neuron(neuron).name("readout").build());
        MultiLayerConfiguration back = TimeLayerFixtures.jsonRoundTrip(net.getLayerWiseConfigurations());
        assertThat(((LeakyIntegratorReadout) back.getConf(0).getLayer()).getNeuron()).isEqualTo(neuron);
    }

    @Test
    void spikingNeuronsWrongInputTypesAndSizesAreRejected() {
        assertThatThrownBy(() -> new LeakyIntegratorReadout.Builder(K).neuron(NeuronConfig.builder().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be non-spiking");
        LeakyIntegratorReadout readout = new LeakyIntegratorReadout.Builder(K).name("r").build();
        assertThatThrownBy(() -> readout.getOutputType(2, InputType.feedForward(4)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LeakyIntegratorReadout 'r' (layer 2)")
                .hasMessageContaining("recurrent");
        Layer layer = network(DataType.FLOAT, WorkspaceMode.NONE, InputType.recurrent(N_IN, T),
                new LeakyIntegratorReadout.Builder(K).build()).getLayer(0);
        assertThatThrownBy(() -> layer.activate(randn(DataType.FLOAT, 1, B, N_IN + 1, T), false, NO_WS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected nIn = 4")
                .hasMessageContaining("[2, 5, 6]");
    }
}
