package org.dl4j.snn.neuron.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Behaviour of {@link NeuronKernel} beyond the equations: CUBA vs lava-dl, threads, ND4J buffers, bad input. */
class NeuronKernelTest {

    @Test
    void cubaLifFollowsLavaDlCurrentThenVoltageEquations() {
        // lava-dl CUBA: I = (1 - cd) I + x; V = (1 - vd) V + I; spike when V >= theta; V reset to 0.
        double cd = 0.25;
        double vd = 0.03;
        double theta = 1.25;
        NeuronConfig cfg = NeuronConfig.builder().model(NeuronModel.CUBA_LIF).currentDecay(cd).tau(1 / vd)
                .theta(theta).build();
        assertThat(cfg.decayInput()).as("CUBA_LIF defaults to lava-dl's undecayed input").isFalse();
        Geometry shape = Geometry.recurrent(2, 3, 40);
        Random rng = new Random(7);
        double[] x = new double[shape.length()];
        for (int i = 0; i < x.length; i++) x[i] = 0.4 * rng.nextDouble() - 0.05;
        double[] out = new double[x.length];
        NeuronKernel.Trace tr = new NeuronKernel(cfg, 1).forward(shape, FlatArray.of(x), ParamValues.none(), null,
                FlatArray.of(out));
        int spikes = 0;
        for (int o = 0; o < shape.outer(); o++) {
            double current = 0;
            double v = 0;
            for (int t = 0; t < shape.steps(); t++) {
                int j = o * shape.steps() + t;
                current = (1 - cd) * current + x[j];
                v = (1 - vd) * v + current;
                assertThat(tr.membrane().get(j)).as("H at row %d step %d", o, t).isCloseTo(v,
                        org.assertj.core.data.Offset.offset(1e-12));
                double s = v >= theta ? 1 : 0;
                assertThat(out[j]).as("S at row %d step %d", o, t).isEqualTo(s);
                v = v * (1 - s);
                spikes += (int) s;
            }
            assertThat(tr.finalState().v()[o]).isCloseTo(v, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(tr.finalState().current()[o]).isCloseTo(current, org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(spikes).as("the fixture fires").isGreaterThan(5);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        NeuronConfig cfg = NeuronConfig.builder().learnTau(true).tauScope(Scope.CHANNEL).learnTheta(true)
                .v0Mode(V0Mode.LEARNABLE).reset(Reset.SOFT).build();
        // 8*16*20*16 = 40960 elements: above the kernel's parallel threshold.
        Geometry shape = new Geometry(8, 16, 20, 16);
        Inputs in = Inputs.of(cfg, shape, 3);
        double[] x = in.x();
        double[] g = in.g();
        ParamValues p = in.params();
        Engines.Result one = Engines.kernel(new NeuronKernel(cfg, 1), shape, x, p, g, false);
        Engines.Result three = Engines.kernel(new NeuronKernel(cfg, 3), shape, x, p, g, false);
        assertThat(three.out()).containsExactly(one.out());
        assertThat(three.gradX()).containsExactly(one.gradX());
        for (String name : one.paramGrads().keySet()) {
            assertThat(three.paramGrads().get(name)).as(name).containsExactly(one.paramGrads().get(name));
        }
        assertThat(three.finalState()).isEqualTo(one.finalState());
    }

    @Test
    void readsAndWritesNd4jBuffersIncludingOffsetViewsInBothPrecisions() {
        NeuronConfig cfg = NeuronConfig.builder().learnTheta(true).build();
        Geometry shape = new Geometry(2, 3, 4, 5);
        Inputs in = Inputs.of(cfg, shape, 11);
        double[] x = in.x();
        double[] g = in.g();
        ParamValues p = in.params();
        NeuronKernel kernel = new NeuronKernel(cfg, 1);
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Engines.Result ref = Engines.kernel(kernel, shape, x, p, g, dt == DataType.DOUBLE);
            int n = shape.length();
            // Row 1 of a [3, n] array: a view at offset n into a larger buffer.
            INDArray big = Nd4j.create(dt, 3, n);
            INDArray xa = big.get(NDArrayIndex.point(1), NDArrayIndex.all());
            xa.assign(Nd4j.create(x, new long[] {n}, 'c').castTo(dt));
            INDArray out = Nd4j.create(dt, 2, 3, 4, 5);
            INDArray gx = Nd4j.create(dt, n);
            NeuronKernel.Trace tr = kernel.forward(shape, FlatArray.of(xa), p, null, FlatArray.of(out));
            BpttGradients grads = kernel.backward(tr, FlatArray.of(Nd4j.create(g, new long[] {n}, 'c').castTo(dt)),
                    FlatArray.of(gx));
            assertThat(Engines.flat(out)).as(dt + " output through ND4J buffers").containsExactly(ref.out());
            assertThat(Engines.flat(gx)).as(dt + " dL/dx through ND4J buffers").containsExactly(ref.gradX());
            assertThat(grads.theta()).containsExactly(ref.paramGrads().get(LearnableParam.THETA));
            assertThat(big.getRow(0).sumNumber().doubleValue()).as("neighbouring rows untouched").isZero();
        }
    }

    @Test
    void aRecycledTraceGivesExactlyTheResultsOfAFreshOneAndReusesItsArrays() {
        NeuronConfig cfg = NeuronConfig.builder().learnTau(true).learnTheta(true).build();
        Geometry shape = new Geometry(4, 8, 12, 3);
        Inputs in = Inputs.of(cfg, shape, 5);
        double[] x = in.x();
        double[] g = in.g();
        ParamValues p = in.params();
        NeuronKernel kernel = new NeuronKernel(cfg, 2);
        int n = shape.length();
        float[] fx = new float[n];
        float[] fg = new float[n];
        for (int i = 0; i < n; i++) {
            fx[i] = (float) x[i];
            fg[i] = (float) g[i];
        }
        float[] outFresh = new float[n];
        float[] dxFresh = new float[n];
        NeuronKernel.Trace fresh = kernel.forward(shape, FlatArray.of(fx), p, null, FlatArray.of(outFresh), true);
        BpttGradients gFresh = kernel.backward(fresh, FlatArray.of(fg), FlatArray.of(dxFresh));
        // An earlier trace from other input (different spikes and potentials everywhere) is recycled.
        float[] other = new float[n];
        for (int i = 0; i < n; i++) other[i] = 3f - 2f * fx[i];
        NeuronKernel.Trace old = kernel.forward(shape, FlatArray.of(other), p, null, FlatArray.of(new float[n]), true);
        FlatArray oldH = old.membrane();
        State oldFinal = old.finalState();
        float[] out = new float[n];
        float[] dx = new float[n];
        NeuronKernel.Trace recycled = kernel.forward(shape, FlatArray.of(fx), p, null, FlatArray.of(out), true, old);
        BpttGradients grads = kernel.backward(recycled, FlatArray.of(fg), FlatArray.of(dx));
        assertThat(recycled.membrane()).as("H array reused").isSameAs(oldH);
        assertThat(recycled.finalState()).as("final state reused").isSameAs(oldFinal);
        assertThat(out).containsExactly(outFresh);
        assertThat(dx).containsExactly(dxFresh);
        assertThat(grads.tauW()).containsExactly(gFresh.tauW());
        assertThat(grads.theta()).containsExactly(gFresh.theta());
        assertThat(recycled.finalState().v()).containsExactly(fresh.finalState().v());
        // A trace of another size is not reused.
        Geometry smaller = new Geometry(2, 8, 12, 3);
        NeuronKernel.Trace small = kernel.forward(smaller, FlatArray.of(java.util.Arrays.copyOf(fx, smaller.length())),
                p, null, FlatArray.of(new float[smaller.length()]), true, recycled);
        assertThat(small.membrane()).isNotSameAs(oldH);
        assertThat(small.membrane().length()).isEqualTo(smaller.length());
    }

    @Test
    void rejectsNonContiguousOrIntegerNd4jArrays() {
        assertThatThrownBy(() -> FlatArray.of(Nd4j.create(DataType.FLOAT, 3, 4).transpose()))
                .hasMessageContaining("C-ordered and contiguous");
        assertThatThrownBy(() -> FlatArray.of(Nd4j.create(DataType.INT32, 4))).hasMessageContaining("INT");
    }

    @Test
    void inferenceKeepsNoTraceButTheFinalState() {
        NeuronKernel kernel = new NeuronKernel(NeuronConfig.builder().build(), 1);
        Geometry shape = Geometry.recurrent(1, 2, 3);
        double[] x = {1.5, 0.2, 2.5, 0.9, 0.9, 0.9};
        NeuronKernel.Trace tr = kernel.forward(shape, FlatArray.of(x), null, null, FlatArray.of(new double[6]),
                false);
        assertThat(tr.membrane()).isNull();
        // Row 0 (tau 2): H = 0.75 (no spike), H = 0.475, H = 1.4875 -> spike, V = 0.
        // Row 1: H = 0.45, 0.675, 0.7875 (no spikes).
        assertThat(tr.finalState().v()[0]).isZero();
        assertThat(tr.finalState().v()[1]).isCloseTo(0.7875, org.assertj.core.data.Offset.offset(1e-15));
        assertThatThrownBy(() -> kernel.backward(tr, FlatArray.of(new double[6]), FlatArray.of(new double[6])))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("training = false");
    }

    @Test
    void rejectsInputsOfTheWrongSizeNamingThem() {
        NeuronConfig cfg = NeuronConfig.builder().learnTheta(true).thetaScope(Scope.CHANNEL).build();
        NeuronKernel kernel = new NeuronKernel(cfg, 1);
        Geometry shape = Geometry.recurrent(2, 3, 4);
        FlatArray x = FlatArray.of(new double[24]);
        FlatArray out = FlatArray.of(new double[24]);
        ParamValues theta3 = new ParamValues(null, new double[] {1, 1, 1}, null);
        assertThatThrownBy(() -> kernel.forward(shape, FlatArray.of(new double[23]), theta3, null, out))
                .hasMessageContaining("x has 23 elements, expected 24");
        assertThatThrownBy(() -> kernel.forward(shape, x, new ParamValues(null, new double[] {1, 1}, null), null,
                out)).hasMessageContaining("\"theta\" must have 3 values (scope CHANNEL").hasMessageContaining("got 2");
        assertThatThrownBy(() -> kernel.forward(shape, x, ParamValues.none(), null, out))
                .hasMessageContaining("\"theta\" must have 3 values").hasMessageContaining("got none");
        assertThatThrownBy(() -> kernel.forward(shape, x, new ParamValues(new double[] {0}, new double[] {1, 1, 1},
                null), null, out)).hasMessageContaining("\"tauW\" was given but the config does not make it learnable");
        assertThatThrownBy(() -> kernel.forward(shape, x, theta3, State.zeros(5, false), out))
                .hasMessageContaining("initial state has 5 neurons, expected batch*channels*spatial = 6");
        assertThatThrownBy(() -> new NeuronKernel(cfg, 0)).hasMessageContaining("threads must be >= 1, got 0");
        NeuronKernel cuba = new NeuronKernel(NeuronConfig.builder().model(NeuronModel.CUBA_LIF).build(), 1);
        assertThatThrownBy(() -> cuba.forward(shape, x, null, State.zeros(6, false), out))
                .hasMessageContaining("synaptic current");
    }

    /** Random input currents, output gradients and parameters for {@code cfg} on {@code shape}, from one seed. */
    private record Inputs(double[] x, double[] g, ParamValues params) {
        static Inputs of(NeuronConfig cfg, Geometry shape, long seed) {
            Random rng = new Random(seed);
            double[] x = Variants.input(shape, rng);
            double[] g = Variants.gaussian(shape.length(), rng);
            return new Inputs(x, g, Variants.params(cfg, shape, rng));
        }
    }
}
