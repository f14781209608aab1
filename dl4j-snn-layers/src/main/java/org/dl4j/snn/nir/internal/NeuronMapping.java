package org.dl4j.snn.nir.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.internal.LearnableParam;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.dl4j.snn.nir.NirArray;
import org.dl4j.snn.nir.NirException;
import org.dl4j.snn.nir.NirNode;

/**
 * NIR neuron nodes and the library's {@link NeuronConfig}, both ways, with the conventions of SpikingJelly's NIR
 * bridge (dt given by the user; tau in seconds; tau_steps = float32(tau / dt), rounded once):
 * <pre>
 *   IF       r = 1/dt (SpikingJelly) or r = 1 (Sinabs, Norse): H = V + X
 *   LIF      r = 1: H = V + (X - (V - v_reset))/tau_steps (decayInput);  r = tau/dt: H = V - (V - v_reset)/tau_steps + X
 *            v_leak must equal v_reset (the leak decays towards the reset potential)
 *   LI       as LIF without fire and reset (non-spiking), v_leak = rest potential
 *   CubaLIF  forward Euler: I = (1 - dt/tau_syn) I + X (needs w_in = tau_syn/dt), then LIF on I with tau_mem
 *   Threshold  a memoryless spike S = (X &gt;= threshold): LIF with tau_steps = 1
 * </pre>
 * Non-uniform thresholds become a per-neuron "theta" parameter and non-uniform time constants a per-neuron
 * "tauW" (1/tau = sigmoid(w)); everything else must be uniform over the node.
 */
public final class NeuronMapping {
    /** Relative tolerance for "r equals 1/dt" and the like (values come through float32 and float64 files). */
    static final double REL_TOL = 1e-6;

    private NeuronMapping() {
    }

    /** A neuron node mapped to a config, with per-neuron parameter values (NEURON scope) where not uniform. */
    public record Mapped(NeuronConfig config, Map<String, double[]> params) {
    }

    public static boolean isNeuron(String type) {
        return switch (type) {
            case "IF", "LIF", "LI", "CubaLIF", "Threshold" -> true;
            default -> false;
        };
    }

    /** Whether the node's output is spikes (LI is not). */
    public static boolean isSpiking(String type) {
        return isNeuron(type) && !type.equals("LI");
    }

