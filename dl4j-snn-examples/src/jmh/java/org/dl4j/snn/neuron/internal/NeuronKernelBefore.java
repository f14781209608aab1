package org.dl4j.snn.neuron.internal;

import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.dl4j.snn.surrogate.Surrogate;

/**
 * FROZEN COPY, for timing only: {@link NeuronKernel} as it was before the kernel was split by model (commit 430e470,
 * the model picked by booleans), renamed, so that {@code NeuronKernelAbMain} can time the two in one JVM. Not used by
 * the library or its tests; delete it with the A/B main once the change is settled. Its original Javadoc follows.
 *
 * <p>The neuron recursion, forward and backward (BPTT), as one kernel over flat arrays: the hot loop of the library.
 * Layout [outer, T, inner] (see {@link Geometry}); per element it runs charge, fire and reset exactly as
 * {@link NeuronConfig} (and the golden README) states, and its backward is the hand-derived BPTT below.
 *
 * <p>Charge is written in one affine form for IF, LIF and CUBA_LIF: with drive D[t] = X[t] (IF, LIF) or
 * D[t] = I[t] = kI*I[t-1] + X[t] (CUBA_LIF, kI = 1 - currentDecay),
 * <pre>
 *   H[t] = b*V[t-1] + a*D[t] + k*vR     b = 1 - k, a = k (decayInput) or 1, k = 1/tau or sigmoid(w); IF: k = 0, a = 1
 * </pre>
 * BPTT, per element, for t = T-1 .. 0 (G = dL/dout[t], dV = dL/dV[t] from step t+1, dI = dL/dI[t+1]-part,
 * q = surrogate'(H[t] - theta); the non-spiking mode has out = V = H, so dH = G + dV):
 * <pre>
 *   dS    = G + dV*dVdS                   dVdS = vReset - H (HARD), -theta (SOFT), 0 (detachReset)
 *   dH    = dS*q + dV*dVdH                dVdH = 1 - S (HARD), 1 (SOFT)
 *   dTheta += -dS*q + dV*dVdTheta          dVdTheta = 0 (HARD), -S (SOFT)
 *   dD    = a*dH;  CUBA: dI[t] = dD + kI*dI[t+1], dX[t] = dI[t];  else dX[t] = dD
 *   dk    += dH * dH/dk                   dH/dk = D[t] - (V[t-1] - vR) = (H[t] - V[t-1])/k (decayInput),
 *                                               -(V[t-1] - vR) (otherwise);  dw = dk * k*(1-k)
 *   dV[t-1] = b*dH;   dv0 = dV[-1];   CUBA: dI[-1] = kI*dI[0]
 * </pre>
 * V[t-1] is recomputed from the stored H[t-1] and S[t-1] (V = S ? vReset : H, or H - S*theta), so the trace
 * holds only H (in the input's precision) and S (one byte per element). {@link #smoothForGradientChecks} swaps
 * Heaviside for the surrogate's primitive g, making these same equations the exact gradient (for checks only).
 *
 * <p>Speed: the recursion is serial in t, so the kernel runs many independent recursions side by side: a block of
 * consecutive rows (at least 64 "lanes" (row, inner position), or one row when inner &gt;= 64) is contiguous in the
 * [outer, T, inner] layout, so it moves between the arrays and double scratch with one straight copy each way (no
 * transposition: a per-element time-major gather/scatter would cost more than the recursion itself when inner = 1), and
 * the innermost loop runs over the lanes, each addressed by its own offset. No allocation per time step (scratch is
 * per thread and reused across calls); blocks run in parallel on {@link Parallel}'s pool of {@link #threads()} threads.
 * Parameter gradients are first summed per row, then reduced in row order, so results do not depend on the
 * thread count.
 *
 * <p>The common case (spiking, LIF/PLIF/IF, tau and theta the same for all lanes of a block, float32 arrays) takes
 * a fast path: scalar coefficients, no per-element mode tests, float32 data used in place or after one bulk copy,
 * H and S stored straight from the loop. It evaluates the same double expressions in the same order as the
 * general loops, so every result is bit-identical (NeuronKernelBitIdentityTest checks this against the kernel as
 * it was before, kept in the tests as ReferenceNeuronKernel).
 */
public final class NeuronKernelBefore {

    /** Below this many elements a call runs on the caller's thread: forking costs more than it saves. */
    private static final int PARALLEL_THRESHOLD = 1 << 15;
    /** Lanes per block: enough independent recursions side by side to hide the latency of one step. */
    private static final int LANES = 64;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final NeuronConfig config;
    private final int threads;
    private final boolean spiking;
    private final boolean hard;
    private final boolean detach;
    private final boolean cuba;
    private final boolean leak;
    private final boolean decayInput;
    private final double vRest;
    private final double vReset;
    private final double keepI;
    private final Surrogate surrogate;
    private final boolean smooth;

    /** What backward needs from a forward pass, plus the final state for streaming. */
    public static final class Trace {
        private final Geometry shape;
        private final ParamValues params;
        private final State initial;
        private final State finalState;
        private final FlatArray h;
        private final byte[] s;
        /** sigmoid(tauW[j]) for every entry of a learnable tau (null otherwise): one exp per value per call. */
        private final double[] decays;

