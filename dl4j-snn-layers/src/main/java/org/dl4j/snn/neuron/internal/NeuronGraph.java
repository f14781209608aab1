package org.dl4j.snn.neuron.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * The neuron dynamics as a SameDiff graph, unrolled over T: the SameDiff engine's neuron and the tests' oracle.
 * Same equations as {@link NeuronConfig}/{@link NeuronKernel}; the spike is the detach trick
 * {@code S = step(u) + g(u) - stopGradient(g(u))}, u = H - theta, g the surrogate's primitive, so forward is
 * exactly Heaviside(u) and backward is exactly g'(u) (a Java op overriding doDiff is ignored by SameDiff M2.1).
 *
 * <p>Per step t (x_t = x[:, :, t] or x[:, :, t, :, :] with H*W flattened), the kernel's three steps with their pieces'
 * names: charge ({@link Charge}: {@link #ifCharge}, {@link LifCharge} / {@link #lifCharge}, {@link #cubaCurrent}):
 * CUBA: I = kI*I + x_t (I[-1] = 0); H = V + k*(D - (V - vR)) (decayInput) or V - k*(V - vR) + D (D = x_t or I; IF:
 * H = V + D); fire: S as above; reset ({@link ResetRule}: {@link #reset}): V = H - S*(H - vReset) (HARD) or
 * V = H - S*theta (SOFT), with S replaced by stopGradient(S) in the reset when detachReset, V = H without spikes.
 * Nothing is computed after the last step's output (an unused SDVariable breaks SameDiff's backprop).
 */
public final class NeuronGraph {

    private NeuronGraph() {}

    /**
     * Defines the neuron on {@code x} of shape [b, C, T] (rank 3) or [b, C, T, H, W] (rank 5); output of the same
     * shape (spikes, or the potential H when non-spiking).
     *
     * @param sd       the graph
     * @param x        input current
     * @param params   learnable parameters by name ("tauW", "theta", "v0"), any shape of the right length
     *                 (1, C or C*H*W per scope); exactly the config's learnable ones among these three names
     *                 (other entries, e.g. the layer's weights, are ignored)
     * @param cfg      the neuron
     * @param channels C
     * @param steps    T (the graph is unrolled over it)
     * @param height   H for rank-5 input, 1 (ignored) for rank 3
     * @param width    W for rank-5 input, 1 (ignored) for rank 3
     * @param rank     3 or 5
     */
    public static SDVariable define(SameDiff sd, SDVariable x, Map<String, SDVariable> params, NeuronConfig cfg,
                                    int channels, int steps, int height, int width, int rank) {
        return define(sd, x, params, cfg, channels, steps, height, width, rank, false);
    }

    /**
     * As {@link #define(SameDiff, SDVariable, Map, NeuronConfig, int, int, int, int, int)}; with
     * {@code smoothForGradientChecks} the spike is S = g(u) itself (FOR GRADIENT CHECKS ONLY, like
     * {@link NeuronKernel#smoothForGradientChecks}): then autodiff equals the surrogate BPTT and is a true gradient.
     */
    public static SDVariable define(SameDiff sd, SDVariable x, Map<String, SDVariable> params, NeuronConfig cfg,
                                    int channels, int steps, int height, int width, int rank,
                                    boolean smoothForGradientChecks) {
        if (rank != 3 && rank != 5) {
            throw new IllegalArgumentException("NeuronGraph: rank must be 3 ([b, C, T]) or 5 ([b, C, T, H, W]), got "
                    + rank);
        }
        if (channels < 1 || steps < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("NeuronGraph: channels, steps, height and width must be >= 1, got "
                    + channels + ", " + steps + ", " + height + ", " + width);
        }
        checkParamNames(params, cfg);
        // Per-step slices are [b, C] (rank 3) or [b, C, S] with S = H*W (rank 5): see timeMajorView below.
        int spatial = height * width;
        long[] layer = rank == 3 ? new long[] {1, 1} : new long[] {1, 1, 1};
        long[] channel = rank == 3 ? new long[] {1, channels} : new long[] {1, channels, 1};
        long[] neuron = rank == 3 ? new long[] {1, channels} : new long[] {1, channels, spatial};
        Dims dims = new Dims(layer, channel, neuron);
        SDVariable xs = timeMajorView(x, channels, steps, spatial, rank);

        SDVariable tauW = cfg.learnTau() ? params.get(LearnableParam.TAU_W) : null;
        SDVariable theta = cfg.learnTheta()
                ? broadcast(params.get(LearnableParam.THETA), cfg.thetaScope(), dims) : null;
        SDVariable v = cfg.v0Mode() == V0Mode.LEARNABLE
                ? broadcast(params.get(LearnableParam.V0), cfg.v0Scope(), dims) : null;
        double vConst = cfg.fixedInitialPotential();
        // Every op of the unrolled graph costs SameDiff a fixed session overhead (plus its gradient ops), so the
        // per-step graph is kept small: the input term of the charge for all T at once (LifCharge), Heaviside as
        // one step op for a constant threshold.
        LifCharge lif = LifCharge.of(sd, cfg, xs, tauW, dims);
        // (An SDVariable that does not reach the output breaks SameDiff's backprop: k only where it is used.)
        SDVariable k = lif == null && tauW != null ? sd.nn.sigmoid(broadcast(tauW, cfg.tauScope(), dims)) : null;
        // The next value below theta in the graph's precision (the scalar op compares in it); NaN: use 1 - step(-u).
        double cutoff = switch (x.dataType()) {
            case DOUBLE -> Math.nextDown(cfg.theta());
            case FLOAT -> Math.nextDown((float) cfg.theta());
            default -> Double.NaN;
        };

        if (lif != null && lif.memoryless() && theta == null && v == null) {
            // tau = 1 (k = 1): H[t] = 0 * V[t-1] + E[t] = E[t] whatever V was, so every step at once, no unroll.
            // Same values as the unrolled form (0 * V is +-0 for the finite V the layers admit).
            SDVariable h = lif.inputTerm();
            SDVariable out = cfg.spiking() ? spike(sd, cfg, h, null, cutoff, smoothForGradientChecks) : h;
            return rank == 3 ? out : out.reshape(-1, channels, steps, height, width);
        }
        SDVariable[] outs = new SDVariable[steps];
        SDVariable current = null;
        // One unstack op instead of T strided slices: a smaller graph and about half the SameDiff step time.
        SDVariable[] xSteps = sd.unstack(lif != null ? lif.inputTerm() : xs, 2, steps);
        for (int t = 0; t < steps; t++) {
            SDVariable xt = xSteps[t]; // x_t, or for LIF its input term E[t]
            // charge
            SDVariable h = switch (cfg.model()) {
                case IF -> ifCharge(v, vConst, xt);
                case LIF -> lif.charge(v, vConst, xt);
                case CUBA_LIF -> {
                    current = cubaCurrent(cfg, current, xt);
                    yield lifCharge(cfg, v, vConst, current, k);
                }
            };
            // fire (a non-spiking readout outputs H)
            SDVariable s = cfg.spiking() ? spike(sd, cfg, h, theta, cutoff, smoothForGradientChecks) : null;
            outs[t] = s != null ? s : h;
            // reset
            if (t < steps - 1) v = reset(sd, cfg, h, s, theta);
        }
        SDVariable stacked = sd.stack(2, outs);
        return rank == 3 ? stacked : stacked.reshape(-1, channels, steps, height, width);
    }

    /**
     * The input as {@code [b, C, T]} or {@code [b, C, T, S]} (S = H*W, a free reshape), unstacked along axis 2 into
     * the per-step slices. (An earlier permute to time-last, needed while the steps were strided slices because of
     * an M2.1 strided_slice_bp bug, made libnd4j copy every element coordinate-wise; unstack works on any axis.)
     */
    private static SDVariable timeMajorView(SDVariable x, int channels, int steps, int spatial, int rank) {
        return rank == 3 ? x : x.reshape(-1, channels, steps, spatial);
    }

    /** {@link #define} for recurrent input [b, C, T]. */
    public static SDVariable defineRecurrent(SameDiff sd, SDVariable x, Map<String, SDVariable> params,
                                             NeuronConfig cfg, int channels, int steps) {
        return define(sd, x, params, cfg, channels, steps, 1, 1, 3);
    }

    /** {@link #define} for spiking-conv input [b, C, T, H, W]. */
    public static SDVariable defineConv(SameDiff sd, SDVariable x, Map<String, SDVariable> params, NeuronConfig cfg,
                                        int channels, int steps, int height, int width) {
        return define(sd, x, params, cfg, channels, steps, height, width, 5);
    }

    /** {@link Charge.If}: H = V[t-1] + D ({@code v}, or the constant {@code vConst} when v is null). */
    private static SDVariable ifCharge(SDVariable v, double vConst, SDVariable drive) {
        return v != null ? v.add(drive) : drive.add(vConst);
    }

    /** {@link Charge.CubaLif}'s synaptic current: I[t] = kI*I[t-1] + X[t], I[-1] = 0 ({@code current} null). */
    private static SDVariable cubaCurrent(NeuronConfig cfg, SDVariable current, SDVariable xt) {
        return current == null ? xt : current.mul(1 - cfg.currentDecay()).add(xt);
    }

    /**
     * {@link Charge.Lif} one step at a time: H from V[t-1] ({@code v}, or the constant {@code vConst} when v is null)
     * and the drive D (CUBA_LIF's current; LIF on its input runs as {@link LifCharge}).
     */
    private static SDVariable lifCharge(NeuronConfig cfg, SDVariable v, double vConst, SDVariable drive,
                                        SDVariable k) {
        double vR = cfg.restPotential();
        if (k == null) {
            double kk = cfg.decay();
            SDVariable in = cfg.decayInput() ? drive.mul(kk) : drive;
            // (1-k)*V + k*vR, folded into one constant when V is.
            double offset = kk * vR;
            if (v == null) return in.add((1 - kk) * vConst + offset);
            SDVariable h = v.mul(1 - kk).add(in);
            return offset != 0 ? h.add(offset) : h;
        }
        // Learnable k: H = V + k*(D - (V - vR)) or H = V - k*(V - vR) + D.
        if (v == null) {
            return cfg.decayInput() ? k.mul(drive.sub(vConst - vR)).add(vConst)
                    : k.mul(vR - vConst).add(vConst).add(drive);
        }
        SDVariable vMinusR = vR != 0 ? v.sub(vR) : v;
        return cfg.decayInput() ? v.add(k.mul(drive.sub(vMinusR))) : v.sub(k.mul(vMinusR)).add(drive);
    }

    /**
     * The spike S = Heaviside(H - theta) with the surrogate's gradient (detach trick), or g(H - theta) itself
     * when smooth (gradient checks only).
     */
    private static SDVariable spike(SameDiff sd, NeuronConfig cfg, SDVariable h, SDVariable theta, double cutoff,
                                    boolean smooth) {
        SDVariable u = theta != null ? h.sub(theta) : h.sub(cfg.theta());
        SDVariable g = cfg.surrogate().primitive(sd, u);
        if (smooth) return g;
        // H >= theta: for a constant threshold one strict step against the next lower value of theta in the graph's
        // precision (nothing lies between the two), else 1 - step(-u).
        SDVariable fired = theta != null || Double.isNaN(cutoff) ? heaviside(sd, u) : sd.math.step(h, cutoff);
        return fired.add(g.sub(new StopGradient(sd, g).outputVariable()));
    }

    /**
     * {@link ResetRule}: V[t] after the reset, H itself without a spike ({@code s} null: the non-spiking readout); the
     * spike is detached (stopGradient) there when the config says so.
     */
    private static SDVariable reset(SameDiff sd, NeuronConfig cfg, SDVariable h, SDVariable s, SDVariable theta) {
        if (s == null) return h;
        SDVariable sr = cfg.detachReset() ? new StopGradient(sd, s).outputVariable() : s;
        if (cfg.reset() == Reset.HARD) {
            double vReset = cfg.vReset();
            return h.sub(sr.mul(vReset != 0 ? h.sub(vReset) : h));
        }
        return theta != null ? h.sub(sr.mul(theta)) : h.sub(sr.mul(cfg.theta()));
    }

    /**
     * Heaviside(u) = 1 if u &gt;= 0 else 0, with zero gradient (the step op's gradient is zero). M2.1's step op is
     * strict ({@code x > cutoff}, despite its Javadoc), so u &gt;= 0 is computed as 1 - step(-u).
     */
    private static SDVariable heaviside(SameDiff sd, SDVariable u) {
        return sd.math.step(u.neg(), 0.0).rsub(1.0);
    }

    private record Dims(long[] layer, long[] channel, long[] neuron) {}

    /**
     * {@link Charge.Lif} on the input (LIF, not CUBA_LIF) as {@code H = (1 - k) V + E[t]} with the input term
     * {@code E = a X + k vR} (a = k with decayInput, else 1) computed for all T in one op before the unroll: two
     * ops per step instead of three or four. Algebraically the charge of {@link NeuronConfig}; float rounding differs
     * from the per-step form in the last bits.
     */
    private record LifCharge(SDVariable inputTerm, SDVariable keep, double keepConst) {

        /** null when the neuron is IF or CUBA_LIF (their charge stays per step). */
        static LifCharge of(SameDiff sd, NeuronConfig cfg, SDVariable xs, SDVariable tauW, Dims dims) {
            if (cfg.model() != NeuronModel.LIF) return null;
            double vR = cfg.restPotential();
            if (tauW == null) {
                double kk = cfg.decay();
                SDVariable e = cfg.decayInput() && kk != 1 ? xs.mul(kk) : xs;
                return new LifCharge(kk * vR != 0 ? e.add(kk * vR) : e, null, 1 - kk);
            }
            // k with a time axis at 2, to scale the input [b, C, T] / [b, C, T, S] in one op.
            long[] shape = switch (cfg.tauScope()) {
                case LAYER -> dims.layer();
                case CHANNEL -> dims.channel();
                case NEURON -> dims.neuron();
            };
            long[] withTime = new long[shape.length + 1];
            withTime[0] = shape[0];
            withTime[1] = shape[1];
            withTime[2] = 1;
            System.arraycopy(shape, 2, withTime, 3, shape.length - 2);
            SDVariable kAll = sd.nn.sigmoid(tauW.reshape(withTime));
            SDVariable e = cfg.decayInput() ? xs.mul(kAll) : xs;
            if (vR != 0) e = e.add(kAll.mul(vR));
            SDVariable keep = sd.nn.sigmoid(broadcast(tauW, cfg.tauScope(), dims)).rsub(1.0);
            return new LifCharge(e, keep, Double.NaN);
        }

        /** Whether k = 1 (tau = 1, fixed): V is forgotten at every step, H[t] = E[t]. */
        boolean memoryless() {
            return keep == null && keepConst == 0;
        }

        /** H from V[t-1] ({@code v}, or the constant {@code vConst} when v is null) and this step's E. */
        SDVariable charge(SDVariable v, double vConst, SDVariable e) {
            if (v == null) {
                if (vConst == 0) return e;
                return keep != null ? e.add(keep.mul(vConst)) : e.add(keepConst * vConst);
            }
            return keep != null ? v.mul(keep).add(e) : v.mul(keepConst).add(e);
        }
    }

    private static SDVariable broadcast(SDVariable p, Scope scope, Dims dims) {
        long[] shape = switch (scope) {
            case LAYER -> dims.layer();
            case CHANNEL -> dims.channel();
            case NEURON -> dims.neuron();
        };
        return p.reshape(shape);
    }

    /** Each of "tauW", "theta", "v0" must be given exactly when learnable (other entries are the layer's). */
    private static void checkParamNames(Map<String, SDVariable> params, NeuronConfig cfg) {
        Set<String> expected = LearnableParam.of(cfg).stream().map(LearnableParam::name)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> given = new TreeSet<>();
        if (params != null) {
            for (String n : new String[] {LearnableParam.TAU_W, LearnableParam.THETA, LearnableParam.V0}) {
                if (params.get(n) != null) given.add(n);
            }
        }
        if (!expected.equals(given)) {
            throw new IllegalArgumentException("NeuronGraph: neuron params " + given + " do not match the learnable"
                    + " parameters " + expected + " of " + cfg + " (an unused parameter breaks SameDiff backprop)");
        }
    }
}
