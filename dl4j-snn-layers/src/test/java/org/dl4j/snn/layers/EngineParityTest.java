package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.layers.SpikingFixtures.Geometry;
import org.dl4j.snn.layers.SpikingFixtures.Variant;
import org.dl4j.snn.layers.internal.runtime.FusedRuntime;
import org.dl4j.snn.layers.internal.samediff.SameDiffRuntime;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.neuron.NeuronConfig;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The SAMEDIFF engine (SameDiff graph + autodiff) against the FUSED engine (GEMM/conv once + neuron kernel with
 * hand-written BPTT) on the same parameters and inputs: spikes, every layer's output, the score, the gradients of
 * every parameter (W, b, tauW, theta, v0) and the input epsilon, for the neuron variants of issue 3, in SpikingDense
 * and SpikingConv networks (two spiking layers, so the epsilon passed down is checked too), float64 and float32.
 */
class EngineParityTest {
    private static final double TOL_DOUBLE = 1e-9;
    private static final double TOL_FLOAT = 1e-4;

    /** What one engine computed for one network and one minibatch. */
    private record Run(List<INDArray> activations, double score, Map<String, INDArray> grads, INDArray inputGrad) {}

    @TestFactory
    Stream<DynamicTest> denseEnginesAgreeInDouble() {
        return SpikingFixtures.variants().stream().map(v -> DynamicTest.dynamicTest(v.name(),
                () -> compareDense(v, DataType.DOUBLE, WorkspaceMode.ENABLED)));
    }

    @TestFactory
    Stream<DynamicTest> convEnginesAgreeInDouble() {
        List<Geometry> geometries = SpikingFixtures.geometries();
        List<Variant> variants = SpikingFixtures.variants();
        // Every variant once, the geometries in turn, so every geometry meets several neurons.
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            Geometry g = geometries.get(i % geometries.size());
            tests.add(DynamicTest.dynamicTest(v.name() + ", " + g.name(),
                    () -> compareConv(v, g, DataType.DOUBLE, WorkspaceMode.ENABLED)));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> enginesAgreeInFloatWithEqualSpikes() {
        List<Variant> variants = SpikingFixtures.variants();
        List<Geometry> geometries = SpikingFixtures.geometries();
        return Stream.of(
                DynamicTest.dynamicTest("dense " + variants.get(1),
                        () -> compareDense(variants.get(1), DataType.FLOAT, WorkspaceMode.ENABLED)),
                DynamicTest.dynamicTest("dense " + variants.get(6) + " without workspaces",
                        () -> compareDense(variants.get(6), DataType.FLOAT, WorkspaceMode.NONE)),
                DynamicTest.dynamicTest("conv " + variants.get(3) + ", " + geometries.get(1),
                        () -> compareConv(variants.get(3), geometries.get(1), DataType.FLOAT, WorkspaceMode.ENABLED)),
                DynamicTest.dynamicTest("conv " + variants.get(8) + ", " + geometries.get(0),
                        () -> compareConv(variants.get(8), geometries.get(0), DataType.FLOAT, WorkspaceMode.NONE)));
    }

    private static void compareDense(Variant v, DataType dt, WorkspaceMode ws) {
        compare(v.neuron().spiking(), engine -> SpikingFixtures.denseConf(engine, v.neuron(), dt, ws),
                SpikingFixtures.input(dt, 11, 4, SpikingFixtures.DENSE_IN, SpikingFixtures.DENSE_T), dt);
    }

    private static void compareConv(Variant v, Geometry g, DataType dt, WorkspaceMode ws) {
        compare(v.neuron().spiking(), engine -> SpikingFixtures.convConf(engine, v.neuron(), g, dt, ws),
                SpikingFixtures.input(dt, 12, 2, SpikingFixtures.CONV_IN, SpikingFixtures.CONV_T,
                        SpikingFixtures.CONV_HW, SpikingFixtures.CONV_HW), dt);
    }

    private interface Confs {
        MultiLayerConfiguration of(Engine engine);
    }

    /** Both engines on {@code confs}; {@code spikes}: the first layer's output must be equal 0/1 spikes. */
    private static void compare(boolean spikes, Confs confs, INDArray x, DataType dt) {
        MultiLayerNetwork fused = SpikingFixtures.init(confs.of(Engine.FUSED), null);
        SpikingFixtures.jitter(fused, 5);
        MultiLayerNetwork sameDiff = SpikingFixtures.init(confs.of(Engine.SAMEDIFF), fused.params());
        assertThat(sameDiff.getLayer(0)).isInstanceOf(SameDiffRuntime.class);
        assertThat(fused.getLayer(0)).isInstanceOf(FusedRuntime.class);
        INDArray y = SpikingFixtures.labels(dt, (int) x.size(0));

        Run f = run(fused, x, y);
        Run s = run(sameDiff, x, y);
        double tol = dt == DataType.DOUBLE ? TOL_DOUBLE : TOL_FLOAT;

        if (spikes) {
            assertThat(s.activations().get(1)).as("first layer's spikes").isEqualTo(f.activations().get(1));
            double rate = f.activations().get(1).meanNumber().doubleValue();
            assertThat(rate).as("firing rate of the fixture (silent and firing neurons)").isBetween(0.05, 0.95);
        }
        for (int i = 1; i < f.activations().size(); i++) {
            assertClose("activations of layer " + (i - 1), s.activations().get(i), f.activations().get(i), tol);
        }
        assertThat(Math.abs(s.score() - f.score())).as("score").isLessThanOrEqualTo(tol * Math.abs(f.score()));
        assertThat(s.grads().keySet()).isEqualTo(f.grads().keySet()).isEqualTo(fused.paramTable().keySet());
        for (String name : f.grads().keySet()) {
            assertThat(f.grads().get(name).amaxNumber().doubleValue()).as("dL/d" + name + " is not all zero")
                    .isGreaterThan(0);
            assertClose("dL/d" + name, s.grads().get(name), f.grads().get(name), tol);
        }
        assertClose("dL/dinput", s.inputGrad(), f.inputGrad(), tol);
    }

    private static Run run(MultiLayerNetwork net, INDArray x, INDArray y) {
        List<INDArray> acts = new ArrayList<>();
        for (INDArray a : net.feedForward(x, false)) {
            acts.add(a.dup());
        }
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Map<String, INDArray> grads = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : net.gradient().gradientForVariable().entrySet()) {
            grads.put(e.getKey(), e.getValue().dup());
        }
        double score = net.score();
        Pair<Gradient, INDArray> withInput = net.calculateGradients(x, y, null, null);
        return new Run(acts, score, grads, withInput.getSecond().dup());
    }