        Trace(Geometry shape, ParamValues params, State initial, State finalState, FlatArray h,
              byte[] s) {
            this.shape = shape;
            this.params = params;
            this.initial = initial;
            this.finalState = finalState;
            this.h = h;
            this.s = s;
            double[] w = params.tauW();
            if (w == null) {
                this.decays = null;
            } else {
                this.decays = new double[w.length];
                for (int j = 0; j < w.length; j++) decays[j] = sigmoid(w[j]);
            }
        }

        /** The shape the forward pass ran on. */
        public Geometry shape() { return shape; }

        /** State after the last step (V, and I for CUBA_LIF): the initial state of the next chunk. */
        public State finalState() { return finalState; }

        /** Membrane potential after charge, H[t], layout [outer, T, inner]; null unless the pass was training. */
        public FlatArray membrane() { return h; }

        /** Whether {@link NeuronKernelBefore#backward} can use this trace. */
        public boolean isTraining() { return h != null; }
    }

    /** A kernel for {@code config} using all available processors. */
    public NeuronKernelBefore(NeuronConfig config) {
        this(config, Runtime.getRuntime().availableProcessors());
    }

    /** A kernel for {@code config} running on at most {@code threads} threads (1 = caller thread only). */
    public NeuronKernelBefore(NeuronConfig config, int threads) {
        this(config, threads, false);
    }

    /**
     * A kernel whose forward fires S = g(H - theta) (the surrogate's primitive) instead of Heaviside, FOR GRADIENT
     * CHECKS ONLY: under it the surrogate backward is the exact gradient of the forward, so finite differences
     * (or DL4J's GradientCheckUtil) can verify the whole BPTT path. Not for training or inference. detachReset
     * deliberately drops a path and so is not a true gradient even here.
     */
    public static NeuronKernelBefore smoothForGradientChecks(NeuronConfig config, int threads) {
        return new NeuronKernelBefore(config, threads, true);
    }

    private NeuronKernelBefore(NeuronConfig config, int threads, boolean smooth) {
        if (config == null) throw new IllegalArgumentException("NeuronKernelBefore: config must not be null");
        if (threads < 1) throw new IllegalArgumentException("NeuronKernelBefore.threads must be >= 1, got " + threads);
        this.config = config;
        this.threads = threads;
        this.spiking = config.spiking();
        this.hard = config.reset() == Reset.HARD;
        this.detach = config.detachReset();
        this.cuba = config.model() == NeuronModel.CUBA_LIF;
        this.leak = config.model() != NeuronModel.IF;
        this.decayInput = config.decayInput();
        this.vRest = config.restPotential();
        this.vReset = config.vReset();
        this.keepI = 1 - config.currentDecay();
        this.surrogate = config.surrogate();
        this.smooth = smooth && config.spiking();
    }

    public NeuronConfig config() { return config; }

    public int threads() { return threads; }

    /**
     * Runs T steps. Writes spikes S (or the potential H when the config is non-spiking) to {@code out}.
     *
     * @param shape    geometry; x and out have shape.length() elements
     * @param x        input current X, layout [outer, T, inner]
     * @param params   learnable parameter values (see {@link LearnableParam#of(NeuronConfig)})
     * @param initial  state before step 0 (streaming), or null to start from v0 (and I = 0)
     * @param out      output, same layout and length as x (may have another precision)
     * @param training whether to keep the trace for {@link #backward}
     * @return the trace (final state always; H and S only when training)
     */
    public Trace forward(Geometry shape, FlatArray x, ParamValues params, State initial, FlatArray out,
                         boolean training) {
        return forward(shape, x, params, initial, out, training, null);
    }

    /**
     * As {@link #forward(Geometry, FlatArray, ParamValues, State, FlatArray, boolean)}, writing H, S and
     * the final state into the arrays of {@code recycle} where they fit (same length and precision) instead of
     * allocating new ones:
     * a layer calls it with its previous trace, so that training allocates no per-step trace (large arrays that the
     * garbage collector would promote straight to the old generation). Every element of H and S and of the final state
     * is overwritten, so results do not depend on what the arrays held.
     *
     * @param recycle a trace that nobody uses any more, its final state included (it must not be used afterwards),
     *                or null
     */
    public Trace forward(Geometry shape, FlatArray x, ParamValues params, State initial, FlatArray out,
                         boolean training, Trace recycle) {
        int n = shape.length();
        checkLength("x", x, n);
        checkLength("out", out, n);
        ParamValues p = checkedParams(shape, params);
        int sl = shape.stateLength();
        if (initial != null) {
            if (initial.length() != sl) {
                throw new IllegalArgumentException("NeuronKernelBefore.forward: initial state has " + initial.length()
                        + " neurons, expected batch*channels*spatial = " + sl + " for " + shape);
            }
            if (cuba && initial.current() == null) {
                throw new IllegalArgumentException("NeuronKernelBefore.forward: initial state lacks the synaptic current"
                        + " required by CUBA_LIF");
            }
            initial = initial.copy();
        }
        State fin = recycle != null && recycle.finalState.length() == sl
                && (recycle.finalState.current() != null) == cuba ? recycle.finalState : State.zeros(sl, cuba);
        // The smooth gradient-check mode keeps H in float64 so that S = g(H - theta) recomputes exactly.
        FlatArray h = !training ? null : smooth ? FlatArray.of(new double[n])
                : recycle != null && recycle.h != null && recycle.h.length() == n
                        && recycle.h.isDouble() == x.isDouble()
                ? recycle.h : x.allocateLike(n);
        byte[] s = !training || !spiking || smooth ? null
                : recycle != null && recycle.s != null && recycle.s.length == n ? recycle.s : new byte[n];
        Trace tr = new Trace(shape, p, initial, fin, h, s);
        parallelRows(shape, (o0, rows, sc) -> forwardBlock(tr, o0, rows, x, out, sc));
        return tr;
    }

