package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.eval.SnnEvaluation;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A small SNN (SpikingConv -> TimePooling -> SpikingDense -> readout) in MultiLayerNetwork and ComputationGraph:
 * trains (loss falls, tau/theta/v0 move), saves and loads with identical output, streams with rnnTimeStep.
 */
class SpikingNetworkTest {
    private static final int T = 4;
    private static final int CLASSES = 3;

    private static NeuronConfig learnable() {
        return NeuronConfig.builder().tau(2.0).learnTau(true).learnTheta(true).thetaScope(Scope.CHANNEL)
                .v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.NEURON).build();
    }

    private static NeuralNetConfiguration.Builder base(WorkspaceMode ws) {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).updater(new Adam(1e-2))
                .trainingWorkspaceMode(ws).inferenceWorkspaceMode(ws);
    }

    private static InputType input() {
        return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 8, 8, 2);
    }

    static MultiLayerNetwork network(WorkspaceMode ws) {
        MultiLayerConfiguration conf = base(ws).list()
                .layer(new SpikingConv.Builder(4, 3).convolutionMode(ConvolutionMode.Same).neuron(learnable()).build())
                .layer(new TimePooling.Builder(PoolingType.MAX, 2, 2).stride(2, 2).build())
                .layer(new SpikingDense.Builder(16).neuron(learnable()).build())
                .layer(new SpikingDense.Builder(CLASSES).neuron(NeuronConfig.builder().spiking(false).build()).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(input()).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Class c lights up the c-th third of the image rows, with noise. */
    static DataSet data(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 2, T, 8, 8).muli(0.3);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, CLASSES);
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            y.putScalar(i, c, 1);
            for (int r = c * 2; r < c * 2 + 3; r++) {
                x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(r),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()).addi(1.5);
            }
        }
        return new DataSet(x, y);
    }

    @ParameterizedTest
    @EnumSource(value = WorkspaceMode.class, names = {"ENABLED", "NONE"})
    void multiLayerNetworkTrainsMovesNeuronParametersAndReloadsIdentically(WorkspaceMode ws) throws Exception {
        MultiLayerNetwork net = network(ws);
        DataSet ds = data(12, 1);
        Map<String, INDArray> before = net.paramTable();
        INDArray tauW0 = before.get("0_tauW").dup();
        INDArray theta0 = before.get("2_theta").dup();
        INDArray v00 = before.get("2_v0").dup();
        net.setInput(ds.getFeatures());
        net.setLabels(ds.getLabels());
        net.computeGradientAndScore();
        double first = net.score();
        for (int i = 0; i < 40; i++) {
            net.fit(ds);
        }
        net.computeGradientAndScore();
        assertThat(net.score()).isLessThan(first * 0.8);
        assertThat(net.getParam("0_tauW")).isNotEqualTo(tauW0);
        assertThat(net.getParam("2_theta")).isNotEqualTo(theta0);
        assertThat(net.getParam("2_v0")).isNotEqualTo(v00);

        java.io.File f = java.nio.file.Files.createTempFile("snn", ".zip").toFile();
        net.save(f, true);
        MultiLayerNetwork loaded = MultiLayerNetwork.load(f, true);
        assertThat(loaded.output(ds.getFeatures())).isEqualTo(net.output(ds.getFeatures()));
        assertThat(loaded.getLayerWiseConfigurations().toJson()).isEqualTo(net.getLayerWiseConfigurations().toJson());
    }

    @Test
    void computationGraphTrainsToo() {
        ComputationGraphConfiguration conf = base(WorkspaceMode.ENABLED).graphBuilder()
                .addInputs("in")
                .addLayer("conv", new SpikingConv.Builder(4, 3).padding(1, 1).neuron(learnable()).build(), "in")
                .addLayer("pool", new TimePooling.Builder(PoolingType.AVG, 2, 2).stride(2, 2).build(), "conv")
                .addLayer("fc", new SpikingDense.Builder(CLASSES).neuron(NeuronConfig.builder().spiking(false).build())
                        .build(), "pool")
                .addLayer("loss", new TemporalLossLayer.Builder(new SdtLoss()).build(), "fc")
                .setOutputs("loss").setInputTypes(input()).build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        DataSet ds = data(12, 2);
        net.fit(ds);
        double first = net.score();
        for (int i = 0; i < 40; i++) {
            net.fit(ds);
        }
        assertThat(net.score()).isLessThan(first);
        assertThat(ComputationGraphConfiguration.fromJson(conf.toJson())).isEqualTo(conf);
    }

    @Test
    void streamingInTwoChunksEqualsTheWholeSequenceAndClearResets() {
        MultiLayerNetwork net = network(WorkspaceMode.ENABLED);
        INDArray x = data(3, 3).getFeatures();
        // Everything but the loss layer, as a streaming network: compare the last spiking layer's activations.
        INDArray full = net.feedForwardToLayer(3, x, false).get(4);
        net.rnnClearPreviousState();
        INDArray a = net.feedForward(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)),
                false).get(4);
        assertThat(a.shape()).containsExactly(3, CLASSES, 2);
        INDArray first = net.rnnTimeStep(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)));
        INDArray second = net.rnnTimeStep(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(2, T)));
        INDArray joined = Nd4j.concat(2, first, second);
        assertThat(joined.sub(SnnEvaluation.perStepOutput(net, x, null)).amaxNumber().doubleValue()).isLessThan(1e-5);
        net.rnnClearPreviousState();
        INDArray again = net.rnnTimeStep(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)));
        assertThat(again).isEqualTo(first);
        assertThat(full).isNotNull();
    }

    @Test
    void convBatchNormNeuronStackTrainsLikeSpikingJellysConvBnPlif() {
        MultiLayerConfiguration conf = base(WorkspaceMode.ENABLED).list()
                .layer(new TimeConv.Builder(4, 3).padding(1, 1).hasBias(false).build())
                .layer(new TimeBatchNorm())
                .layer(new SpikingNeuron.Builder(learnable()).build())
                .layer(new TimePooling.Builder(PoolingType.MAX, 2, 2).stride(2, 2).build())
                .layer(new SpikingDense.Builder(CLASSES).neuron(NeuronConfig.builder().spiking(false).build()).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(input()).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertThat(net.getParam("2_v0").length()).isEqualTo(4 * 8 * 8);
        assertThat(net.getParam("2_theta").length()).isEqualTo(4);
        DataSet ds = data(12, 5);
        net.fit(ds);
        double first = net.score();
        for (int i = 0; i < 30; i++) {
            net.fit(ds);
        }
        assertThat(net.score()).isLessThan(first);
        assertThat(MultiLayerConfiguration.fromJson(conf.toJson())).isEqualTo(conf);
    }

    @Test
    void nanInputIsReportedWithTheLayerName() {
        MultiLayerNetwork net = network(WorkspaceMode.NONE);
        INDArray x = data(2, 4).getFeatures();
        x.putScalar(new long[] {0, 0, 0, 0, 0}, Double.NaN);
        assertThatThrownBy(() -> net.output(x)).hasMessageContaining("SpikingConv").hasMessageContaining("NaN");
    }

    @Test
    void wrongChannelCountNamesLayerAndShape() {
        MultiLayerNetwork net = network(WorkspaceMode.NONE);
        assertThatThrownBy(() -> net.output(Nd4j.zeros(DataType.FLOAT, 2, 3, T, 8, 8)))
                .hasMessageContaining("SpikingConv").hasMessageContaining("nIn = 2");
    }
}
