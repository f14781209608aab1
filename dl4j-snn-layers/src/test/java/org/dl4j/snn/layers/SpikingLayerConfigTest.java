package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.internal.runtime.FusedRuntime;
import org.dl4j.snn.layers.internal.samediff.SameDiffRuntime;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.dl4j.snn.surrogate.FastSigmoid;
import org.dl4j.snn.surrogate.Sigmoid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Configuration of SpikingDense / SpikingConv: JSON round trips with every option (engine included), InputType
 * inference, clear errors for bad settings and inputs on both engines, freezing with FrozenLayerWithBackprop, and a
 * separate learning rate for the neuron parameters through {@code biasUpdater}.
 */
class SpikingLayerConfigTest {
    private static final int T = 4;

    /** A neuron with every option away from its default. */
    private static NeuronConfig everything() {
        return NeuronConfig.builder().model(NeuronModel.CUBA_LIF).tau(3).learnTau(true).tauScope(Scope.CHANNEL)
                .decayInput(true).currentDecay(0.3).theta(1.2).learnTheta(true).thetaScope(Scope.NEURON)
                .thetaJitter(0.05).v0Mode(V0Mode.LEARNABLE).v0(0.1).v0Range(0.2).v0Scope(Scope.NEURON).vReset(-0.1)
                .reset(Reset.HARD).detachReset(true).surrogate(new Sigmoid(3)).build();
    }

    private static NeuronConfig plifSoft() {
        return NeuronConfig.builder().learnTau(true).reset(Reset.SOFT).surrogate(new FastSigmoid(2)).build();
    }