    /** {@link #forward(Geometry, FlatArray, ParamValues, State, FlatArray, boolean)} with training = true. */
    public Trace forward(Geometry shape, FlatArray x, ParamValues params, State initial, FlatArray out) {
        return forward(shape, x, params, initial, out, true);
    }

    /**
     * BPTT through a training forward pass.
     *
     * @param trace   the forward pass's trace
     * @param gradOut dL/d(output), layout [outer, T, inner]
     * @param gradX   receives dL/dX (overwritten), same layout
     * @return parameter gradients (and the initial-state gradient when the forward started from a state)
     */
    public BpttGradients backward(Trace trace, FlatArray gradOut, FlatArray gradX) {
        return backward(trace, gradOut, gradX, null);
    }

    /**
     * BPTT with a gradient arriving at the final state too (truncated BPTT over consecutive chunks: pass the
     * {@link BpttGradients#initialState()} of the next chunk's backward).
     *
     * @param gradFinal dL/dV[T-1] (and dL/dI[T-1] for CUBA_LIF) from later steps, or null for none
     */
    public BpttGradients backward(Trace trace, FlatArray gradOut, FlatArray gradX, State gradFinal) {
        if (!trace.isTraining()) {
            throw new IllegalStateException("NeuronKernelBefore.backward: the forward pass ran with training = false");
        }
        Geometry shape = trace.shape;
        int n = shape.length();
        checkLength("gradOut", gradOut, n);
        checkLength("gradX", gradX, n);
        int sl = shape.stateLength();
        if (gradFinal != null && (gradFinal.length() != sl || (cuba && gradFinal.current() == null))) {
            throw new IllegalArgumentException("NeuronKernelBefore.backward: gradFinal must have " + sl + " neurons"
                    + (cuba ? " and a current array (CUBA_LIF)" : "") + ", got " + gradFinal);
        }
        boolean learnTau = trace.params.tauW() != null;
        boolean learnTheta = trace.params.theta() != null;
        boolean learnV0 = trace.params.v0() != null && trace.initial == null;
        // Per-row partial sums (by [o, i] for NEURON scope, by o otherwise), reduced in row order below.
        double[] pTau = learnTau ? new double[partialLength(config.tauScope(), shape)] : null;
        double[] pTheta = learnTheta ? new double[partialLength(config.thetaScope(), shape)] : null;
        double[] pV0 = learnV0 ? new double[partialLength(config.v0Scope(), shape)] : null;
        State gInit = trace.initial != null ? State.zeros(sl, cuba) : null;
        Partials parts = new Partials(pTau, pTheta, pV0, gInit);
        parallelRows(shape, (o0, rows, sc) -> backwardBlock(trace, o0, rows, gradOut, gradX, gradFinal, parts, sc));
        return new BpttGradients(
                learnTau ? reduce(pTau, config.tauScope(), shape) : null,
                learnTheta ? reduce(pTheta, config.thetaScope(), shape) : null,
                learnV0 ? reduce(pV0, config.v0Scope(), shape) : null,
                gInit);
    }

    // ---- per-block work ------------------------------------------------------------------------------------
    //
    // A block is a few consecutive rows o0 .. o0+rows-1 whose (row, inner position) pairs become "lanes"
    // l = r*inner + i, stored time-major in scratch (element t of lane l at t*L + l). The recursion is serial in t,
    // so running many independent lanes side by side in the innermost loop is what keeps the CPU busy when
    // inner = 1 (dense layers). A lane's state index o*inner + i equals o0*inner + l: lanes are contiguous there.

    /** Forward of one block: all T steps of its lanes. */
    private void forwardBlock(Trace tr, int o0, int rows, FlatArray x, FlatArray out, Scratch sc) {
        Geometry shape = tr.shape;
        int steps = shape.steps();
        int inner = shape.inner();
        int lanes = rows * inner;
        int blockLen = lanes * steps;
        int base = o0 * steps * inner;
        sc.ensure(blockLen, lanes);
        if (fastPath(tr, rows)) {
            forwardFast(tr, o0, rows, x, out, sc);
            return;
        }
        laneOffsets(steps, inner, rows, sc.lb);
        coefficients(tr, o0, rows, sc);
        double[] xs = sc.a;
        double[] hs = sc.b;
        double[] os = sc.c;
        byte[] sb = tr.s;
        int[] lb = sc.lb;
        double[] v = sc.v;
        double[] cur = sc.cur;
        x.read(base, xs, 0, blockLen);
        initialState(tr, o0 * inner, lanes, sc);
        double[] a0 = sc.a0;
        double[] b0 = sc.b0;
        double[] c0 = sc.c0;
        double[] th = sc.th;
        for (int t = 0; t < steps; t++) {
            int tOff = t * inner;
            for (int l = 0; l < lanes; l++) {
                int j = lb[l] + tOff;
                double drive = xs[j];
                if (cuba) {
                    drive += keepI * cur[l];
                    cur[l] = drive;
                }
                double h = b0[l] * v[l] + a0[l] * drive + c0[l];
                hs[j] = h;
                if (spiking) {
                    double sv;
                    if (smooth) {
                        sv = surrogate.primitive(h - th[l]);
                    } else {
                        sv = h >= th[l] ? 1 : 0;
                        if (sb != null) sb[base + j] = (byte) sv;
                    }
                    os[j] = sv;
                    // Exact for binary S: 1*vReset + 0*h = vReset, 0*vReset + 1*h = h.
                    v[l] = hard ? sv * vReset + (1 - sv) * h : h - sv * th[l];
                } else {
                    os[j] = h;
                    v[l] = h;
                }
            }
        }
        out.write(base, os, 0, blockLen);
        if (tr.h != null) tr.h.write(base, hs, 0, blockLen);
        int sBase = o0 * inner;
        System.arraycopy(v, 0, tr.finalState.v(), sBase, lanes);
        if (cuba) System.arraycopy(cur, 0, tr.finalState.current(), sBase, lanes);
    }