    /**
     * The config of neuron node {@code node} with {@code n} neurons at time step {@code dt} seconds.
     *
     * @throws NirException naming the node and the field that cannot be mapped
     */
    public static Mapped fromNir(NirNode node, int n, double dt, String src) {
        Fields f = new Fields(node, n, src);
        Map<String, double[]> params = new LinkedHashMap<>();
        NeuronConfig.Builder b = NeuronConfig.builder();
        switch (node.type()) {
            case "IF" -> {
                b.model(NeuronModel.IF);
                double r = f.uniform("r", null);
                if (!close(r, 1 / dt) && !close(r, 1)) {
                    throw f.error("r = " + r + " is neither 1/dt = " + (1 / dt) + " (SpikingJelly) nor 1 (Sinabs, "
                            + "Norse); both mean H = V + X, other gains are not supported (dt = " + dt + " s)");
                }
                spikeFields(f, b, params, n);
            }
            case "LIF", "LI" -> {
                boolean spiking = node.type().equals("LIF");
                double[] tau = f.values("tau", null);
                float[] steps = tauSteps(f, tau, dt, "tau");
                double[] r = f.values("r", null);
                b.model(NeuronModel.LIF).decayInput(decayInput(f, r, steps, "tau"));
                double vLeak = f.uniform("v_leak", 0.0);
                tau(f, b, params, steps);
                if (spiking) {
                    double vReset = spikeFields(f, b, params, n);
                    if (Double.compare(vLeak, vReset) != 0) {
                        throw f.error("v_leak = " + vLeak + " differs from v_reset = " + vReset + "; the library's LIF"
                                + " leaks towards its reset potential, so they must be equal");
                    }
                } else {
                    b.spiking(false).vReset(vLeak);
                }
            }
            case "CubaLIF" -> {
                double tauSyn = f.uniform("tau_syn", null);
                double wIn = f.uniform("w_in", 1.0);
                if (!(tauSyn >= dt)) {
                    throw f.error("tau_syn = " + tauSyn + " s is below dt = " + dt + " s (the current decay 1 - dt/tau_syn"
                            + " must lie in [0, 1))");
                }
                if (!close(wIn * dt / tauSyn, 1)) {
                    throw f.error("w_in = " + wIn + " gives the input gain w_in*dt/tau_syn = " + (wIn * dt / tauSyn)
                            + "; only w_in = tau_syn/dt = " + (tauSyn / dt) + " (I = c*I + X, snnTorch / forward Euler)"
                            + " is supported");
                }
                double[] tauMem = f.values("tau_mem", null);
                float[] steps = tauSteps(f, tauMem, dt, "tau_mem");
                double[] r = f.values("r", null);
                b.model(NeuronModel.CUBA_LIF).currentDecay((float) (dt / tauSyn))
                        .decayInput(decayInput(f, r, steps, "tau_mem"));
                double vLeak = f.uniform("v_leak", 0.0);
                tau(f, b, params, steps);
                double vReset = spikeFields(f, b, params, n);
                if (Double.compare(vLeak, vReset) != 0) {
                    throw f.error("v_leak = " + vLeak + " differs from v_reset = " + vReset + " (must be equal)");
                }
            }
            case "Threshold" -> {
                b.model(NeuronModel.LIF).tau(1).decayInput(true).vReset(0);
                double[] th = f.values("threshold", null);
                for (double t : th) {
                    if (!(t > 0)) {
                        throw f.error("threshold " + t + " <= 0 is not supported (needs a threshold above 0)");
                    }
                }
                theta(b, params, th);
            }
            default -> throw f.error("not a neuron node");
        }
        try {
            return new Mapped(b.build(), params);
        } catch (IllegalArgumentException e) {
            throw f.error(e.getMessage());
        }
    }

    /** v_threshold (per neuron allowed) and v_reset (uniform, default 0); returns v_reset. */
    private static double spikeFields(Fields f, NeuronConfig.Builder b, Map<String, double[]> params, int n) {
        double vReset = f.uniform("v_reset", 0.0);
        double[] th = f.values("v_threshold", null);
        for (double t : th) {
            if (!(t > vReset)) {
                throw f.error("v_threshold " + t + " is not above v_reset = " + vReset);
            }
        }
        b.vReset(vReset).reset(Reset.HARD);
        theta(b, params, th);
        return vReset;
    }

    private static void theta(NeuronConfig.Builder b, Map<String, double[]> params, double[] th) {
        if (uniform(th)) {
            b.theta(th[0]);
        } else {
            b.theta(th[0]).learnTheta(true).thetaScope(Scope.NEURON);
            params.put(LearnableParam.THETA, th);
        }
    }