    private static MultiLayerConfiguration everyOption() {
        return new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).updater(new Sgd(0.1)).list()
                .layer(new SpikingConv.Builder(4, 3).name("conv1").kernelSize(3, 2).stride(2, 1).padding(1, 0)
                        .dilation(1, 2).convolutionMode(ConvolutionMode.Strict).hasBias(false)
                        .engine(Engine.SAMEDIFF).neuron(everything()).build())
                .layer(new SpikingConv.Builder(3, 3).name("conv2").stride(2, 2).convolutionMode(ConvolutionMode.Same)
                        .engine(Engine.FUSED).neuron(plifSoft()).build())
                .layer(new SpikingDense.Builder(5).name("fc").hasBias(false).engine(Engine.SAMEDIFF)
                        .neuron(NeuronConfig.builder().model(NeuronModel.IF).reset(Reset.SOFT).learnTheta(true)
                                .thetaScope(Scope.LAYER).v0Mode(V0Mode.FIXED).v0(0.25).build())
                        .biasUpdater(new Sgd(0.01)).build())
                .layer(new LeakyIntegratorReadout.Builder(3).learnTau(true).tau(4).engine(Engine.SAMEDIFF).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 9, 8, 2)).build();
    }

    @Test
    void multiLayerConfigurationWithEveryOptionRoundTripsThroughJson() {
        MultiLayerConfiguration conf = everyOption();
        String json = conf.toJson();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertThat(back).isEqualTo(conf);
        assertThat(back.toJson()).isEqualTo(json);
        assertThat(json).contains("\"engine\" : \"SAMEDIFF\"").contains("\"engine\" : \"FUSED\"");
        SpikingConv conv = (SpikingConv) back.getConf(0).getLayer();
        assertThat(conv.getEngine()).isEqualTo(Engine.SAMEDIFF);
        assertThat(conv.getNeuron()).isEqualTo(everything());
        assertThat(conv.getKernelSize()).containsExactly(3, 2);
        assertThat(conv.getStride()).containsExactly(2, 1);
        assertThat(conv.getPadding()).containsExactly(1, 0);
        assertThat(conv.getDilation()).containsExactly(1, 2);
        assertThat(conv.getConvolutionMode()).isEqualTo(ConvolutionMode.Strict);
        assertThat(conv.hasBias()).isFalse();
        assertThat(((SpikingConv) back.getConf(1).getLayer()).getEngine()).isEqualTo(Engine.FUSED);
        assertThat(((SpikingDense) back.getConf(2).getLayer()).getEngine()).isEqualTo(Engine.SAMEDIFF);
        assertThat(back.getConf(3).getLayer()).isInstanceOf(LeakyIntegratorReadout.class);

        // Both networks, on the same parameters, compute the same thing; each layer runs on its engine.
        MultiLayerNetwork a = new MultiLayerNetwork(conf);
        a.init();
        MultiLayerNetwork b = new MultiLayerNetwork(back);
        b.init(a.params().dup(), false);
        assertThat(b.getLayer(0)).isInstanceOf(SameDiffRuntime.class);
        assertThat(b.getLayer(1)).isInstanceOf(FusedRuntime.class);
        assertThat(b.getLayer(3)).isInstanceOf(SameDiffRuntime.class);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2, T, 9, 8).muli(3);
        assertThat(b.output(x)).isEqualTo(a.output(x));
    }

    @Test
    void jsonWithoutAnEngineFieldLoadsAsFused() throws Exception {
        String json = everyOption().toJson();
        ObjectMapper mapper = new ObjectMapper();
        JsonNode tree = mapper.readTree(json);
        removeField(tree, "engine");
        String old = mapper.writeValueAsString(tree);
        assertThat(old).doesNotContain("engine");
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(old);
        assertThat(((SpikingConv) back.getConf(0).getLayer()).getEngine()).isEqualTo(Engine.FUSED);
        assertThat(((SpikingDense) back.getConf(2).getLayer()).getEngine()).isEqualTo(Engine.FUSED);
    }

    private static void removeField(JsonNode node, String field) {
        if (node instanceof ObjectNode o) {
            o.remove(field);
        }
        node.forEach(child -> removeField(child, field));
    }

    @Test
    void computationGraphConfigurationRoundTripsAndTrainsOnBothEngines() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.FLOAT)
                .updater(new Sgd(0.2)).graphBuilder()
                .addInputs("in")
                .addLayer("conv", new SpikingConv.Builder(3, 3).padding(1, 1).engine(Engine.SAMEDIFF)
                        .neuron(NeuronConfig.builder().learnTheta(true).thetaScope(Scope.NEURON).build()).build(), "in")
                .addLayer("fc", new SpikingDense.Builder(3).engine(Engine.FUSED).neuron(plifSoft()).build(), "conv")
                .addLayer("loss", new TemporalLossLayer.Builder(new SdtLoss()).build(), "fc")
                .setOutputs("loss")
                .setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 5, 5, 2)).build();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertThat(back).isEqualTo(conf);
        assertThat(back.toJson()).isEqualTo(conf.toJson());
        ComputationGraph net = new ComputationGraph(back);
        net.init();
        assertThat(net.getLayer("conv")).isInstanceOf(SameDiffRuntime.class);
        INDArray theta = net.getParam("conv_theta").dup();
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2, T, 5, 5).muli(3);
        INDArray y = SpikingFixtures.labels(DataType.FLOAT, 3);
        net.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
        assertThat(net.getParam("conv_theta")).isNotEqualTo(theta);
    }

    @Test
    void inputTypeInferenceSetsNInAndNeuronScopeLengthsForConv() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(new SpikingConv.Builder(4, 3).stride(2, 2).convolutionMode(ConvolutionMode.Same)
                        .neuron(NeuronConfig.builder().learnTheta(true).thetaScope(Scope.NEURON)
                                .v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.CHANNEL).build()).build())
                .layer(new SpikingDense.Builder(3).neuron(NeuronConfig.builder().learnTau(true)
                        .tauScope(Scope.NEURON).build()).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 8, 7, 2)).build();
        SpikingConv conv = (SpikingConv) conf.getConf(0).getLayer();
        assertThat(conv.getNIn()).isEqualTo(2);
        assertThat(conv.getInputHeight()).isEqualTo(8);
        assertThat(conv.getInputWidth()).isEqualTo(7);
        assertThat(conv.outputHeight()).isEqualTo(4);
        assertThat(conv.outputWidth()).isEqualTo(4);
        assertThat(((SpikingDense) conf.getConf(1).getLayer()).getNIn()).isEqualTo(4 * 4 * 4);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertThat(net.getParam("0_theta").length()).isEqualTo(4 * 4 * 4);
        assertThat(net.getParam("0_v0").length()).isEqualTo(4);
        assertThat(net.getParam("1_tauW").length()).isEqualTo(3);
        assertThat(net.output(Nd4j.rand(DataType.FLOAT, 2, 2, T, 8, 7)).shape()).containsExactly(2, 3, T);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void badInputsNameTheLayerTheFieldAndTheValue(Engine engine) {
        MultiLayerNetwork dense = SpikingFixtures.init(SpikingFixtures.denseConf(engine, NeuronConfig.builder()
                .build(), DataType.FLOAT, WorkspaceMode.ENABLED), null);
        assertThatThrownBy(() -> dense.output(Nd4j.rand(DataType.FLOAT, 2, 4, 3)))
                .hasMessageContaining("SpikingDense").hasMessageContaining("layer 0")
                .hasMessageContaining("nIn = 5").hasMessageContaining("[2, 4, 3]");
        // T = 0: the network refuses the empty array itself; the layer, called directly, names itself.
        INDArray empty = Nd4j.rand(DataType.FLOAT, 2, 5, 0);
        assertThatThrownBy(() -> dense.output(empty)).hasMessageContaining("[2, 5, 0]");
        assertThatThrownBy(() -> dense.getLayer(0).activate(empty, false, LayerWorkspaceMgr.noWorkspaces()))
                .hasMessageContaining("SpikingDense").hasMessageContaining("layer 0").hasMessageContaining("T = 0");
        assertThatThrownBy(() -> dense.output(Nd4j.rand(DataType.FLOAT, 2, 5)))
                .hasMessageContaining("SpikingDense").hasMessageContaining("rank 3").hasMessageContaining("[2, 5]");

        MultiLayerNetwork conv = SpikingFixtures.init(SpikingFixtures.convConf(engine, NeuronConfig.builder()
                .learnTheta(true).thetaScope(Scope.NEURON).build(), SpikingFixtures.geometries().get(0),
                DataType.FLOAT, WorkspaceMode.ENABLED), null);
        assertThatThrownBy(() -> conv.output(Nd4j.rand(DataType.FLOAT, 1, 3, T, 6, 6)))
                .hasMessageContaining("SpikingConv").hasMessageContaining("layer 0").hasMessageContaining("nIn = 2")
                .hasMessageContaining("[1, 3, 4, 6, 6]");
        assertThatThrownBy(() -> conv.getLayer(0).activate(Nd4j.rand(DataType.FLOAT, 1, 2, 0, 6, 6), false,
                LayerWorkspaceMgr.noWorkspaces()))
                .hasMessageContaining("SpikingConv").hasMessageContaining("layer 0").hasMessageContaining("T = 0");
        assertThatThrownBy(() -> conv.output(Nd4j.rand(DataType.FLOAT, 1, 2, 6, 6)))
                .hasMessageContaining("SpikingConv").hasMessageContaining("rank 5").hasMessageContaining("[1, 2, 6, 6]");
        assertThatThrownBy(() -> conv.output(Nd4j.rand(DataType.FLOAT, 1, 2, T, 5, 6)))
                .hasMessageContaining("SpikingConv").hasMessageContaining("NEURON-scope")
                .hasMessageContaining("theta").hasMessageContaining("[1, 2, 4, 5, 6]");
    }

    /**
     * The four synapse layers are siblings built from a synapse and (but for TimeConv) a neuron; their builders
     * return their own type from every chained call, so users' builder code compiles as before and builds the layer
     * it names.
     */
    @Test
    void synapseLayersAreSiblingsBuiltFromTheirParts() {
        NeuronConfig lif = NeuronConfig.builder().theta(0.5).build();
        TimeConv conv = new TimeConv.Builder(32, 3).padding(1, 1).hasBias(false).engine(Engine.FUSED).name("c")
                .build();
        SpikingConv spikingConv = new SpikingConv.Builder(8, 3).stride(2).neuron(lif).padding(1).hasBias(false)
                .nIn(2).build();
        SpikingDense dense = new SpikingDense.Builder(128).hasBias(false).engine(Engine.SAMEDIFF).neuron(lif).build();
        LeakyIntegratorReadout readout = new LeakyIntegratorReadout.Builder(10).hasBias(false).name("r")
                .learnTau(true).build();

        assertThat(conv).isNotInstanceOf(NeuronLayer.class).isNotInstanceOf(SpikingConv.class);
        assertThat(readout).isNotInstanceOf(SpikingDense.class);
        assertThat(conv.getSynapse()).isEqualTo(new TimeConv.Builder(32, 3).padding(1).hasBias(false).build()
                .getSynapse());
        assertThat(conv.getPadding()).containsExactly(1, 1);
        assertThat(conv.hasBias()).isFalse();
        assertThat(spikingConv.getSynapse().getStride()).containsExactly(2, 2);
        assertThat(spikingConv.getNeuron()).isEqualTo(lif);
        assertThat(dense.getSynapse()).isInstanceOf(DenseSynapse.class);
        assertThat(dense.getEngine()).isEqualTo(Engine.SAMEDIFF);
        assertThat(readout.getNeuron().learnTau()).isTrue();
        assertThat(readout.getNeuron().spiking()).isFalse();
        assertThat(readout.getSynapse().hasBias()).isFalse();
    }

    /**
     * One parameter layout for all of them: the synapse's "W", "b", then the neuron's "tauW", "theta", "v0"; a TimeConv
     * has the synapse's alone, a SpikingNeuron the neuron's alone.
     */
    @Test
    void theParametersAreTheSynapsesThenTheNeurons() {
        NeuronConfig all = NeuronConfig.builder().learnTau(true).tauScope(Scope.CHANNEL).learnTheta(true)
                .thetaScope(Scope.NEURON).v0Mode(V0Mode.LEARNABLE).build();
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new TimeConv.Builder(3, 3).padding(1).build())
                .layer(new SpikingNeuron.Builder(all).build())
                .layer(new SpikingConv.Builder(2, 3).neuron(all).hasBias(false).build())
                .layer(new SpikingDense.Builder(5).neuron(all).build())
                .layer(new LeakyIntegratorReadout.Builder(4).learnTau(true).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 6, 6, 2)).build());
        net.init();
        Map<String, INDArray> p = net.paramTable();
        assertThat(net.getLayer(0).paramTable().keySet()).containsExactly("W", "b");
        assertThat(p.get("0_W").shape()).containsExactly(3, 2, 3, 3);
        assertThat(net.getLayer(1).paramTable().keySet()).containsExactly("tauW", "theta", "v0");
        assertThat(p.get("1_tauW").length()).isEqualTo(3);
        assertThat(p.get("1_theta").length()).isEqualTo(3 * 6 * 6);
        assertThat(net.getLayer(2).paramTable().keySet()).containsExactly("W", "tauW", "theta", "v0");
        assertThat(p.get("2_theta").length()).isEqualTo(2 * 4 * 4);
        assertThat(net.getLayer(3).paramTable().keySet()).containsExactly("W", "b", "tauW", "theta", "v0");
        assertThat(p.get("3_W").shape()).containsExactly(2 * 4 * 4, 5);
        assertThat(p.get("3_W").ordering()).isEqualTo('f');
        assertThat(net.getLayer(4).paramTable().keySet()).containsExactly("W", "b", "tauW");
        assertThat(net.getLayer(3).conf().getLayer().initializer().weightKeys(net.getLayer(3).conf().getLayer()))
                .containsExactly("W");
        assertThat(net.getLayer(3).conf().getLayer().initializer().biasKeys(net.getLayer(3).conf().getLayer()))
                .containsExactly("b", "tauW", "theta", "v0");
    }

    @Test
    void badSettingsNameTheLayerTheFieldAndTheValue() {
        assertThatThrownBy(() -> new SpikingConv.Builder().kernelSize(0, 3))
                .hasMessageContaining("SpikingConv.kernelSize").hasMessageContaining("[0, 3]");
        assertThatThrownBy(() -> new SpikingConv.Builder().kernelSize(-2))
                .hasMessageContaining("SpikingConv.kernelSize").hasMessageContaining("[-2]");
        assertThatThrownBy(() -> new SpikingConv.Builder().stride(1, 0))
                .hasMessageContaining("SpikingConv.stride").hasMessageContaining("[1, 0]");
        assertThatThrownBy(() -> new SpikingConv.Builder().padding(-1))
                .hasMessageContaining("SpikingConv.padding").hasMessageContaining("[-1]");
        assertThatThrownBy(() -> new SpikingConv.Builder().dilation(0, 1))
                .hasMessageContaining("SpikingConv.dilation").hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new SpikingConv.Builder().convolutionMode(ConvolutionMode.Causal))
                .hasMessageContaining("convolutionMode").hasMessageContaining("Causal");
        assertThatThrownBy(() -> new SpikingDense.Builder(0).name("fc").build())
                .hasMessageContaining("SpikingDense 'fc'").hasMessageContaining("nOut").hasMessageContaining("0");
        assertThatThrownBy(() -> new SpikingConv.Builder(-3, 3).name("c").build())
                .hasMessageContaining("SpikingConv 'c'").hasMessageContaining("nOut").hasMessageContaining("-3");
        assertThatThrownBy(() -> new SpikingDense.Builder(3).engine(null))
                .hasMessageContaining("SpikingDense").hasMessageContaining("engine");
        assertThatThrownBy(() -> new SpikingConv.Builder(3, 3).engine(null))
                .hasMessageContaining("SpikingConv").hasMessageContaining("engine");
        // The kernel must fit the input: found by InputType inference, naming layer, kernel and input size.
        assertThatThrownBy(() -> new NeuralNetConfiguration.Builder().list()
                .layer(new SpikingConv.Builder(2, 5).name("big").build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 3, 8, 1)).build())
                .hasMessageContaining("SpikingConv").hasMessageContaining("big").hasMessageContaining("kernel 5")
                .hasMessageContaining("input 3");
        // Neuron settings are validated where they are built (also when read from JSON), naming field and value.
        assertThatThrownBy(() -> NeuronConfig.builder().tau(0.5).build())
                .hasMessageContaining("tau").hasMessageContaining("0.5");
        assertThatThrownBy(() -> NeuronConfig.builder().model(NeuronModel.IF).learnTau(true).build())
                .hasMessageContaining("learnTau");
        assertThatThrownBy(() -> NeuronConfig.builder().theta(-0.5).build())
                .hasMessageContaining("theta").hasMessageContaining("-0.5");
        String json = new NeuralNetConfiguration.Builder().list()
                .layer(new SpikingDense.Builder(3).neuron(NeuronConfig.builder().tau(3).build()).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(4, T)).build().toJson();
        assertThat(json).contains("\"tau\" : 3.0");
        assertThatThrownBy(() -> MultiLayerConfiguration.fromJson(json.replace("\"tau\" : 3.0", "\"tau\" : 0.25")))
                .hasStackTraceContaining("tau").hasStackTraceContaining("0.25");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void frozenLayerKeepsItsParametersWhileTheLayerBelowTrains(Engine engine) {
        NeuronConfig neuron = NeuronConfig.builder().learnTau(true).learnTheta(true).v0Mode(V0Mode.LEARNABLE).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .updater(new Sgd(0.5)).list()
                .layer(new SpikingDense.Builder(6).neuron(neuron).engine(engine).build())
                .layer(new FrozenLayerWithBackprop(new SpikingDense.Builder(3).neuron(neuron).engine(engine).build()))
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(SpikingFixtures.DENSE_IN, T)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Map<String, INDArray> before = copy(net.paramTable());
        INDArray x = SpikingFixtures.input(DataType.FLOAT, 8, 4, SpikingFixtures.DENSE_IN, T);
        INDArray y = SpikingFixtures.labels(DataType.FLOAT, 4);
        for (int i = 0; i < 3; i++) {
            net.fit(x, y);
        }
        for (Map.Entry<String, INDArray> e : before.entrySet()) {
            if (e.getKey().startsWith("1_")) {
                assertThat(net.getParam(e.getKey())).as("frozen " + e.getKey()).isEqualTo(e.getValue());
            } else {
                assertThat(net.getParam(e.getKey())).as("trained " + e.getKey()).isNotEqualTo(e.getValue());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void biasUpdaterGivesTheNeuronParametersTheirOwnLearningRate(Engine engine) {
        double lr = 0.25;
        NeuronConfig neuron = NeuronConfig.builder().learnTau(true).learnTheta(true).thetaScope(Scope.NEURON)
                .v0Mode(V0Mode.LEARNABLE).build();
        // Learning rate 0 for the weights (DL4J's NoOp updater would apply the raw gradient, i.e. lr 1).
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(6).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.0)).list()
                .layer(new SpikingDense.Builder(6).neuron(neuron).engine(engine).biasUpdater(new Sgd(lr)).build())
                .layer(new SpikingDense.Builder(3).neuron(NeuronConfig.builder().spiking(false).build())
                        .engine(engine).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(SpikingFixtures.DENSE_IN, T)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        int batch = 4;
        INDArray x = SpikingFixtures.input(DataType.DOUBLE, 9, batch, SpikingFixtures.DENSE_IN, T);
        INDArray y = SpikingFixtures.labels(DataType.DOUBLE, batch);
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Map<String, INDArray> grads = copy(net.gradient().gradientForVariable());
        Map<String, INDArray> before = copy(net.paramTable());
        net.fit(x, y);
        for (String name : before.keySet()) {
            INDArray moved = net.getParam(name).sub(before.get(name));
            if (name.equals("0_W") || name.startsWith("1_")) {
                assertThat(moved.amaxNumber().doubleValue()).as(name + " (learning rate 0)").isEqualTo(0.0);
            } else {
                // DL4J divides the summed gradient by the minibatch size before the updater applies lr.
                INDArray expected = grads.get(name).mul(-lr / batch);
                assertThat(expected.amaxNumber().doubleValue()).as(name + " gradient").isGreaterThan(1e-6);
                assertThat(moved.sub(expected).amaxNumber().doubleValue()).as(name + " moved by -lr*g/batch")
                        .isLessThan(1e-12);
            }
        }
    }

    @Test
    void sameDiffEngineNetworkSavesAndLoadsWithItsEngine() throws Exception {
        MultiLayerNetwork net = SpikingFixtures.init(SpikingFixtures.denseConf(Engine.SAMEDIFF,
                NeuronConfig.builder().learnTheta(true).build(), DataType.FLOAT, WorkspaceMode.ENABLED), null);
        File f = Files.createTempFile("snn-samediff", ".zip").toFile();
        f.deleteOnExit();
        net.save(f, true);
        MultiLayerNetwork loaded = MultiLayerNetwork.load(f, true);
        assertThat(loaded.getLayer(0)).isInstanceOf(SameDiffRuntime.class);
        INDArray x = SpikingFixtures.input(DataType.FLOAT, 10, 2, SpikingFixtures.DENSE_IN, SpikingFixtures.DENSE_T);
        assertThat(loaded.output(x)).isEqualTo(net.output(x));
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> m) {
        Map<String, INDArray> c = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, v.dup()));
        return c;
    }
}