    /** Backward of one block: BPTT over its T steps (see the class comment for the equations). */
    private void backwardBlock(Trace tr, int o0, int rows, FlatArray gradOut, FlatArray gradX, State gradFinal,
                               Partials parts, Scratch sc) {
        Geometry shape = tr.shape;
        int steps = shape.steps();
        int inner = shape.inner();
        int lanes = rows * inner;
        int blockLen = lanes * steps;
        int base = o0 * steps * inner;
        int sBase = o0 * inner;
        sc.ensure(blockLen, lanes);
        if (fastPath(tr, rows) && tr.h.heapFloats() != null && !gradOut.isDouble() && !gradX.isDouble()) {
            backwardFast(tr, o0, rows, gradOut, gradX, gradFinal, parts, sc);
            return;
        }
        laneOffsets(steps, inner, rows, sc.lb);
        coefficients(tr, o0, rows, sc);
        double[] gs = sc.a;
        double[] hs = sc.b;
        double[] dx = sc.c;
        byte[] sb = tr.s;
        int[] lb = sc.lb;
        gradOut.read(base, gs, 0, blockLen);
        tr.h.read(base, hs, 0, blockLen);
        double[] dv = sc.v;
        double[] di = sc.cur;
        double[] accTau = sc.accTau;
        double[] accTheta = sc.accTheta;
        double[] a0 = sc.a0;
        double[] b0 = sc.b0;
        double[] th = sc.th;
        double[] kk = sc.k;
        boolean learnTau = parts.tau != null;
        boolean learnTheta = parts.theta != null;
        // V[-1] of each lane, needed for dH/dk at t = 0.
        initialState(tr, sBase, lanes, sc);
        double[] vInit = sc.vInit;
        System.arraycopy(sc.v, 0, vInit, 0, lanes);
        // dv[l] = dL/dV[t] from later steps; di[l] = kI * dL/dI[t+1] (CUBA), the future part of dL/dI[t].
        for (int l = 0; l < lanes; l++) {
            dv[l] = gradFinal != null ? gradFinal.v()[sBase + l] : 0;
            di[l] = gradFinal != null && cuba ? gradFinal.current()[sBase + l] : 0;
            accTau[l] = 0;
            accTheta[l] = 0;
        }
        for (int t = steps - 1; t >= 0; t--) {
            int tOff = t * inner;
            for (int l = 0; l < lanes; l++) {
                int j = lb[l] + tOff;
                double h = hs[j];
                double dV = dv[l];
                double dH;
                if (spiking) {
                    double sv = spikeValue(h, th[l], sb, base + j);
                    double q = surrogate.derivative(h - th[l]);
                    double dVdS = detach ? 0 : (hard ? vReset - h : -th[l]);
                    double dS = gs[j] + dV * dVdS;
                    dH = dS * q + (hard ? (1 - sv) * dV : dV);
                    if (learnTheta) accTheta[l] += -dS * q - (hard ? 0 : sv * dV);
                } else {
                    dH = gs[j] + dV;
                }
                if (learnTau) {
                    double vPrev = t > 0 ? potentialAfterReset(hs[j - inner], sb, base + j - inner, th[l]) : vInit[l];
                    double k = kk[l];
                    double dHdk = decayInput ? (h - vPrev) / k : -(vPrev - vRest);
                    accTau[l] += dH * dHdk * k * (1 - k);
                }
                double dDrive = a0[l] * dH;
                if (cuba) {
                    dDrive += di[l];
                    di[l] = keepI * dDrive;
                }
                dx[j] = dDrive;
                dv[l] = b0[l] * dH;
            }
        }
        gradX.write(base, dx, 0, blockLen);
        if (learnTau) addPartial(parts.tau, config.tauScope(), o0, rows, inner, accTau);
        if (learnTheta) addPartial(parts.theta, config.thetaScope(), o0, rows, inner, accTheta);
        if (parts.v0 != null) addPartial(parts.v0, config.v0Scope(), o0, rows, inner, dv);
        if (parts.initial != null) {
            System.arraycopy(dv, 0, parts.initial.v(), sBase, lanes);
            if (cuba) System.arraycopy(di, 0, parts.initial.current(), sBase, lanes);
        }
    }

