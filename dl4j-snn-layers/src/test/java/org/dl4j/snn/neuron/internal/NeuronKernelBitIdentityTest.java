package org.dl4j.snn.neuron.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.dl4j.snn.surrogate.ATan;
import org.dl4j.snn.surrogate.Sigmoid;
import org.dl4j.snn.surrogate.Surrogate;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The optimised {@link NeuronKernel} must give exactly the results of the kernel before the speed work
 * ({@link ReferenceNeuronKernel}): every output, stored H, final state and gradient equal bit for bit, over all
 * models, resets, scopes and modes, the fast path's block layouts (one row per block, inner = 1) and the general
 * one, float32 heap and ND4J storage and float64, on 1 and 2 threads, with the fast path on the Vector API
 * ({@link VectorLanes}) and scalar.
 */
class NeuronKernelBitIdentityTest {

    /** (batch, channels, T, spatial): inner 1, 7, 64, 289, 1156; T 1, 10, 100; some above the parallel threshold. */
    private static final int[][] SHAPES = {
            {3, 5, 10, 1}, {16, 32, 100, 1}, {1, 1, 100, 1}, {4, 64, 10, 1}, {2, 3, 1, 7}, {2, 4, 100, 7},
            {2, 2, 10, 64}, {1, 3, 10, 289}, {3, 1, 10, 289}, {2, 2, 10, 1156}, {1, 2, 1, 1156}, {2, 64, 1, 1},
    };

    private enum Storage { HEAP32, ND4J32, HEAP64 }

    private final List<String> mismatches = new ArrayList<>();
    private int runs;

    @Test
    void theFastPathRunsOnTheVectorApiInThisBuild() {
        // The tests' JVM runs with --add-modules jdk.incubator.vector (root pom's test.argLine); without it every
        // comparison below would run the scalar loops only.
        assertThat(Simd.unavailable()).isNull();
        assertThat(Simd.available()).isTrue();
    }

    @Test
    void theVectorLanesAreAsWideAsThisTestRunAsks() {
        // The build runs this class twice: as is, and with the JIT limited to AVX2 (surefire execution avx2-lanes,
        // -Dsnn.test.vectorBits=256), where the steps take 4 double lanes and unpack spike bytes from ints.
        int bits = VectorLanes.width() * Double.SIZE;
        assertThat(bits).isEqualTo(Integer.getInteger("snn.test.vectorBits", bits));
    }

