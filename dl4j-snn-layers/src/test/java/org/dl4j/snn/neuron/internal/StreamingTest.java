package org.dl4j.snn.neuron.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Streaming (rnnTimeStep) and truncated BPTT: T steps run as two chunks with the state carried over equal one
 * run of T steps, forward exactly and backward (with the next chunk's initial-state gradient fed back) to 1e-12.
 */
class StreamingTest {

    @TestFactory
    Stream<DynamicTest> twoChunksWithCarriedStateEqualOneRun() {
        return Variants.all().stream().map(v -> DynamicTest.dynamicTest(v.toString(), () -> check(v)));
    }

    private static void check(Variants.Variant v) {
        Random rng = new Random(v.name().hashCode() ^ 0x5eed);
        Geometry full = v.shape();
        int steps = full.steps();
        int t1 = steps / 2;
        Geometry s1 = new Geometry(full.batch(), full.channels(), t1, full.spatial());
        Geometry s2 = new Geometry(full.batch(), full.channels(), steps - t1, full.spatial());
        double[] x = Variants.input(full, rng);
        double[] g = Variants.gaussian(full.length(), rng);
        ParamValues p = Variants.params(v.config(), full, rng);
        NeuronKernel kernel = new NeuronKernel(v.config(), 2);

        FlatArray outFull = FlatArray.of(new double[full.length()]);
        FlatArray gxFull = FlatArray.of(new double[full.length()]);
        NeuronKernel.Trace trFull = kernel.forward(full, FlatArray.of(x), p, null, outFull);
        BpttGradients gFull = kernel.backward(trFull, FlatArray.of(g), gxFull);

        FlatArray out1 = FlatArray.of(new double[s1.length()]);
        FlatArray out2 = FlatArray.of(new double[s2.length()]);
        NeuronKernel.Trace tr1 = kernel.forward(s1, FlatArray.of(split(x, full, 0, t1)), p, null, out1);
        NeuronKernel.Trace tr2 = kernel.forward(s2, FlatArray.of(split(x, full, t1, steps)), p, tr1.finalState(),
                out2);
        assertThat(join(out1.toDoubleArray(), out2.toDoubleArray(), full, t1)).as("outputs")
                .containsExactly(outFull.toDoubleArray());
        assertThat(tr2.finalState()).as("final state").isEqualTo(trFull.finalState());

        FlatArray gx1 = FlatArray.of(new double[s1.length()]);
        FlatArray gx2 = FlatArray.of(new double[s2.length()]);
        BpttGradients g2 = kernel.backward(tr2, FlatArray.of(split(g, full, t1, steps)), gx2);
        assertThat(g2.initialState()).as("chunk 2 started from a state").isNotNull();
        assertThat(g2.v0()).as("chunk 2 does not start from v0").isNull();
        BpttGradients g1 = kernel.backward(tr1, FlatArray.of(split(g, full, 0, t1)), gx1, g2.initialState());
        assertClose("dL/dx", join(gx1.toDoubleArray(), gx2.toDoubleArray(), full, t1), gxFull.toDoubleArray());
        for (Map.Entry<String, double[]> e : gFull.asMap().entrySet()) {
            double[] a = g1.asMap().get(e.getKey());
            double[] b = g2.asMap().get(e.getKey());
            double[] sum = a.clone();
            if (b != null) for (int i = 0; i < sum.length; i++) sum[i] += b[i];
            assertClose("dL/d" + e.getKey(), sum, e.getValue());
        }
    }

    /** Steps [from, to) of a flat [outer, T, inner] array. */
    static double[] split(double[] a, Geometry s, int from, int to) {
        int inner = s.inner();
        int len = (to - from) * inner;
        double[] out = new double[s.outer() * len];
        for (int o = 0; o < s.outer(); o++) {
            System.arraycopy(a, (o * s.steps() + from) * inner, out, o * len, len);
        }
        return out;
    }

    /** Inverse of two {@link #split}s at step {@code t1}. */
    static double[] join(double[] a, double[] b, Geometry s, int t1) {
        int inner = s.inner();
        int la = t1 * inner;
        int lb = (s.steps() - t1) * inner;
        double[] out = new double[s.length()];
        for (int o = 0; o < s.outer(); o++) {
            System.arraycopy(a, o * la, out, o * (la + lb), la);
            System.arraycopy(b, o * lb, out, o * (la + lb) + la, lb);
        }
        return out;
    }

    private static void assertClose(String what, double[] a, double[] b) {
        assertThat(Engines.firstViolation(a, b, 1e-12, 1e-12)).as(what + ", max abs error " + Engines.maxAbs(a, b))
                .isEqualTo(-1);
    }
}