    // ---- fast path -----------------------------------------------------------------------------------------
    //
    // The common case (spiking, Heaviside, LIF/PLIF/IF, coefficients equal for every lane of the block) runs
    // these loops instead of the general ones above: scalar k/a/b/theta instead of per-lane arrays, lanes in
    // arithmetic progression instead of lb[] (one row per block: lane l of step t at t*inner + l; inner = 1: at
    // l*T + t), and no per-element tests of cuba/smooth/spiking. Every value is computed by the same double
    // expression, in the same order, as the general loop, so results are bit-identical to it (checked by
    // NeuronKernelBitIdentityTest against the pre-optimisation kernel).

    /** Whether block (o0, rows) can take the fast path. */
    private boolean fastPath(Trace tr, int rows) {
        if (!spiking || smooth || cuba) return false;
        Geometry shape = tr.shape;
        // Lanes of several rows with inner > 1 are not evenly spaced.
        if (rows > 1 && shape.inner() > 1) return false;
        return sameForBlock(tr.params.tauW(), config.tauScope(), rows, shape)
                && sameForBlock(tr.params.theta(), config.thetaScope(), rows, shape);
    }

    /** Whether a parameter takes one value over all lanes of a block of {@code rows} rows. */
    private static boolean sameForBlock(double[] value, Scope scope, int rows, Geometry shape) {
        if (value == null || scope == Scope.LAYER) return true;
        // Consecutive rows belong to different channels unless there is only one.
        if (rows > 1) return shape.channels() == 1;
        return scope == Scope.CHANNEL || shape.inner() == 1;
    }

    /** The decay k of the lanes of a block starting at row o0 (fast path: the same for all of them). */
    private double blockDecay(Trace tr, int o0) {
        if (tr.decays == null) return config.decay();
        int inner = tr.shape.inner();
        return tr.decays[config.tauScope().index(o0 % tr.shape.channels(), 0, inner)];
    }

    /** The threshold of the lanes of a block starting at row o0 (fast path: the same for all of them). */
    private double blockThreshold(Trace tr, int o0) {
        double[] th = tr.params.theta();
        if (th == null) return config.theta();
        int inner = tr.shape.inner();
        return th[config.thetaScope().index(o0 % tr.shape.channels(), 0, inner)];
    }

    /** Fills v[0 .. rows*inner) with V[-1] of rows o0 ..: the given initial state, or v0. */
    private void startPotential(Trace tr, int o0, int rows, double[] v) {
        int inner = tr.shape.inner();
        if (tr.initial != null) {
            System.arraycopy(tr.initial.v(), o0 * inner, v, 0, rows * inner);
            return;
        }
        double[] v0 = tr.params.v0();
        if (v0 == null) {
            java.util.Arrays.fill(v, 0, rows * inner, config.fixedInitialPotential());
            return;
        }
        // Per row: one value (LAYER, CHANNEL) or the channel's run of inner values (NEURON), not a lookup per lane.
        Scope scope = config.v0Scope();
        for (int r = 0; r < rows; r++) {
            int c = (o0 + r) % tr.shape.channels();
            if (scope == Scope.NEURON) {
                System.arraycopy(v0, c * inner, v, r * inner, inner);
            } else {
                java.util.Arrays.fill(v, r * inner, (r + 1) * inner, v0[scope.index(c, 0, inner)]);
            }
        }
    }

    /** {@link #forwardBlock} on the fast path. */
    private void forwardFast(Trace tr, int o0, int rows, FlatArray x, FlatArray out, Scratch sc) {
        Geometry shape = tr.shape;
        int steps = shape.steps();
        int inner = shape.inner();
        int lanes = rows * inner;
        int blockLen = lanes * steps;
        int base = o0 * steps * inner;
        double k = blockDecay(tr, o0);
        double bk = 1 - k;
        double ak = leak && decayInput ? k : 1;
        double ck = k * vRest;
        double th = blockThreshold(tr, o0);
        double vR = vReset;
        boolean isHard = hard;
        double[] v = sc.v;
        startPotential(tr, o0, rows, v);
        // Step t of lane l at jt + l*lStep in the block (one row: consecutive, so the JIT hoists the bounds checks;
        // inner = 1: at l*T + t, as transposing to time-major cost more than it saved).
        int tStep = rows == 1 ? lanes : 1;
        int lStep = rows == 1 ? 1 : steps;
        if (!x.isDouble() && !out.isDouble()) {
            // float32 in and out (what the layers pass): no double scratch at all. X is used where it lies (heap)
            // or after one bulk copy; S, H and the spike bytes are stored from the loop. Widening float to double
            // is exact and (float) rounds as FlatArray.write does, so the values are those of the general path.
            float[] xf = x.floatsToRead(base, blockLen, sc.xf);
            int xOff = FlatArray.blockOffset(xf, sc.xf, base);
            float[] of = out.floatsToWrite(sc.of);
            int oOff = FlatArray.blockOffset(of, sc.of, base);
            float[] hf = tr.h != null ? tr.h.heapFloats() : sc.hf;
            int hOff = tr.h != null ? base : 0;
            byte[] sb = tr.s != null ? tr.s : sc.sink;
            int sOff = tr.s != null ? base : 0;
            for (int t = 0; t < steps; t++) {
                int jt = t * tStep;
                if (rows == 1) {
                    for (int l = 0; l < lanes; l++) {
                        double h = bk * v[l] + ak * xf[xOff + jt + l] + ck;
                        hf[hOff + jt + l] = (float) h;
                        double sv = h >= th ? 1 : 0;
                        sb[sOff + jt + l] = (byte) sv;
                        of[oOff + jt + l] = (float) sv;
                        v[l] = isHard ? sv * vR + (1 - sv) * h : h - sv * th;
                    }
                } else {
                    for (int l = 0, j = jt; l < lanes; l++, j += lStep) {
                        double h = bk * v[l] + ak * xf[xOff + j] + ck;
                        hf[hOff + j] = (float) h;
                        double sv = h >= th ? 1 : 0;
                        sb[sOff + j] = (byte) sv;
                        of[oOff + j] = (float) sv;
                        v[l] = isHard ? sv * vR + (1 - sv) * h : h - sv * th;
                    }
                }
            }
            if (of == sc.of) out.writeFloats(base, of, 0, blockLen);
        } else {
            // A float64 input or output: through double scratch, H stored by FlatArray.write.
            double[] xs = sc.a;
            double[] hs = sc.b;
            double[] os = sc.c;
            byte[] sb = tr.s != null ? tr.s : sc.sink;
            int sOff = tr.s != null ? base : 0;
            x.read(base, xs, 0, blockLen, sc.stage);
            for (int t = 0; t < steps; t++) {
                for (int l = 0, j = t * tStep; l < lanes; l++, j += lStep) {
                    double h = bk * v[l] + ak * xs[j] + ck;
                    hs[j] = h;
                    double sv = h >= th ? 1 : 0;
                    sb[sOff + j] = (byte) sv;
                    os[j] = sv;
                    v[l] = isHard ? sv * vR + (1 - sv) * h : h - sv * th;
                }
            }
            out.write(base, os, 0, blockLen, sc.stage);
            if (tr.h != null) tr.h.write(base, hs, 0, blockLen, sc.stage);
        }
        System.arraycopy(v, 0, tr.finalState.v(), o0 * inner, lanes);
    }

