package org.dl4j.snn.neuron.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Stream;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.dl4j.snn.surrogate.ATan;
import org.dl4j.snn.surrogate.Sigmoid;
import org.dl4j.snn.surrogate.Surrogate;
import org.dl4j.snn.testing.Golden;
import org.dl4j.snn.testing.Npy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every neuron case of the golden manifest (SpikingJelly reference) through {@link NeuronKernel} (float32 and
 * float64, dense and spatial layouts) and {@link NeuronGraph} (SameDiff): spikes exact; H and V to 1e-6 abs;
 * gradients to 1e-6 abs + 1e-5 rel (PLIF's dL/dw: 1e-5 rel). That is 10x tighter than golden/README.md suggests
 * (1e-5 / 1e-4): the measured errors are float32 rounding of the fixtures (about 1e-7 abs), and the margin keeps
 * a wrong equation from hiding inside the tolerance.
 */
class GoldenNeuronParityTest {
    private static final Logger log = LoggerFactory.getLogger(GoldenNeuronParityTest.class);
    private static final Golden GOLDEN = Golden.load();
    private static final Set<String> KERNEL_CASES_RUN = new ConcurrentSkipListSet<>();
    private static final Set<String> GRAPH_CASES_RUN = new ConcurrentSkipListSet<>();
    /** "case / engine" -> "quantity: max abs (max rel)", for the report. */
    private static final Map<String, List<String>> ERRORS = new TreeMap<>();

    private static final double ABS = 1e-6;
    private static final double REL = 1e-5;

    /** How a [T, N, D] golden array is laid out for the kernel. */
    enum Layout {
        /** [N, D, T]: channels C = D, spatial S = 1 (a dense layer). */
        DENSE,
        /** [N, 1, T, D]: C = 1, S = D (a conv layer's spatial positions; per-neuron params index c*S + i). */
        SPATIAL
    }

    /** A golden case as NeuronConfig + initial parameters, and the name of its learnable parameter file. */
    record Mapped(NeuronConfig config, ParamValues params, String paramFile, String paramName) {}

    static List<Golden.Case> neuronCases() {
        return GOLDEN.cases().stream().filter(c -> c.kind().equals("neuron")).toList();
    }

    /** Maps a manifest case to a config; an unknown model or surrogate is an error, never a skip. */
    static Mapped map(Golden.Case c) {
        String model = c.json().get("model").asText();
        JsonNode cfg = c.config();
        NeuronConfig.Builder b = NeuronConfig.builder();
        String surrogate = cfg.get("surrogate").asText();
        double alpha = cfg.get("alpha").asDouble();
        Surrogate sg = switch (surrogate) {
            case "atan" -> new ATan(alpha);
            case "sigmoid" -> new Sigmoid(alpha);
            default -> throw new AssertionError("case " + c.name() + ": unmapped surrogate " + surrogate);
        };
        b.surrogate(sg).theta(cfg.get("v_threshold").asDouble()).detachReset(cfg.get("detach_reset").asBoolean());
        JsonNode vReset = cfg.get("v_reset");
        if (vReset == null || vReset.isNull()) {
            b.reset(Reset.SOFT);
        } else {
            b.reset(Reset.HARD).vReset(vReset.asDouble());
        }
        if (!model.equals("if")) b.decayInput(cfg.get("decay_input").asBoolean());
        ParamValues params = ParamValues.none();
        String file = null;
        String pname = null;
        switch (model) {
            case "if" -> b.model(NeuronModel.IF);
            case "lif" -> b.model(NeuronModel.LIF).tau(cfg.get("tau").asDouble());
            case "plif" -> {
                b.model(NeuronModel.LIF).tau(cfg.get("init_tau").asDouble()).learnTau(true).tauScope(Scope.LAYER);
                params = new ParamValues(c.array("w_init").data(), null, null);
                file = "w";
                pname = LearnableParam.TAU_W;
            }
            case "lt_lif" -> {
                b.model(NeuronModel.LIF).tau(cfg.get("tau").asDouble()).learnTheta(true).thetaScope(Scope.NEURON);
                params = new ParamValues(null, c.array("theta_init").data(), null);
                file = "theta";
                pname = LearnableParam.THETA;
            }
            case "imp_lif" -> {
                b.model(NeuronModel.LIF).tau(cfg.get("tau").asDouble()).v0Mode(V0Mode.LEARNABLE)
                        .v0Scope(Scope.NEURON);
                params = new ParamValues(null, null, c.array("v0_init").data());
                file = "v0";
                pname = LearnableParam.V0;
            }
            default -> throw new AssertionError("case " + c.name() + ": unmapped neuron model " + model);
        }
        return new Mapped(b.build(), params, file, pname);
    }

    @Test
    void everyNeuronCaseOfTheManifestMapsToAConfig() {
        List<Golden.Case> cases = neuronCases();
        // The README's case table lists 11 neuron cases; a manifest with fewer means fixtures went missing.
        assertThat(cases).hasSizeGreaterThanOrEqualTo(11);
        for (Golden.Case c : cases) assertThat(map(c).config()).as(c.name()).isNotNull();
    }

    @TestFactory
    Stream<DynamicTest> kernelReproducesEveryGoldenCase() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Golden.Case c : neuronCases()) {
            for (boolean dbl : new boolean[] {false, true}) {
                for (Layout layout : Layout.values()) {
                    tests.add(DynamicTest.dynamicTest(c.name() + " " + (dbl ? "float64" : "float32") + " " + layout,
                            () -> checkKernel(c, dbl, layout)));
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> sameDiffGraphReproducesEveryGoldenCase() {
        return neuronCases().stream().map(c -> DynamicTest.dynamicTest(c.name() + " SameDiff float32",
                () -> checkGraph(c)));
    }

    @AfterAll
    static void everyManifestCaseRanOnBothEnginesAndReport() {
        StringBuilder sb = new StringBuilder("golden neuron parity, max errors:");
        synchronized (ERRORS) {
            ERRORS.forEach((k, v) -> sb.append("\n  ").append(k).append(": ").append(String.join(", ", v)));
        }
        log.info(sb.toString());
        int expected = neuronCases().size();
        assertThat(KERNEL_CASES_RUN).as("neuron cases run through the kernel").hasSize(expected);
        assertThat(GRAPH_CASES_RUN).as("neuron cases run through NeuronGraph").hasSize(expected);
    }

    // ---- kernel --------------------------------------------------------------------------------------------

    private static void checkKernel(Golden.Case c, boolean dbl, Layout layout) {
        Mapped m = map(c);
        long[] tnd = c.array("x_seq").shape();
        int steps = (int) tnd[0];
        int batch = (int) tnd[1];
        int d = (int) tnd[2];
        Geometry shape = layout == Layout.DENSE ? new Geometry(batch, d, steps, 1)
                : new Geometry(batch, 1, steps, d);
        double[] x = toKernel(c.array("x_seq"), layout);
        double[] g = toKernel(c.array("grad_s_seq"), layout);
        NeuronKernel kernel = new NeuronKernel(m.config(), 2);
        FlatArray xa = dbl ? FlatArray.of(x) : FlatArray.of(Engines.toFloats(x));
        FlatArray out = xa.allocateLike(x.length);
        FlatArray gx = xa.allocateLike(x.length);
        NeuronKernel.Trace tr = kernel.forward(shape, xa, m.params(), null, out);
        BpttGradients grads = kernel.backward(tr, dbl ? FlatArray.of(g) : FlatArray.of(Engines.toFloats(g)), gx);

        String engine = "kernel " + (dbl ? "f64 " : "f32 ") + layout;
        List<String> errs = new ArrayList<>();
        assertExact(c, engine, "s_seq", out.toDoubleArray(), toKernel(c.array("s_seq"), layout));
        assertClose(c, engine, errs, "h_seq", tr.membrane().toDoubleArray(), toKernel(c.array("h_seq"), layout),
                ABS, 0);
        assertClose(c, engine, errs, "v_seq", stepByStepPotential(kernel, shape, xa, m.params(), layout, dbl),
                toKernel(c.array("v_seq"), layout), ABS, 0);
        assertClose(c, engine, errs, "grad_x_seq", gx.toDoubleArray(), toKernel(c.array("grad_x_seq"), layout),
                ABS, REL);
        checkParamGrad(c, m, engine, errs, grads.asMap());
        record(c, engine, errs);
        KERNEL_CASES_RUN.add(c.name());
    }

    /**
     * V[t] for every t, read from the kernel's final state after running one step at a time with the state
     * carried over (this is also the streaming path of rnnTimeStep); laid out like the other kernel arrays.
     */
    private static double[] stepByStepPotential(NeuronKernel kernel, Geometry shape, FlatArray x,
                                                ParamValues params, Layout layout, boolean dbl) {
        int steps = shape.steps();
        int inner = shape.inner();
        int outer = shape.outer();
        Geometry one = new Geometry(shape.batch(), shape.channels(), 1, inner);
        double[] xs = x.toDoubleArray();
        double[] v = new double[xs.length];
        State state = null;
        for (int t = 0; t < steps; t++) {
            double[] xt = new double[outer * inner];
            for (int o = 0; o < outer; o++) System.arraycopy(xs, (o * steps + t) * inner, xt, o * inner, inner);
            FlatArray xa = dbl ? FlatArray.of(xt) : FlatArray.of(Engines.toFloats(xt));
            NeuronKernel.Trace tr = kernel.forward(one, xa, params, state, xa.allocateLike(xt.length), false);
            state = tr.finalState();
            for (int o = 0; o < outer; o++) System.arraycopy(state.v(), o * inner, v, (o * steps + t) * inner, inner);
        }
        return v;
    }

    // ---- SameDiff graph ------------------------------------------------------------------------------------

    private static void checkGraph(Golden.Case c) {
        Mapped m = map(c);
        long[] tnd = c.array("x_seq").shape();
        Geometry shape = new Geometry((int) tnd[1], (int) tnd[2], (int) tnd[0], 1);
        double[] x = toKernel(c.array("x_seq"), Layout.DENSE);
        double[] g = toKernel(c.array("grad_s_seq"), Layout.DENSE);
        Engines.Result r = Engines.graph(m.config(), shape, 1, 1, 3, x, m.params(), g, DataType.FLOAT, false);
        String engine = "SameDiff f32";
        List<String> errs = new ArrayList<>();
        assertExact(c, engine, "s_seq", r.out(), toKernel(c.array("s_seq"), Layout.DENSE));
        assertClose(c, engine, errs, "grad_x_seq", r.gradX(), toKernel(c.array("grad_x_seq"), Layout.DENSE), ABS, REL);
        checkParamGrad(c, m, engine, errs, r.paramGrads());
        record(c, engine, errs);
        GRAPH_CASES_RUN.add(c.name());
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static void checkParamGrad(Golden.Case c, Mapped m, String engine, List<String> errs,
                                       Map<String, double[]> grads) {
        if (m.paramFile() == null) {
            assertThat(grads).as(c.name() + " " + engine + ": no learnable parameter, no gradient").isEmpty();
            return;
        }
        double[] ref = c.array("grad_" + m.paramFile()).data();
        double[] got = grads.get(m.paramName());
        assertThat(got).as(c.name() + " " + engine + " gradient of " + m.paramName()).isNotNull().hasSize(ref.length);
        boolean plifW = m.paramName().equals(LearnableParam.TAU_W);
        // PLIF's w gathers T*N*D terms: relative tolerance only, as the README suggests (README: 1e-4).
        assertClose(c, engine, errs, "grad_" + m.paramFile(), got, ref, plifW ? 0 : ABS, REL);
    }

    private static void assertExact(Golden.Case c, String engine, String what, double[] got, double[] ref) {
        int bad = Engines.firstViolation(got, ref, 0, 0);
        if (bad >= 0) {
            fail(c.name() + " " + engine + " " + what + ": element " + bad + " is " + got[bad] + ", expected "
                    + ref[bad]);
        }
    }

    private static void assertClose(Golden.Case c, String engine, List<String> errs, String what, double[] got,
                                    double[] ref, double abs, double rel) {
        double maxAbs = Engines.maxAbs(got, ref);
        double maxRel = Engines.maxRel(got, ref, 1e-3);
        errs.add(String.format("%s %.1e (rel %.1e)", what, maxAbs, maxRel));
        int bad = Engines.firstViolation(got, ref, abs, rel);
        if (bad >= 0) {
            fail(c.name() + " " + engine + " " + what + ": element " + bad + " is " + got[bad] + ", expected "
                    + ref[bad] + " (abs " + abs + " + rel " + rel + "); max abs error " + maxAbs);
        }
    }

    private static void record(Golden.Case c, String engine, List<String> errs) {
        synchronized (ERRORS) {
            ERRORS.put(c.name() + " / " + engine, errs);
        }
    }

    /** [T, N, D] time-major golden array -> the kernel's flat layout for {@code layout}. */
    static double[] toKernel(Npy.Array a, Layout layout) {
        long[] s = a.shape();
        int steps = (int) s[0];
        int batch = (int) s[1];
        int d = (int) s[2];
        double[] out = new double[a.length()];
        for (int t = 0; t < steps; t++) {
            for (int n = 0; n < batch; n++) {
                for (int k = 0; k < d; k++) {
                    double v = a.data()[(t * batch + n) * d + k];
                    int idx = layout == Layout.DENSE ? (n * d + k) * steps + t : (n * steps + t) * d + k;
                    out[idx] = v;
                }
            }
        }
        return out;
    }
}