    private static void tau(Fields f, NeuronConfig.Builder b, Map<String, double[]> params, float[] steps) {
        double[] s = new double[steps.length];
        for (int i = 0; i < s.length; i++) s[i] = steps[i];
        if (uniform(s)) {
            b.tau(s[0]);
            return;
        }
        double[] w = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            if (!(s[i] > 1)) {
                throw f.error("per-neuron time constants need tau/dt > 1 at every neuron (1/tau = sigmoid(w)), got "
                        + s[i]);
            }
            w[i] = -Math.log(s[i] - 1);
        }
        b.tau(2).learnTau(true).tauScope(Scope.NEURON);
        params.put(LearnableParam.TAU_W, w);
    }

    private static float[] tauSteps(Fields f, double[] tau, double dt, String field) {
        float[] steps = new float[tau.length];
        for (int i = 0; i < tau.length; i++) {
            steps[i] = (float) (tau[i] / dt);
            if (!(steps[i] >= 1) || Float.isInfinite(steps[i])) {
                throw f.error(field + " = " + tau[i] + " s is " + steps[i] + " steps of dt = " + dt + " s; the library"
                        + " needs tau >= dt (tau/dt >= 1). Is dt right? (--dt, metadata/dt)");
            }
        }
        return steps;
    }

    /** r = 1: decayInput; r = tau/dt at every neuron: not. */
    private static boolean decayInput(Fields f, double[] r, float[] steps, String tauField) {
        boolean allOne = true;
        boolean allTau = true;
        for (int i = 0; i < r.length; i++) {
            double s = steps[steps.length == 1 ? 0 : i];
            allOne &= close(r[i], 1);
            allTau &= close(r[i], s);
        }
        if (allOne) return true;
        if (allTau) return false;
        throw f.error("r = " + r[0] + " is neither 1 (input scaled by dt/" + tauField + ", SpikingJelly"
                + " decay_input=True) nor " + tauField + "/dt = " + steps[0] + " (input added unscaled,"
                + " decay_input=False); other gains are not supported");
    }

    static boolean close(double a, double b) {
        return Math.abs(a - b) <= REL_TOL * Math.max(Math.abs(a), Math.abs(b));
    }

    static boolean uniform(double[] v) {
        for (double x : v) if (Double.compare(x, v[0]) != 0) return false;
        return true;
    }

    /** Field access with the node's size and error messages. */
    private static final class Fields {
        final NirNode node;
        final int n;
        final String src;

        Fields(NirNode node, int n, String src) {
            this.node = node;
            this.n = n;
            this.src = src;
        }

        NirException error(String what) {
            return NirException.atNode(src, node.name(), node.type(), what);
        }

        /** n values (a single value is broadcast), or the default when absent (null: required). */
        double[] values(String field, Double dflt) {
            NirArray a = node.field(field);
            if (a == null) {
                if (dflt == null) throw error("missing field '" + field + "'");
                double[] v = new double[n];
                java.util.Arrays.fill(v, dflt);
                return v;
            }
            if (a.size() == n) return a.values();
            if (a.size() == 1) {
                double[] v = new double[n];
                java.util.Arrays.fill(v, a.get(0));
                return v;
            }
            throw error("field '" + field + "' is " + a.describe() + ", expected " + n + " values (one per neuron)"
                    + " or one");
        }

        double uniform(String field, Double dflt) {
            double[] v = values(field, dflt);
            if (!NeuronMapping.uniform(v)) {
                throw error("field '" + field + "' differs between neurons (e.g. " + v[0] + " and "
                        + v[firstDifferent(v)] + "); only v_threshold and the time constant may vary per neuron");
            }
            return v[0];
        }

        private static int firstDifferent(double[] v) {
            for (int i = 1; i < v.length; i++) if (Double.compare(v[i], v[0]) != 0) return i;
            return 0;
        }
    }

    // ---- export --------------------------------------------------------------------------------------------

    /** A neuron node as written: its NIR type, fields, and what changed on the way (warnings). */
    public record Exported(String type, Map<String, NirArray> fields, List<String> warnings) {
    }

    /**
     * The NIR node of {@code cfg} for neurons of shape {@code shape} ([N] or [C, H, W]), parameters from the layer's
     * parameter table (double values by key), at time step dt.
     *
     * @param approximate write what NIR can express instead of failing (soft reset as hard, v0 dropped)
     * @throws NirException (message without the file; the caller prefixes it) for what NIR cannot express
     */
    public static Exported toNir(NeuronConfig cfg, Map<String, double[]> table, long[] shape, double dt,
                                 boolean approximate, String who) {
        List<String> warnings = new ArrayList<>();
        int channels = (int) shape[0];
        int spatial = 1;
        for (int i = 1; i < shape.length; i++) spatial *= (int) shape[i];
        int n = channels * spatial;
        if (cfg.reset() == Reset.SOFT && cfg.spiking()) {
            String what = who + ": soft reset (V -= theta) cannot be expressed in NIR (its IF / LIF / CubaLIF reset"
                    + " to v_reset)";
            if (!approximate) throw new NirException(what + "; pass the approximate option to write a hard reset to 0"
                    + " instead");
            warnings.add(what + ": written as a hard reset to 0, so after the first spike the potentials and later"
                    + " spikes differ from this network");
        }
        boolean v0Differs = cfg.v0Mode() == V0Mode.LEARNABLE
                || (cfg.v0Mode() == V0Mode.FIXED && Double.compare(cfg.v0(), cfg.restPotential()) != 0);
        if (v0Differs) {
            String what = who + ": the initial potential v0 (" + cfg.v0Mode() + ") cannot be expressed in NIR (neurons"
                    + " start at their reset / leak potential)";
            if (!approximate) throw new NirException(what + "; pass the approximate option to start at the reset"
                    + " potential instead");
            warnings.add(what + ": dropped, the exported neurons start at " + cfg.restPotential());
        }
        double vReset = cfg.reset() == Reset.HARD ? cfg.vReset() : 0;
        double[] theta = perNeuron(cfg.theta(), table.get(LearnableParam.THETA), cfg.thetaScope(), channels, spatial);
        double[] steps = new double[n];
        if (cfg.model() != NeuronModel.IF) {
            double[] w = table.get(LearnableParam.TAU_W);
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < spatial; i++) {
                    steps[c * spatial + i] = w == null ? cfg.tau()
                            : 1 / sigmoid(w[cfg.tauScope().index(c, i, spatial)]);
                }
            }
        }
        Map<String, NirArray> f = new LinkedHashMap<>();
        String type;
        switch (cfg.model()) {
            case IF -> {
                if (!cfg.spiking()) {
                    throw new NirException(who + ": a non-spiking IF neuron (a pure integrator) has no NIR mapping"
                            + " here (NIR's 'I' node is not supported)");
                }
                type = "IF";
                f.put("r", NirArray.filled64(1 / dt, shape));
                f.put("v_reset", NirArray.filled64(vReset, shape));
                f.put("v_threshold", NirArray.float64(theta, shape));
            }
            case LIF -> {
                type = cfg.spiking() ? "LIF" : "LI";
                f.put("tau", NirArray.float64(scale(steps, dt), shape));
                f.put("r", cfg.decayInput() ? NirArray.filled64(1, shape) : NirArray.float64(steps, shape));
                f.put("v_leak", NirArray.filled64(vReset, shape));
                if (cfg.spiking()) {
                    f.put("v_reset", NirArray.filled64(vReset, shape));
                    f.put("v_threshold", NirArray.float64(theta, shape));
                }
            }
            case CUBA_LIF -> {
                if (!cfg.spiking()) {
                    throw new NirException(who + ": a non-spiking current-based neuron (CubaLI) is not supported");
                }
                if (!(cfg.currentDecay() > 0)) {
                    throw new NirException(who + ": currentDecay = 0 (a current that never decays) is tau_syn ="
                            + " infinity in NIR");
                }
                type = "CubaLIF";
                double tauSyn = dt / cfg.currentDecay();
                f.put("tau_syn", NirArray.filled64(tauSyn, shape));
                f.put("tau_mem", NirArray.float64(scale(steps, dt), shape));
                f.put("r", cfg.decayInput() ? NirArray.filled64(1, shape) : NirArray.float64(steps, shape));
                f.put("w_in", NirArray.filled64(tauSyn / dt, shape));
                f.put("v_leak", NirArray.filled64(vReset, shape));
                f.put("v_reset", NirArray.filled64(vReset, shape));
                f.put("v_threshold", NirArray.float64(theta, shape));
            }
            default -> throw new NirException(who + ": neuron model " + cfg.model() + " has no NIR mapping");
        }
        return new Exported(type, f, warnings);
    }

    private static double[] scale(double[] v, double s) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * s;
        return out;
    }

    private static double[] perNeuron(double fixed, double[] values, Scope scope, int channels, int spatial) {
        double[] out = new double[channels * spatial];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < spatial; i++) {
                out[c * spatial + i] = values == null ? fixed : values[scope.index(c, i, spatial)];
            }
        }
        return out;
    }

    private static double sigmoid(double w) {
        return 1 / (1 + Math.exp(-w));
    }
}
