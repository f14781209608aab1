package org.dl4j.snn.neuron.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@link NeuronKernel} (hand-written BPTT) against {@link NeuronGraph} (SameDiff autodiff) in float64 on random
 * inputs, for every variant of {@link Variants}: hard spikes (surrogate gradients) and the smooth forward.
 */
class EngineParityTest {
    private static final double TOL = 1e-10;

    @TestFactory
    Stream<DynamicTest> kernelAndSameDiffGraphAgreeOnOutputsAndGradients() {
        return Variants.all().stream().flatMap(v -> Stream.of(
                DynamicTest.dynamicTest(v + " hard spikes", () -> compare(v, false)),
                DynamicTest.dynamicTest(v + " smooth forward", () -> compare(v, true))));
    }

    @org.junit.jupiter.api.Test
    void bothEnginesFireWhenThePotentialEqualsTheThresholdExactly() {
        // Heaviside(0) = 1 (SpikingJelly: (x >= 0)); IF with theta = 1 and H exactly 1.0, 0.5 and 1.5.
        NeuronConfig cfg = NeuronConfig.builder().model(NeuronModel.IF).build();
        Geometry shape = Geometry.recurrent(1, 3, 2);
        double[] x = {1.0, 0.0, 0.5, 0.25, 0.5, 1.0};
        double[] g = {1, 1, 1, 1, 1, 1};
        double[] expected = {1, 0, 0, 0, 0, 1};
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            assertThat(Engines.kernel(new NeuronKernel(cfg, 1), shape, x, ParamValues.none(), g,
                    dt == DataType.DOUBLE).out()).as("kernel " + dt).containsExactly(expected);
            assertThat(Engines.graph(cfg, shape, 1, 1, 3, x, ParamValues.none(), g, dt, false).out())
                    .as("SameDiff " + dt).containsExactly(expected);
        }
    }

    private static void compare(Variants.Variant v, boolean smooth) {
        Random rng = new Random(v.name().hashCode());
        Geometry shape = v.shape();
        double[] x = Variants.input(shape, rng);
        double[] g = Variants.gaussian(shape.length(), rng);
        ParamValues p = Variants.params(v.config(), shape, rng);
        NeuronKernel kernel = smooth ? NeuronKernel.smoothForGradientChecks(v.config(), 2)
                : new NeuronKernel(v.config(), 2);
        Engines.Result k = Engines.kernel(kernel, shape, x, p, g, true);
        Engines.Result s = Engines.graph(v.config(), shape, v.height(), v.width(), v.rank(), x, p, g,
                DataType.DOUBLE, smooth);
        if (v.config().spiking() && !smooth) {
            assertThat(k.out()).as("spikes").containsExactly(s.out());
            double rate = java.util.Arrays.stream(k.out()).average().orElse(0);
            assertThat(rate).as("firing rate of the fixture (both silent and firing neurons)").isBetween(0.05, 0.95);
        } else {
            assertClose("output", k.out(), s.out());
        }
        assertClose("dL/dx", k.gradX(), s.gradX());
        assertThat(k.paramGrads().keySet()).isEqualTo(s.paramGrads().keySet())
                .isEqualTo(p.asMap().keySet());
        for (Map.Entry<String, double[]> e : k.paramGrads().entrySet()) {
            assertClose("dL/d" + e.getKey(), e.getValue(), s.paramGrads().get(e.getKey()));
            assertThat(Engines.maxAbs(e.getValue(), new double[e.getValue().length]))
                    .as("dL/d" + e.getKey() + " is not all zero").isGreaterThan(1e-6);
        }
    }

    private static void assertClose(String what, double[] a, double[] b) {
        assertThat(a).as(what + " length").hasSameSizeAs(b);
        int bad = Engines.firstViolation(a, b, TOL, TOL);
        assertThat(bad).as(what + ": first mismatch at %d (%s vs %s), max abs %s", bad,
                bad >= 0 ? a[bad] : 0, bad >= 0 ? b[bad] : 0, Engines.maxAbs(a, b)).isEqualTo(-1);
    }
}