    @Test
    void namedConfigurationsMatchTheReferenceBitForBit() {
        Random rnd = new Random(7);
        for (int[] s : SHAPES) {
            Geometry shape = new Geometry(s[0], s[1], s[2], s[3]);
            for (NeuronConfig cfg : named()) {
                for (Storage st : Storage.values()) compare(cfg, shape, st, rnd, false);
            }
        }
        assertThat(runs).isGreaterThan(500);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void randomConfigurationsMatchTheReferenceBitForBit() {
        Random rnd = new Random(11);
        for (int[] s : SHAPES) {
            Geometry shape = new Geometry(s[0], s[1], s[2], s[3]);
            for (int n = 0; n < 8; n++) {
                NeuronConfig cfg = randomConfig(rnd);
                compare(cfg, shape, Storage.values()[rnd.nextInt(3)], rnd, false);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void smoothGradientCheckModeMatchesTheReference() {
        Random rnd = new Random(13);
        for (int[] s : new int[][] {{3, 5, 10, 1}, {1, 3, 10, 289}}) {
            Geometry shape = new Geometry(s[0], s[1], s[2], s[3]);
            for (NeuronConfig cfg : named()) compare(cfg, shape, Storage.HEAP64, rnd, true);
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void inferenceForwardMatchesTheReference() {
        Random rnd = new Random(17);
        for (int[] s : SHAPES) {
            Geometry shape = new Geometry(s[0], s[1], s[2], s[3]);
            for (NeuronConfig cfg : named()) {
                ParamValues p = randomParams(cfg, shape, rnd);
                double[] x = randomInput(shape.length(), rnd);
                FlatArray xr = FlatArray.of(Engines.toFloats(x));
                FlatArray or = xr.allocateLike(x.length);
                FlatArray on = xr.allocateLike(x.length);
                ReferenceNeuronKernel.Trace tr = new ReferenceNeuronKernel(cfg, 2).forward(shape, xr, p, null, or,
                        false);
                NeuronKernel.Trace tn = new NeuronKernel(cfg, 2).forward(shape, xr, p, null, on, false);
                String what = cfg + " " + shape + " inference";
                same(what, "out", or.toDoubleArray(), on.toDoubleArray());
                same(what, "final V", tr.finalState().v(), tn.finalState().v());
                assertThat(tn.isTraining()).isFalse();
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** Named configurations: the PLIF variants of the benchmarks first, then every model, reset and scope. */
    private static List<NeuronConfig> named() {
        List<NeuronConfig> c = new ArrayList<>();
        Surrogate atan = new ATan(2);
        Surrogate sig = new Sigmoid(4);
        for (boolean detach : new boolean[] {false, true}) {
            for (Reset reset : Reset.values()) {
                c.add(NeuronConfig.builder().learnTau(true).reset(reset).detachReset(detach).surrogate(atan).build());
            }
        }
        c.add(NeuronConfig.builder().learnTau(true).decayInput(false).surrogate(sig).build());
        c.add(NeuronConfig.builder().learnTau(true).tauScope(Scope.CHANNEL).learnTheta(true)
                .thetaScope(Scope.CHANNEL).v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.CHANNEL).build());
        c.add(NeuronConfig.builder().learnTau(true).tauScope(Scope.NEURON).reset(Reset.SOFT).build());
        c.add(NeuronConfig.builder().learnTheta(true).thetaScope(Scope.NEURON).vReset(-0.2).tau(3).build());
        c.add(NeuronConfig.builder().learnTheta(true).thetaScope(Scope.LAYER).reset(Reset.SOFT).surrogate(sig)
                .v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.NEURON).v0Range(0.1).build());
        c.add(NeuronConfig.builder().model(NeuronModel.IF).v0Mode(V0Mode.FIXED).v0(0.3).build());
        c.add(NeuronConfig.builder().model(NeuronModel.IF).reset(Reset.SOFT).detachReset(true).surrogate(sig)
                .learnTheta(true).thetaScope(Scope.CHANNEL).build());
        c.add(NeuronConfig.builder().model(NeuronModel.CUBA_LIF).learnTau(true).tau(3).learnTheta(true).build());
        c.add(NeuronConfig.builder().model(NeuronModel.CUBA_LIF).reset(Reset.SOFT).decayInput(true)
                .v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.LAYER).build());
        c.add(NeuronConfig.builder().spiking(false).learnTau(true).v0Mode(V0Mode.LEARNABLE).build());
        c.add(NeuronConfig.builder().model(NeuronModel.CUBA_LIF).spiking(false).build());
        return c;
    }

    private static NeuronConfig randomConfig(Random r) {
        NeuronConfig.Builder b = NeuronConfig.builder();
        int model = r.nextInt(4);
        b.model(model == 0 ? NeuronModel.IF : model == 3 ? NeuronModel.CUBA_LIF : NeuronModel.LIF);
        boolean spiking = r.nextInt(10) > 0;
        b.spiking(spiking);
        Reset reset = r.nextBoolean() ? Reset.HARD : Reset.SOFT;
        b.reset(reset);
        if (reset == Reset.HARD && r.nextInt(3) == 0) b.vReset(-0.25);
        if (model != 0) {
            b.tau(r.nextBoolean() ? 2 : 3.5).decayInput(r.nextBoolean());
            if (model == 3) b.currentDecay(r.nextDouble());
            if (r.nextBoolean()) b.learnTau(true).tauScope(Scope.values()[r.nextInt(3)]);
        }
        if (spiking) {
            b.detachReset(r.nextBoolean()).surrogate(r.nextBoolean() ? new ATan(2) : new Sigmoid(4));
            b.theta(r.nextBoolean() ? 1 : 0.8);
            if (r.nextBoolean()) b.learnTheta(true).thetaScope(Scope.values()[r.nextInt(3)]);
        }
        int v0 = r.nextInt(3);
        if (v0 == 1) b.v0Mode(V0Mode.FIXED).v0(0.4);
        if (v0 == 2) b.v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.values()[r.nextInt(3)]);
        return b.build();
    }

    /** Runs forward + backward through both kernels on identical copies of the inputs and compares everything. */
    private void compare(NeuronConfig cfg, Geometry shape, Storage st, Random rnd, boolean smooth) {
        int n = shape.length();
        int sl = shape.stateLength();
        boolean cuba = cfg.model() == NeuronModel.CUBA_LIF;
        ParamValues p = randomParams(cfg, shape, rnd);
        double[] x = randomInput(n, rnd);
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = rnd.nextGaussian();
        State initial = rnd.nextInt(3) == 0 ? randomState(sl, cuba, rnd) : null;
        State gradFinal = rnd.nextInt(3) == 0 ? randomState(sl, cuba, rnd) : null;
        IntFunction<FlatArray> zeros = len -> switch (st) {
            case HEAP32 -> FlatArray.of(new float[len]);
            case ND4J32 -> FlatArray.of(Nd4j.zeros(DataType.FLOAT, len));
            case HEAP64 -> FlatArray.of(new double[len]);
        };
        for (int threads : shape.length() >= (1 << 15) ? new int[] {1, 2} : new int[] {1}) {
            for (boolean vector : smooth ? new boolean[] {false} : new boolean[] {true, false}) {
                runs++;
                ReferenceNeuronKernel ref = smooth ? ReferenceNeuronKernel.smoothForGradientChecks(cfg, threads)
                        : new ReferenceNeuronKernel(cfg, threads);
                NeuronKernel now = smooth ? NeuronKernel.smoothForGradientChecks(cfg, threads)
                        : NeuronKernel.withVectors(cfg, threads, vector);
                String what = cfg + " " + shape + " " + st + " threads " + threads + (smooth ? " smooth" : "")
                        + (vector ? " vector" : " scalar") + (initial != null ? " +initial" : "")
                        + (gradFinal != null ? " +gradFinal" : "");
                compareKernels(what, ref, now, shape, zeros, zeros, zeros, x, g, p, initial, gradFinal);
            }
        }
    }

    @Test
    void warmUpCallsWithOneBlockInSixteenOnVectorsMatchTheReference() {
        // During a JVM's first calls most blocks take the scalar loops (Simd.WarmUp); the first call of each kernel
        // below is such a call, the second is not. Shapes with more than 16 blocks, conv-like and dense (time-major).
        Random rnd = new Random(23);
        IntFunction<FlatArray> f32 = len -> FlatArray.of(new float[len]);
        for (int[] s : new int[][] {{16, 32, 10, 1}, {16, 64, 10, 1}, {4, 16, 10, 289}, {2, 20, 3, 1156}}) {
            Geometry shape = new Geometry(s[0], s[1], s[2], s[3]);
            for (NeuronConfig cfg : named()) {
                NeuronKernel warm = NeuronKernel.withWarmUp(cfg, 2, 1);
                for (int call = 0; call < 2; call++) {
                    ParamValues p = randomParams(cfg, shape, rnd);
                    double[] x = randomInput(shape.length(), rnd);
                    double[] g = new double[shape.length()];
                    for (int i = 0; i < g.length; i++) g[i] = rnd.nextGaussian();
                    compareKernels(cfg + " " + shape + (call == 0 ? " warm-up call" : " after warm-up"),
                            new ReferenceNeuronKernel(cfg, 2), warm, shape, f32, f32, f32, x, g, p, null, null);
                    runs++;
                }
            }
        }
        assertThat(runs).isGreaterThan(50);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void mixedPrecisionsMatchTheReference() {
        // Dense layers' blocks keep H and S time-major when input and output are float32 (SIMD fast path); a float64
        // output, or float64 gradients on such a trace, must still give the reference's numbers.
        Random rnd = new Random(19);
        IntFunction<FlatArray> f32 = len -> FlatArray.of(new float[len]);
        IntFunction<FlatArray> f64 = len -> FlatArray.of(new double[len]);
        for (int[] s : new int[][] {{3, 5, 10, 1}, {16, 32, 100, 1}, {2, 3, 1, 7}, {1, 2, 1, 1156}}) {
            Geometry shape = new Geometry(s[0], s[1], s[2], s[3]);
            for (NeuronConfig cfg : named()) {
                ParamValues p = randomParams(cfg, shape, rnd);
                double[] x = randomInput(shape.length(), rnd);
                double[] g = new double[shape.length()];
                for (int i = 0; i < g.length; i++) g[i] = rnd.nextGaussian();
                for (boolean outDouble : new boolean[] {false, true}) {
                    String what = cfg + " " + shape + " x f32, out " + (outDouble ? "f64" : "f32") + ", gradients "
                            + (outDouble ? "f32" : "f64");
                    compareKernels(what, new ReferenceNeuronKernel(cfg, 2), NeuronKernel.withVectors(cfg, 2, true),
                            shape, f32, outDouble ? f64 : f32, outDouble ? f32 : f64, x, g, p, null, null);
                    runs++;
                }
            }
        }
        assertThat(runs).isGreaterThan(100);
        assertThat(mismatches).isEmpty();
    }

    private void compareKernels(String what, ReferenceNeuronKernel ref, NeuronKernel now, Geometry shape,
                                IntFunction<FlatArray> inputs, IntFunction<FlatArray> outputs,
                                IntFunction<FlatArray> gradients, double[] x, double[] g, ParamValues p,
                                State initial, State gradFinal) {
        int n = shape.length();
        FlatArray xr = filled(inputs.apply(n), x);
        FlatArray xn = filled(inputs.apply(n), x);
        FlatArray outR = outputs.apply(n);
        FlatArray outN = outputs.apply(n);
        ReferenceNeuronKernel.Trace tr = ref.forward(shape, xr, p, initial, outR);
        NeuronKernel.Trace tn = now.forward(shape, xn, p, initial, outN);
        FlatArray gxR = gradients.apply(n);
        FlatArray gxN = gradients.apply(n);
        BpttGradients gr = ref.backward(tr, filled(gradients.apply(n), g), gxR, gradFinal);
        BpttGradients gn = now.backward(tn, filled(gradients.apply(n), g), gxN, gradFinal);
        same(what, "out", outR.toDoubleArray(), outN.toDoubleArray());
        same(what, "H", tr.membrane().toDoubleArray(), tn.membrane().toDoubleArray());
        same(what, "final V", tr.finalState().v(), tn.finalState().v());
        same(what, "final I", tr.finalState().current(), tn.finalState().current());
        same(what, "gradX", gxR.toDoubleArray(), gxN.toDoubleArray());
        same(what, "dTauW", gr.tauW(), gn.tauW());
        same(what, "dTheta", gr.theta(), gn.theta());
        same(what, "dV0", gr.v0(), gn.v0());
        same(what, "dV[-1]", gr.initialState() == null ? null : gr.initialState().v(),
                gn.initialState() == null ? null : gn.initialState().v());
        same(what, "dI[-1]", gr.initialState() == null ? null : gr.initialState().current(),
                gn.initialState() == null ? null : gn.initialState().current());
    }

    /** Records a mismatch unless a and b hold the same doubles bit for bit (float32 widens exactly). */
    private void same(String what, String field, double[] a, double[] b) {
        if (a == null || b == null) {
            if (a != b) mismatches.add(what + ": " + field + " present in only one kernel");
            return;
        }
        if (a.length != b.length) {
            mismatches.add(what + ": " + field + " lengths " + a.length + " vs " + b.length);
            return;
        }
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                mismatches.add(what + ": " + field + "[" + i + "] reference " + a[i] + " vs optimised " + b[i]);
                return;
            }
        }
    }

    private static FlatArray filled(FlatArray a, double[] v) {
        a.write(0, v, 0, v.length);
        return a;
    }

    /** Inputs around the threshold so that roughly a fifth of the neuron-steps fire; a few exact zeros. */
    private static double[] randomInput(int n, Random rnd) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rnd.nextInt(50) == 0 ? 0 : 0.4 + 0.9 * rnd.nextGaussian();
        return x;
    }

    private static State randomState(int len, boolean cuba, Random rnd) {
        double[] v = new double[len];
        double[] c = cuba ? new double[len] : null;
        for (int i = 0; i < len; i++) {
            v[i] = rnd.nextGaussian() * 0.5;
            if (cuba) c[i] = rnd.nextGaussian() * 0.5;
        }
        return new State(v, c);
    }

    private static ParamValues randomParams(NeuronConfig cfg, Geometry shape, Random rnd) {
        double[] tauW = null;
        double[] theta = null;
        double[] v0 = null;
        for (LearnableParam np : LearnableParam.of(cfg)) {
            double[] v = np.initialValues(shape.channels(), shape.spatial(), rnd);
            for (int i = 0; i < v.length; i++) v[i] += 0.2 * rnd.nextGaussian();
            switch (np.name()) {
                case LearnableParam.TAU_W -> tauW = v;
                case LearnableParam.THETA -> theta = v;
                default -> v0 = v;
            }
        }
        return new ParamValues(tauW, theta, v0);
    }
}
