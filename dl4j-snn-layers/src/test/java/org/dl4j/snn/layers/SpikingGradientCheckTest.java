package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.layers.SpikingFixtures.Geometry;
import org.dl4j.snn.layers.SpikingFixtures.Variant;
import org.dl4j.snn.loss.SpikeRateMseLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.dl4j.snn.surrogate.SlayerExponential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference checks (DL4J's GradientCheckUtil, float64) of whole spiking networks: with the test-only smooth
 * forward S = g(H - theta) the surrogate BPTT is the true gradient, so W, b, tauW, theta, v0 and the input gradient
 * must match central differences, on both engines. With hard spikes the gradients are the surrogate ones of the
 * golden equations (fused = SameDiff), which finite differences cannot see (the loss is piecewise constant).
 */
class SpikingGradientCheckTest {
    private static final double EPS = 1e-6;
    private static final double MAX_REL_ERROR = 1e-5;
    private static final double MIN_ABS_ERROR = 1e-9;
    private static DataType previousDefault;
    private static DataType previousFloating;

    @BeforeAll
    static void doublePrecision() {
        previousDefault = Nd4j.dataType();
        previousFloating = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(previousDefault, previousFloating);
    }

    /** Variants whose surrogate BPTT is a true gradient under the smooth forward (detachReset drops a path). */
    private static List<Variant> smoothVariants() {
        return List.of(
                new Variant("LIF hard, tau NEURON, theta CHANNEL, v0 NEURON", NeuronConfig.builder().learnTau(true)
                        .tauScope(Scope.NEURON).learnTheta(true).thetaScope(Scope.CHANNEL)
                        .v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.NEURON).v0Range(0.3).build()),
                new Variant("IF soft, theta NEURON", NeuronConfig.builder().model(NeuronModel.IF).reset(Reset.SOFT)
                        .learnTheta(true).thetaScope(Scope.NEURON).build()),
                new Variant("CUBA_LIF, tau LAYER, theta LAYER, v0 CHANNEL", NeuronConfig.builder()
                        .model(NeuronModel.CUBA_LIF).tau(3).learnTau(true).learnTheta(true).thetaScope(Scope.LAYER)
                        .v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.CHANNEL).build()));
    }

    @TestFactory
    Stream<DynamicTest> denseNetworkGradientsAreTrueGradientsUnderTheSmoothForward() {
        return smoothVariants().stream().flatMap(v -> Stream.of(Engine.FUSED, Engine.SAMEDIFF).map(engine ->
                DynamicTest.dynamicTest(v + ", " + engine, () -> check(
                        SpikingFixtures.denseConf(engine, v.neuron(), DataType.DOUBLE, WorkspaceMode.ENABLED),
                        SpikingFixtures.input(DataType.DOUBLE, 31, 3, SpikingFixtures.DENSE_IN,
                                SpikingFixtures.DENSE_T),
                        // SameDiff runs one op at a time (~0.5 ms each): check a few entries of every parameter.
                        engine == Engine.SAMEDIFF ? 4 : 0))));
    }

    @TestFactory
    Stream<DynamicTest> convNetworkGradientsAreTrueGradientsUnderTheSmoothForward() {
        List<Variant> variants = smoothVariants();
        List<Geometry> geometries = SpikingFixtures.geometries();
        return java.util.stream.IntStream.range(0, variants.size()).mapToObj(i -> {
            Variant v = variants.get(i);
            Geometry g = geometries.get(i % geometries.size());
            return DynamicTest.dynamicTest(v + ", " + g, () -> check(
                    SpikingFixtures.convConf(Engine.FUSED, v.neuron(), g, DataType.DOUBLE, WorkspaceMode.ENABLED),
                    SpikingFixtures.input(DataType.DOUBLE, 32, 2, SpikingFixtures.CONV_IN, SpikingFixtures.CONV_T,
                            SpikingFixtures.CONV_HW, SpikingFixtures.CONV_HW), 12));
        });
    }

    /**
     * Rouser's network in small (lava-dl CUBA LIF with per-ms decays 0.25 / 0.03, theta 1.25 learned per neuron,
     * SLAYER exponential surrogate, no biases, three spiking layers, lava-dl's spike-rate MSE): its surrogate BPTT
     * is the true gradient under the smooth forward, with the reset inside the graph (the path that explodes over
     * 300 steps is computed correctly; the experiments detach it as lava-dl does).
     */
    @Test
    void rousersCubaNetworkGradientsAreTrueGradientsUnderTheSmoothForward() {
        NeuronConfig neuron = NeuronConfig.builder().model(NeuronModel.CUBA_LIF).decayInput(false).tau(1 / 0.03)
                .currentDecay(0.25).theta(1.25).learnTheta(true).thetaScope(Scope.NEURON)
                .surrogate(new SlayerExponential(1.5, 3.75)).build();
        int steps = 12;
        MultiLayerConfiguration conf = SpikingFixtures.base(DataType.DOUBLE, WorkspaceMode.ENABLED).list()
                .layer(new SpikingDense.Builder(6).neuron(neuron).hasBias(false).build())
                .layer(new SpikingDense.Builder(5).neuron(neuron).hasBias(false).build())
                .layer(new SpikingDense.Builder(SpikingFixtures.CLASSES).neuron(neuron).hasBias(false).build())
                .layer(new TemporalLossLayer.Builder(SpikeRateMseLoss.lavaDl()).build())
                .setInputType(InputType.recurrent(SpikingFixtures.DENSE_IN, steps)).build();
        check(conf, SpikingFixtures.input(DataType.DOUBLE, 34, 3, SpikingFixtures.DENSE_IN, steps), 0);
    }

    /**
     * GradientCheckUtil on every parameter ({@code perParam} = 0) or on about {@code perParam} evenly spaced entries of
     * each, then the input gradient.
     */
    private static void check(MultiLayerConfiguration conf, INDArray x, int perParam) {
        MultiLayerNetwork net = SpikingFixtures.init(conf, null);
        SpikingFixtures.jitter(net, 3);
        SpikingFixtures.smoothForGradientChecks(net);
        INDArray y = SpikingFixtures.labels(DataType.DOUBLE, (int) x.size(0));
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(EPS).maxRelError(MAX_REL_ERROR).minAbsoluteError(MIN_ABS_ERROR)
                .subset(perParam > 0).maxPerParam(perParam).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertThat(ok).as("GradientCheckUtil on every parameter (see the log for failures)").isTrue();
        checkInputGradient(net, x, y);
    }

    /**
     * dL/dx from backprop against central differences of the score, at a sample of input entries. DL4J's score is the
     * minibatch mean while the epsilon it passes down is not divided by the batch size (the updater divides the
     * parameter gradients), so the numeric gradient is scaled by the batch size.
     */
    private static void checkInputGradient(MultiLayerNetwork net, INDArray x, INDArray y) {
        INDArray analytic = net.calculateGradients(x, y, null, null).getSecond().dup();
        INDArray flat = x.dup().reshape(x.length());
        Random rng = new Random(7);
        double largest = 0;
        for (int k = 0; k < 12; k++) {
            long i = rng.nextInt((int) x.length());
            double orig = flat.getDouble(i);
            flat.putScalar(i, orig + EPS);
            double plus = net.score(new DataSet(flat.reshape(x.shape()), y), true);
            flat.putScalar(i, orig - EPS);
            double minus = net.score(new DataSet(flat.reshape(x.shape()), y), true);
            flat.putScalar(i, orig);
            double numeric = (plus - minus) / (2 * EPS) * x.size(0);
            double backprop = analytic.reshape(analytic.length()).getDouble(i);
            largest = Math.max(largest, Math.abs(backprop));
            assertThat(Math.abs(backprop - numeric)).as("dL/dx[%d]: backprop %s, numeric %s", i, backprop, numeric)
                    .isLessThanOrEqualTo(MIN_ABS_ERROR + MAX_REL_ERROR * (Math.abs(numeric) + Math.abs(backprop)));
        }
        assertThat(largest).as("the sampled input gradients are not all zero").isGreaterThan(1e-6);
    }

    @Test
    void hardSpikeGradientsAreTheGoldenSurrogateOnesNotTheNumericalOnes() {
        NeuronConfig neuron = NeuronConfig.builder().learnTheta(true).thetaScope(Scope.NEURON).build();
        MultiLayerNetwork fused = SpikingFixtures.init(
                SpikingFixtures.denseConf(Engine.FUSED, neuron, DataType.DOUBLE, WorkspaceMode.ENABLED), null);
        SpikingFixtures.jitter(fused, 4);
        MultiLayerNetwork sameDiff = SpikingFixtures.init(
                SpikingFixtures.denseConf(Engine.SAMEDIFF, neuron, DataType.DOUBLE, WorkspaceMode.ENABLED),
                fused.params());
        INDArray x = SpikingFixtures.input(DataType.DOUBLE, 33, 4, SpikingFixtures.DENSE_IN, SpikingFixtures.DENSE_T);
        INDArray y = SpikingFixtures.labels(DataType.DOUBLE, 4);
        DataSet ds = new DataSet(x, y);

        Map<String, INDArray> golden = gradients(sameDiff, x, y);
        Map<String, INDArray> surrogate = gradients(fused, x, y);
        INDArray flatGradient = fused.gradient().gradient().dup();
        for (String name : surrogate.keySet()) {
            double scale = golden.get(name).amaxNumber().doubleValue();
            assertThat(scale).as("dL/d" + name + " is not all zero").isGreaterThan(0);
            assertThat(surrogate.get(name).sub(golden.get(name)).amaxNumber().doubleValue())
                    .as("dL/d" + name + ": fused vs SameDiff (golden equations)").isLessThanOrEqualTo(1e-9 * scale);
        }
        // Finite differences see a piecewise-constant loss: zero where the surrogate gradient is not.
        // The flat parameter and gradient vectors share one layout; perturb the entry with the largest gradient.
        INDArray params = fused.params();
        long offset = 0;
        for (Map.Entry<String, INDArray> e : fused.paramTable().entrySet()) {
            long n = e.getValue().length();
            if (List.of("1_W", "1_theta", "0_W").contains(e.getKey())) {
                INDArray g = flatGradient.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + n));
                long i = offset + Nd4j.argMax(Nd4j.math().abs(g.dup())).getLong(0);
                double orig = params.getDouble(i);
                params.putScalar(i, orig + EPS);
                double plus = fused.score(ds, true);
                params.putScalar(i, orig - EPS);
                double minus = fused.score(ds, true);
                params.putScalar(i, orig);
                assertThat((plus - minus) / (2 * EPS)).as("numerical gradient of %s at %d", e.getKey(), i)
                        .isEqualTo(0.0);
                assertThat(Math.abs(flatGradient.getDouble(i))).as("surrogate gradient of %s at %d", e.getKey(), i)
                        .isGreaterThan(1e-4);
            }
            offset += n;
        }
    }

    private static Map<String, INDArray> gradients(MultiLayerNetwork net, INDArray x, INDArray y) {
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Map<String, INDArray> m = new java.util.LinkedHashMap<>();
        net.gradient().gradientForVariable().forEach((k, v) -> m.put(k, v.dup()));
        return m;
    }
}