    /**
     * {@link #backwardBlock} on the fast path, all float32 (H read straight from the trace's heap array, no double
     * scratch). One fused loop per step; the expressions are those of the general loop, term by term, and
     * (float) rounds dX as FlatArray.write does.
     */
    private void backwardFast(Trace tr, int o0, int rows, FlatArray gradOut, FlatArray gradX, State gradFinal,
                              Partials parts, Scratch sc) {
        Geometry shape = tr.shape;
        int steps = shape.steps();
        int inner = shape.inner();
        int lanes = rows * inner;
        int blockLen = lanes * steps;
        int base = o0 * steps * inner;
        int sBase = o0 * inner;
        double k = blockDecay(tr, o0);
        double bk = 1 - k;
        double omk = 1 - k;
        double ak = leak && decayInput ? k : 1;
        double th = blockThreshold(tr, o0);
        double vR = vReset;
        double vRst = vRest;
        double dVdS = detach ? 0 : -th; // not used for HARD without detachReset: vReset - h, per element
        boolean hardLive = hard && !detach;
        boolean isHard = hard;
        boolean di = decayInput;
        Surrogate sg = surrogate;
        // float32 throughout: G used where it lies (heap) or after one bulk copy, dX stored from the loop.
        float[] gs = gradOut.floatsToRead(base, blockLen, sc.xf);
        int gOff = FlatArray.blockOffset(gs, sc.xf, base);
        float[] dx = gradX.floatsToWrite(sc.of);
        int dOff = FlatArray.blockOffset(dx, sc.of, base);
        float[] hf = tr.h.heapFloats();
        byte[] sb = tr.s;
        double[] dv = sc.v;
        double[] accTau = sc.accTau;
        double[] accTheta = sc.accTheta;
        boolean learnTau = parts.tau != null;
        boolean learnTheta = parts.theta != null;
        double[] vInit = sc.vInit;
        startPotential(tr, o0, rows, vInit);
        for (int l = 0; l < lanes; l++) {
            dv[l] = gradFinal != null ? gradFinal.v()[sBase + l] : 0;
            accTau[l] = 0;
            accTheta[l] = 0;
        }
        // Step t of lane l at jt + l*lStep in the block; its step t-1 at that minus tStep.
        int tStep = rows == 1 ? lanes : 1;
        int lStep = rows == 1 ? 1 : steps;
        for (int t = steps - 1; t >= 0; t--) {
            boolean first = t == 0;
            int jt = t * tStep;
            int hb = base + jt;
            if (rows == 1) {
                // Consecutive lanes: the JIT hoists the bounds checks.
                for (int l = 0; l < lanes; l++) {
                    double h = hf[hb + l];
                    double dV = dv[l];
                    double sv = sb[hb + l];
                    double q = sg.derivative(h - th);
                    double dS = gs[gOff + jt + l] + dV * (hardLive ? vR - h : dVdS);
                    double dH = dS * q + (isHard ? (1 - sv) * dV : dV);
                    if (learnTheta) accTheta[l] += -dS * q - (isHard ? 0 : sv * dV);
                    if (learnTau) {
                        double vPrev;
                        if (first) {
                            vPrev = vInit[l];
                        } else {
                            double hp = hf[hb - lanes + l];
                            double sp = sb[hb - lanes + l];
                            vPrev = isHard ? sp * vR + (1 - sp) * hp : hp - sp * th;
                        }
                        double dHdk = di ? (h - vPrev) / k : -(vPrev - vRst);
                        accTau[l] += dH * dHdk * k * omk;
                    }
                    dx[dOff + jt + l] = (float) (ak * dH);
                    dv[l] = bk * dH;
                }
            } else {
                for (int l = 0, j = jt; l < lanes; l++, j += lStep) {
                    double h = hf[base + j];
                    double dV = dv[l];
                    double sv = sb[base + j];
                    double q = sg.derivative(h - th);
                    double dS = gs[gOff + j] + dV * (hardLive ? vR - h : dVdS);
                    double dH = dS * q + (isHard ? (1 - sv) * dV : dV);
                    if (learnTheta) accTheta[l] += -dS * q - (isHard ? 0 : sv * dV);
                    if (learnTau) {
                        double vPrev;
                        if (first) {
                            vPrev = vInit[l];
                        } else {
                            double hp = hf[base + j - 1];
                            double sp = sb[base + j - 1];
                            vPrev = isHard ? sp * vR + (1 - sp) * hp : hp - sp * th;
                        }
                        double dHdk = di ? (h - vPrev) / k : -(vPrev - vRst);
                        accTau[l] += dH * dHdk * k * omk;
                    }
                    dx[dOff + j] = (float) (ak * dH);
                    dv[l] = bk * dH;
                }
            }
        }
        if (dx == sc.of) gradX.writeFloats(base, dx, 0, blockLen);
        if (learnTau) addPartial(parts.tau, config.tauScope(), o0, rows, inner, accTau);
        if (learnTheta) addPartial(parts.theta, config.thetaScope(), o0, rows, inner, accTheta);
        if (parts.v0 != null) addPartial(parts.v0, config.v0Scope(), o0, rows, inner, dv);
        if (parts.initial != null) System.arraycopy(dv, 0, parts.initial.v(), sBase, lanes);
    }