    /** max |actual - expected| &lt;= tol * max |expected| (relative to the array's scale). */
    private static void assertClose(String what, INDArray actual, INDArray expected, double tol) {
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-30);
        double err = actual.castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertThat(err / scale).as(what + ": max abs difference " + err + " at scale " + scale)
                .isLessThanOrEqualTo(tol);
    }

    @TestFactory
    Stream<DynamicTest> sameDiffPlansComputeExactlyWhatSameDiffSessionsCompute() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Geometry> geometries = SpikingFixtures.geometries();
        List<Variant> variants = SpikingFixtures.variants();
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            DataType dt = i % 2 == 0 ? DataType.DOUBLE : DataType.FLOAT;
            tests.add(DynamicTest.dynamicTest("dense " + v.name() + " " + dt, () -> planEqualsSession(
                    SpikingFixtures.denseConf(Engine.SAMEDIFF, v.neuron(), dt, WorkspaceMode.ENABLED),
                    SpikingFixtures.input(dt, 11, 4, SpikingFixtures.DENSE_IN, SpikingFixtures.DENSE_T), dt)));
            Geometry g = geometries.get(i % geometries.size());
            tests.add(DynamicTest.dynamicTest("conv " + v.name() + ", " + g.name() + " " + dt, () -> planEqualsSession(
                    SpikingFixtures.convConf(Engine.SAMEDIFF, v.neuron(), g, dt, WorkspaceMode.ENABLED),
                    SpikingFixtures.input(dt, 12, 2, SpikingFixtures.CONV_IN, SpikingFixtures.CONV_T,
                            SpikingFixtures.CONV_HW, SpikingFixtures.CONV_HW), dt)));
        }
        return tests.stream();
    }

    /**
     * The SameDiff engine with its graph plans and with SameDiff's InferenceSession: identical activations, score,
     * parameter and input gradients (same ops on the same inputs), on a second minibatch of another size too.
     */
    private static void planEqualsSession(MultiLayerConfiguration conf, INDArray x, DataType dt) {
        MultiLayerNetwork planned = SpikingFixtures.init(conf, null);
        SpikingFixtures.jitter(planned, 5);
        MultiLayerNetwork session = SpikingFixtures.init(conf, planned.params());
        for (org.deeplearning4j.nn.api.Layer l : session.getLayers()) {
            if (l instanceof SameDiffRuntime<?> r) r.useSameDiffSession(true);
        }
        INDArray smaller = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, x.size(0) - 1)).dup();
        for (INDArray batch : new INDArray[] {x, smaller, x}) {
            INDArray y = SpikingFixtures.labels(dt, (int) batch.size(0));
            Run p = run(planned, batch, y);
            Run s = run(session, batch, y);
            for (int i = 1; i < s.activations().size(); i++) {
                assertIdentical("activations of layer " + (i - 1), p.activations().get(i), s.activations().get(i));
            }
            assertThat(p.score()).as("score").isEqualTo(s.score());
            assertThat(p.grads().keySet()).isEqualTo(s.grads().keySet());
            for (String name : s.grads().keySet()) {
                assertIdentical("dL/d" + name, p.grads().get(name), s.grads().get(name));
            }
            assertIdentical("dL/dinput", p.inputGrad(), s.inputGrad());
        }
    }

    /** Same shape and the same value bit for bit at every position. */
    private static void assertIdentical(String what, INDArray actual, INDArray expected) {
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        assertThat(actual.dataType()).as(what + " data type").isEqualTo(expected.dataType());
        assertThat(actual.dup('c').reshape(-1).toDoubleVector()).as(what)
                .isEqualTo(expected.dup('c').reshape(-1).toDoubleVector());
    }

    /**
     * The SameDiff engine (graph plans, forward values kept for the backward pass) trained in a ComputationGraph and in
     * a MultiLayerNetwork from the same parameters: the same parameters after three Adam steps; the graph saved and
     * loaded gives the same output.
     */
    @Test
    void sameDiffEngineTrainsAlikeInAComputationGraphAndReloadsIdentically() {
        NeuronConfig neuron = NeuronConfig.builder().learnTau(true).learnTheta(true).build();
        org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder base =
                new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                        .updater(new org.nd4j.linalg.learning.config.Adam(0.05));
        MultiLayerNetwork mln = SpikingFixtures.init(base.clone().list()
                .layer(new SpikingDense.Builder(6).neuron(neuron).engine(Engine.SAMEDIFF).build())
                .layer(new SpikingDense.Builder(SpikingFixtures.CLASSES).neuron(neuron).engine(Engine.SAMEDIFF).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(SpikingFixtures.DENSE_IN, SpikingFixtures.DENSE_T)).build(), null);
        SpikingFixtures.jitter(mln, 3);
        org.deeplearning4j.nn.graph.ComputationGraph cg = new org.deeplearning4j.nn.graph.ComputationGraph(
                base.clone().graphBuilder().addInputs("in")
                        .addLayer("h", new SpikingDense.Builder(6).neuron(neuron).engine(Engine.SAMEDIFF).build(), "in")
                        .addLayer("o", new SpikingDense.Builder(SpikingFixtures.CLASSES).neuron(neuron)
                                .engine(Engine.SAMEDIFF).build(), "h")
                        .addLayer("loss", new TemporalLossLayer.Builder(new SdtLoss()).build(), "o")
                        .setOutputs("loss")
                        .setInputTypes(InputType.recurrent(SpikingFixtures.DENSE_IN, SpikingFixtures.DENSE_T))
                        .build());
        cg.init(mln.params().dup(), false);
        INDArray x = SpikingFixtures.input(DataType.FLOAT, 17, 4, SpikingFixtures.DENSE_IN, SpikingFixtures.DENSE_T);
        INDArray y = SpikingFixtures.labels(DataType.FLOAT, 4);
        INDArray before = mln.params().dup();
        for (int i = 0; i < 3; i++) {
            mln.fit(x, y);
            cg.fit(new INDArray[] {x}, new INDArray[] {y});
        }
        assertThat(mln.params().sub(before).amaxNumber().doubleValue()).as("parameters moved").isGreaterThan(1e-3);
        assertIdentical("parameters after 3 steps", cg.params(), mln.params());
        org.deeplearning4j.nn.graph.ComputationGraph back = TimeLayerFixtures.saveAndLoad(cg);
        assertIdentical("output of the reloaded graph", back.outputSingle(x), cg.outputSingle(x));
    }

    @Test
    void timeConvWithoutNeuronAgreesOnBothEngines() {
        NeuronConfig neuron = NeuronConfig.builder().learnTheta(true).build();
        compare(false, engine -> SpikingFixtures.base(DataType.DOUBLE, WorkspaceMode.ENABLED).list()
                        .layer(new TimeConv.Builder(3, 3).stride(2, 2).engine(engine).build())
                        .layer(new SpikingNeuron.Builder(neuron).build())
                        .layer(new SpikingDense.Builder(SpikingFixtures.CLASSES).neuron(neuron).engine(engine).build())
                        .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                        .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, SpikingFixtures.CONV_T,
                                SpikingFixtures.CONV_HW, SpikingFixtures.CONV_HW, SpikingFixtures.CONV_IN))
                        .build(),
                SpikingFixtures.input(DataType.DOUBLE, 13, 2, SpikingFixtures.CONV_IN, SpikingFixtures.CONV_T,
                        SpikingFixtures.CONV_HW, SpikingFixtures.CONV_HW), DataType.DOUBLE);
    }

    @Test
    void sameDiffEngineBuildsAGraphPerSequenceLengthAndMatchesFusedOnEach() {
        NeuronConfig neuron = NeuronConfig.builder().learnTheta(true).build();
        MultiLayerNetwork fused = SpikingFixtures.init(
                SpikingFixtures.denseConf(Engine.FUSED, neuron, DataType.DOUBLE, WorkspaceMode.ENABLED), null);
        MultiLayerNetwork sameDiff = SpikingFixtures.init(
                SpikingFixtures.denseConf(Engine.SAMEDIFF, neuron, DataType.DOUBLE, WorkspaceMode.ENABLED),
                fused.params());
        for (int steps : new int[] {3, 6, 3}) {
            INDArray x = SpikingFixtures.input(DataType.DOUBLE, steps, 2, SpikingFixtures.DENSE_IN, steps);
            INDArray expected = fused.feedForward(x, false).get(2);
            INDArray actual = sameDiff.feedForward(x, false).get(2);
            assertThat(actual.shape()).containsExactly(2, SpikingFixtures.CLASSES, steps);
            assertClose("T = " + steps, actual, expected, TOL_DOUBLE);
        }
    }

    @Test
    void streamingWithTheSameDiffEngineThrowsAndPointsToFused() {
        MultiLayerNetwork net = SpikingFixtures.init(SpikingFixtures.denseConf(Engine.SAMEDIFF,
                NeuronConfig.builder().build(), DataType.FLOAT, WorkspaceMode.ENABLED), null);
        INDArray x = SpikingFixtures.input(DataType.FLOAT, 1, 2, SpikingFixtures.DENSE_IN, 3);
        net.rnnClearPreviousState();
        assertThat(net.rnnGetPreviousState(0)).isEmpty();
        assertThatThrownBy(() -> net.rnnTimeStep(x)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("SpikingDense").hasMessageContaining("rnnTimeStep")
                .hasMessageContaining("Engine.FUSED");
    }

    @Test
    void layerDefinitionsComposeIntoAUserSameDiffGraphWithTheNetworksOutput() {
        NeuronConfig neuron = NeuronConfig.builder().learnTau(true).learnTheta(true).build();
        Geometry geometry = SpikingFixtures.geometries().get(1);
        MultiLayerConfiguration conf = SpikingFixtures.convConf(Engine.FUSED, neuron, geometry, DataType.DOUBLE,
                WorkspaceMode.ENABLED);
        MultiLayerNetwork net = SpikingFixtures.init(conf, null);
        INDArray x = SpikingFixtures.input(DataType.DOUBLE, 3, 2, SpikingFixtures.CONV_IN, SpikingFixtures.CONV_T,
                SpikingFixtures.CONV_HW, SpikingFixtures.CONV_HW);

        SpikingConv conv = (SpikingConv) conf.getConf(0).getLayer();
        SpikingDense dense = (SpikingDense) conf.getConf(1).getLayer();
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("x", DataType.DOUBLE, -1, SpikingFixtures.CONV_IN, SpikingFixtures.CONV_T,
                SpikingFixtures.CONV_HW, SpikingFixtures.CONV_HW);
        SDVariable spikes = conv.define(sd, in, vars(sd, net, 0), SpikingFixtures.CONV_T, SpikingFixtures.CONV_HW,
                SpikingFixtures.CONV_HW);
        // The user flattens [b, C, T, H, W] to [b, C*H*W, T] as the automatic TimeFlattenPreProcessor does.
        long c = conv.getNOut();
        long hw = conv.outputHeight() * conv.outputWidth();
        SDVariable flat = spikes.permute(0, 1, 3, 4, 2).reshape(-1, c * hw, SpikingFixtures.CONV_T);
        SDVariable out = dense.define(sd, flat, vars(sd, net, 1), SpikingFixtures.CONV_T);

        Map<String, INDArray> actual = sd.output(Map.of("x", x), spikes.name(), out.name());
        List<INDArray> expected = net.feedForward(x, false);
        assertThat(actual.get(spikes.name())).as("conv spikes").isEqualTo(expected.get(1));
        assertThat(expected.get(1).meanNumber().doubleValue()).as("conv firing rate").isBetween(0.05, 0.95);
        assertClose("user graph output", actual.get(out.name()), expected.get(2), TOL_DOUBLE);
    }

    private static Map<String, SDVariable> vars(SameDiff sd, MultiLayerNetwork net, int layer) {
        Map<String, SDVariable> m = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : net.getLayer(layer).paramTable().entrySet()) {
            m.put(e.getKey(), sd.var(layer + "_" + e.getKey(), e.getValue().dup()));
        }
        return m;
    }

    @Test
    void sameDiffEngineTrainsWithTheSameStepsAsFused() {
        // Two SGD steps on both engines: equal gradients imply equal parameter updates (no 2x factor anywhere).
        NeuronConfig neuron = NeuronConfig.builder().learnTau(true).learnTheta(true).build();
        MultiLayerConfiguration fusedConf = SpikingFixtures.denseConf(Engine.FUSED, neuron, DataType.DOUBLE,
                WorkspaceMode.ENABLED);
        MultiLayerConfiguration sdConf = SpikingFixtures.denseConf(Engine.SAMEDIFF, neuron, DataType.DOUBLE,
                WorkspaceMode.ENABLED);
        for (MultiLayerConfiguration c : List.of(fusedConf, sdConf)) {
            for (int i = 0; i < 2; i++) {
                ((org.deeplearning4j.nn.conf.layers.BaseLayer) c.getConf(i).getLayer())
                        .setIUpdater(new org.nd4j.linalg.learning.config.Sgd(0.5));
            }
        }
        MultiLayerNetwork fused = SpikingFixtures.init(fusedConf, null);
        MultiLayerNetwork sameDiff = SpikingFixtures.init(sdConf, fused.params());
        INDArray x = SpikingFixtures.input(DataType.DOUBLE, 21, 4, SpikingFixtures.DENSE_IN, SpikingFixtures.DENSE_T);
        INDArray y = SpikingFixtures.labels(DataType.DOUBLE, 4);
        INDArray before = fused.params().dup();
        for (int i = 0; i < 2; i++) {
            fused.fit(x, y);
            sameDiff.fit(x, y);
        }
        assertThat(fused.params().sub(before).amaxNumber().doubleValue()).as("the parameters moved")
                .isGreaterThan(1e-3);
        assertClose("parameters after two SGD steps", sameDiff.params(), fused.params(), TOL_DOUBLE);
    }
}