    /**
     * Offset of each lane's step 0 inside a block stored in its own layout [rows, T, inner]: lane l = r*inner + i
     * starts at r*T*inner + i, and its step t is at that plus t*inner.
     */
    private static void laneOffsets(int steps, int inner, int rows, int[] lb) {
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < inner; i++) lb[r * inner + i] = r * steps * inner + i;
        }
    }

    /** S recomputed for backward: the stored bit, or g(H - theta) in the smooth gradient-check mode. */
    private double spikeValue(double h, double th, byte[] sBits, int idx) {
        return smooth ? surrogate.primitive(h - th) : sBits[idx];
    }

    /** V after reset, recomputed from a stored H and S (same expression as the forward pass). */
    private double potentialAfterReset(double h, byte[] sBits, int idx, double th) {
        if (!spiking) return h;
        double sv = spikeValue(h, th, sBits, idx);
        return hard ? sv * vReset + (1 - sv) * h : h - sv * th;
    }

    /** Fills sc.v (and sc.cur) with the state before step 0 of the lanes at state indices sBase ... */
    private void initialState(Trace tr, int sBase, int lanes, Scratch sc) {
        if (tr.initial != null) {
            System.arraycopy(tr.initial.v(), sBase, sc.v, 0, lanes);
            if (cuba) System.arraycopy(tr.initial.current(), sBase, sc.cur, 0, lanes);
        } else {
            System.arraycopy(sc.v0, 0, sc.v, 0, lanes);
            if (cuba) java.util.Arrays.fill(sc.cur, 0, lanes, 0);
        }
    }

    /** Per-lane coefficients of rows o0 ..: k, a, b, k*vR, theta and v0. */
    private void coefficients(Trace tr, int o0, int rows, Scratch sc) {
        ParamValues p = tr.params;
        Geometry shape = tr.shape;
        int inner = shape.inner();
        double fixedK = config.decay();
        double fixedV0 = config.fixedInitialPotential();
        for (int r = 0; r < rows; r++) {
            int c = (o0 + r) % shape.channels();
            for (int i = 0; i < inner; i++) {
                int l = r * inner + i;
                double k = tr.decays != null ? tr.decays[config.tauScope().index(c, i, inner)] : fixedK;
                sc.k[l] = k;
                sc.b0[l] = 1 - k;
                sc.a0[l] = leak && decayInput ? k : 1;
                sc.c0[l] = k * vRest;
                sc.th[l] = p.theta() != null ? p.theta()[config.thetaScope().index(c, i, inner)] : config.theta();
                sc.v0[l] = p.v0() != null ? p.v0()[config.v0Scope().index(c, i, inner)] : fixedV0;
            }
        }
    }

    private static double sigmoid(double w) {
        return 1 / (1 + Math.exp(-w));
    }

    // ---- parameter-gradient partial sums -------------------------------------------------------------------

    /** Per-row partial sums of one parameter gradient, plus the initial-state gradient. */
    private record Partials(double[] tau, double[] theta, double[] v0, State initial) {}

    private static int partialLength(Scope scope, Geometry shape) {
        return scope == Scope.NEURON ? shape.stateLength() : shape.outer();
    }

    /** Stores the block's per-lane contributions in the partial array (blocks write disjoint slots). */
    private static void addPartial(double[] partial, Scope scope, int o0, int rows, int inner, double[] acc) {
        if (scope == Scope.NEURON) {
            System.arraycopy(acc, 0, partial, o0 * inner, rows * inner);
            return;
        }
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int i = 0; i < inner; i++) s += acc[r * inner + i];
            partial[o0 + r] = s;
        }
    }

    /** Sums the per-row partials into the parameter's gradient, rows in order (thread-count independent). */
    private static double[] reduce(double[] partial, Scope scope, Geometry shape) {
        int channels = shape.channels();
        int inner = shape.inner();
        double[] g = new double[scope.length(channels, inner)];
        for (int o = 0; o < shape.outer(); o++) {
            int c = o % channels;
            switch (scope) {
                case LAYER -> g[0] += partial[o];
                case CHANNEL -> g[c] += partial[o];
                case NEURON -> {
                    int src = o * inner;
                    int dst = c * inner;
                    for (int i = 0; i < inner; i++) g[dst + i] += partial[src + i];
                }
            }
        }
        return g;
    }

    // ---- validation ----------------------------------------------------------------------------------------

    private static void checkLength(String name, FlatArray a, int n) {
        if (a == null) throw new IllegalArgumentException("NeuronKernelBefore: " + name + " must not be null");
        if (a.length() != n) {
            throw new IllegalArgumentException("NeuronKernelBefore: " + name + " has " + a.length()
                    + " elements, expected " + n);
        }
    }

    /** Checks that exactly the learnable parameters are given, with their scope's lengths; returns a copy. */
    private ParamValues checkedParams(Geometry shape, ParamValues params) {
        ParamValues p = params != null ? params : ParamValues.none();
        int channels = shape.channels();
        int inner = shape.inner();
        return new ParamValues(
                checkedParam(LearnableParam.TAU_W, p.tauW(), config.learnTau(), config.tauScope(), channels, inner),
                checkedParam(LearnableParam.THETA, p.theta(), config.learnTheta(), config.thetaScope(), channels,
                        inner),
                checkedParam(LearnableParam.V0, p.v0(), config.v0Mode() == V0Mode.LEARNABLE, config.v0Scope(),
                        channels, inner));
    }

    private static double[] checkedParam(String name, double[] value, boolean learnable, Scope scope, int channels,
                                         int inner) {
        if (!learnable) {
            if (value != null) {
                throw new IllegalArgumentException("NeuronKernelBefore: parameter \"" + name
                        + "\" was given but the config does not make it learnable");
            }
            return null;
        }
        int len = scope.length(channels, inner);
        if (value == null || value.length != len) {
            throw new IllegalArgumentException("NeuronKernelBefore: parameter \"" + name + "\" must have " + len
                    + " values (scope " + scope + ", channels " + channels + ", spatial " + inner + "), got "
                    + (value == null ? "none" : value.length));
        }
        return value.clone();
    }

    // ---- threading -----------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Block {
        void run(int o0, int rows, Scratch scratch);
    }

    /**
     * Runs {@code body} over all rows in blocks of {@link #LANES}/inner rows (at least one), the blocks split into
     * contiguous ranges on up to {@link #threads} threads.
     */
    private void parallelRows(Geometry shape, Block body) {
        int outer = shape.outer();
        int perBlock = Math.max(1, LANES / shape.inner());
        int blocks = (outer + perBlock - 1) / perBlock;
        int workers = shape.length() < PARALLEL_THRESHOLD ? 1 : threads;
        Parallel.ranges(workers, blocks, (from, to) -> runBlocks(from, to, perBlock, outer, body));
    }

    private static void runBlocks(int fromBlock, int toBlock, int perBlock, int outer, Block body) {
        Scratch sc = SCRATCH.get();
        for (int b = fromBlock; b < toBlock; b++) {
            int o0 = b * perBlock;
            body.run(o0, Math.min(perBlock, outer - o0), sc);
        }
    }

    /** Per-thread scratch, grown on demand and reused across calls (no per-step allocation). */
    private static final class Scratch {
        double[] a = new double[0];
        double[] b = new double[0];
        double[] c = new double[0];
        /** Fast forward without a trace: receive the spike bytes and H. */
        byte[] sink = new byte[0];
        float[] hf = new float[0];
        /** Fast path, float32 NIO arrays: one bulk copy per block each way. */
        float[] xf = new float[0];
        float[] of = new float[0];
        /** float32 staging for the NIO copies. */
        final float[] stage = new float[FlatArray.STAGE];
        int[] lb = new int[0];
        double[] v = new double[0];
        double[] cur = new double[0];
        double[] vInit = new double[0];
        double[] k = new double[0];
        double[] a0 = new double[0];
        double[] b0 = new double[0];
        double[] c0 = new double[0];
        double[] th = new double[0];
        double[] v0 = new double[0];
        double[] accTau = new double[0];
        double[] accTheta = new double[0];

        void ensure(int blockLen, int lanes) {
            if (a.length < blockLen) {
                a = new double[blockLen];
                b = new double[blockLen];
                c = new double[blockLen];
                sink = new byte[blockLen];
                hf = new float[blockLen];
                xf = new float[blockLen];
                of = new float[blockLen];
            }
            if (v.length < lanes) {
                lb = new int[lanes];
                v = new double[lanes];
                cur = new double[lanes];
                vInit = new double[lanes];
                k = new double[lanes];
                a0 = new double[lanes];
                b0 = new double[lanes];
                c0 = new double[lanes];
                th = new double[lanes];
                v0 = new double[lanes];
                accTau = new double[lanes];
                accTheta = new double[lanes];
            }
        }
    }
}
