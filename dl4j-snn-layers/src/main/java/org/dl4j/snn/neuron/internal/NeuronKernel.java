package org.dl4j.snn.neuron.internal;

import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.dl4j.snn.surrogate.Surrogate;

/**
 * The neuron recursion, forward and backward (BPTT), as one kernel over flat arrays: the hot loop of the library.
 * Layout [outer, T, inner] (see {@link Geometry}). Per element it runs the three steps of every neuron exactly as
 * {@link NeuronConfig} (and the golden README) states: charge, whose equation is the model's ({@link Charge}: IF, LIF,
 * CUBA_LIF), fire, S = Heaviside(H - theta), and reset ({@link ResetRule}: hard, soft, detached, or none for the
 * non-spiking readout, whose output is H). The loops are written once; a model enters only through its pieces'
 * coefficients and partial derivatives, resolved once per kernel and per block (see {@link Charge} for why not per
 * element).
 *
 * <p>BPTT, per element, for t = T-1 .. 0, with G = dL/dout[t], dV = dL/dV[t] from step t+1, q = surrogate'(H[t] -
 * theta) and the pieces' partials dH/dV = 1 - k, dH/dD = a, dH/dk (charge) and dV/dS, dV/dH, dV/dtheta (reset):
 * <pre>
 *   dS      = G + dV * dV/dS
 *   dH      = dS*q + dV * dV/dH           non-spiking: out = V = H, so dH = G + dV
 *   dTheta += -dS*q + dV * dV/dtheta      (the last two products are ResetRule.viaH and viaTheta)
 *   dk     += dH * dH/dk;                 dw = dk * k*(1-k)  (PLIF: k = sigmoid(w))
 *   dD      = dH * dH/dD;                 dX = dD, or through CUBA_LIF's synaptic current ({@link Charge.CubaLif})
 *   dV[t-1] = dH * dH/dV;                 dv0 = dV[-1]
 * </pre>
 * V[t-1] is recomputed from the stored H[t-1] and S[t-1] by the reset rule, so the trace holds only H (in the
 * input's precision) and S (one byte per element). {@link #smoothForGradientChecks} swaps Heaviside for the
 * surrogate's primitive g, making these same equations the exact gradient (for checks only).
 *
 * <p>Speed: the recursion is serial in t, so the kernel runs many independent recursions side by side: a block of
 * consecutive rows (at least 64 "lanes" (row, inner position), or one row when inner &gt;= 64) is contiguous in the
 * [outer, T, inner] layout, so it moves between the arrays and double scratch with one straight copy each way (the
 * scalar loops do not transpose: for them a per-element time-major gather/scatter would cost more than the recursion
 * itself when inner = 1; the SIMD path does, below), and the innermost loop runs over the lanes, each addressed by its
 * own offset. No allocation per time step (scratch is
 * per thread and reused across calls); blocks run in parallel on {@link Parallel}'s pool of {@link #threads()} threads.
 * Parameter gradients are first summed per row, then reduced in row order, so results do not depend on the
 * thread count.
 *
 * <p>The common case (spiking, LIF/PLIF/IF, tau and theta the same for all lanes of a block, float32 arrays) takes
 * a fast path: scalar coefficients, no per-element mode tests, float32 data used in place or after one bulk copy,
 * H and S stored straight from the loop. It evaluates the same double expressions in the same order as the
 * general loops, so every result is bit-identical (NeuronKernelBitIdentityTest checks this against the kernel as
 * it was before, kept in the tests as ReferenceNeuronKernel). Where the JVM has the Vector API ({@link Simd}),
 * the fast path's float32 blocks run each step's lanes on SIMD registers ({@code VectorLanes}), with the same
 * expressions and so the same bits: a conv layer's row as it lies (inner = spatial size, lanes contiguous), a dense
 * layer's block of rows (inner = 1, lanes T apart) after a transposition to time-major scratch and back.
 */
public final class NeuronKernel {

    /** Below this many elements a call runs on the caller's thread: forking costs more than it saves. */
    private static final int PARALLEL_THRESHOLD = 1 << 15;
    /** Lanes per block: enough independent recursions side by side to hide the latency of one step. */
    private static final int LANES = 64;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final NeuronConfig config;
    private final int threads;
    private final boolean spiking;
    private final Charge charge;
    /** The charge's synaptic current (CUBA_LIF), else null: the extra state of the model. */
    private final Charge.CubaLif current;
    private final ResetRule reset;
    private final Surrogate surrogate;
    private final boolean smooth;
    /** Whether the fast path's float32 blocks run on {@code VectorLanes}. */
    private final boolean vector;
    /** This JVM's first forward and backward calls ({@link Simd.WarmUp}). */
    private static final Simd.WarmUp FORWARD_WARM_UP = new Simd.WarmUp(16);
    private static final Simd.WarmUp BACKWARD_WARM_UP = new Simd.WarmUp(16);
    private final Simd.WarmUp forwardWarmUp;
    private final Simd.WarmUp backwardWarmUp;

    /** What backward needs from a forward pass, plus the final state for streaming. */
    public static final class Trace {
        private final Geometry shape;
        private final ParamValues params;
        private final State initial;
        private final State finalState;
        private final FlatArray h;
        private final byte[] s;
        /**
         * Whether the blocks of several rows (dense layers, inner = 1, on the SIMD fast path) hold H and S
         * time-major, [T, lanes] within the block's [base, base + length), as the SIMD steps run on them: backward
         * reads them where they lie instead of transposing them twice.
         */
        private final boolean timeMajor;
        /** sigmoid(tauW[j]) for every entry of a learnable tau (null otherwise): one exp per value per call. */
        private final double[] decays;

        Trace(Geometry shape, ParamValues params, State initial, State finalState, FlatArray h,
              byte[] s, boolean timeMajor) {
            this.shape = shape;
            this.params = params;
            this.initial = initial;
            this.finalState = finalState;
            this.h = h;
            this.s = s;
            this.timeMajor = timeMajor;
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

        /**
         * Membrane potential after charge, H[t], layout [outer, T, inner]; null unless the pass was training. A copy
         * where the kernel keeps H time-major within its blocks.
         */
        public FlatArray membrane() {
            if (h == null || !timeMajor) return h;
            float[] stored = h.heapFloats();
            float[] rows = new float[stored.length];
            int steps = shape.steps();
            for (int o0 = 0; o0 < shape.outer(); o0 += LANES) {
                int lanes = Math.min(LANES, shape.outer() - o0);
                transpose(stored, o0 * steps, rows, o0 * steps, steps, lanes);
            }
            return FlatArray.of(rows);
        }

        /** Whether {@link NeuronKernel#backward} can use this trace. */
        public boolean isTraining() { return h != null; }
    }

    /** A kernel for {@code config} using all available processors. */
    public NeuronKernel(NeuronConfig config) {
        this(config, Runtime.getRuntime().availableProcessors());
    }

    /** A kernel for {@code config} running on at most {@code threads} threads (1 = caller thread only). */
    public NeuronKernel(NeuronConfig config, int threads) {
        this(config, threads, false, Simd.available(), FORWARD_WARM_UP, BACKWARD_WARM_UP);
    }

    /** FOR TESTS: a kernel with the Vector API on or off (on only where {@link Simd#available()}). */
    static NeuronKernel withVectors(NeuronConfig config, int threads, boolean vector) {
        return new NeuronKernel(config, threads, false, vector && Simd.available(), FORWARD_WARM_UP, BACKWARD_WARM_UP);
    }

    /** FOR TESTS: a kernel on the Vector API whose own first {@code calls} forward and backward calls warm up. */
    static NeuronKernel withWarmUp(NeuronConfig config, int threads, int calls) {
        return new NeuronKernel(config, threads, false, Simd.available(), new Simd.WarmUp(calls),
                new Simd.WarmUp(calls));
    }

    /**
     * A kernel whose forward fires S = g(H - theta) (the surrogate's primitive) instead of Heaviside, FOR GRADIENT
     * CHECKS ONLY: under it the surrogate backward is the exact gradient of the forward, so finite differences
     * (or DL4J's GradientCheckUtil) can verify the whole BPTT path. Not for training or inference. detachReset
     * deliberately drops a path and so is not a true gradient even here.
     */
    public static NeuronKernel smoothForGradientChecks(NeuronConfig config, int threads) {
        return new NeuronKernel(config, threads, true, false, FORWARD_WARM_UP, BACKWARD_WARM_UP);
    }

    private NeuronKernel(NeuronConfig config, int threads, boolean smooth, boolean vector, Simd.WarmUp forwardWarmUp,
                         Simd.WarmUp backwardWarmUp) {
        if (config == null) throw new IllegalArgumentException("NeuronKernel: config must not be null");
        if (threads < 1) throw new IllegalArgumentException("NeuronKernel.threads must be >= 1, got " + threads);
        this.config = config;
        this.threads = threads;
        this.spiking = config.spiking();
        this.charge = Charge.of(config);
        this.current = charge.current();
        this.reset = ResetRule.of(config);
        this.surrogate = config.surrogate();
        this.smooth = smooth && config.spiking();
        this.vector = vector;
        this.forwardWarmUp = forwardWarmUp;
        this.backwardWarmUp = backwardWarmUp;
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
                throw new IllegalArgumentException("NeuronKernel.forward: initial state has " + initial.length()
                        + " neurons, expected batch*channels*spatial = " + sl + " for " + shape);
            }
            if (current != null && initial.current() == null) {
                throw new IllegalArgumentException("NeuronKernel.forward: initial state lacks the synaptic current"
                        + " required by CUBA_LIF");
            }
            initial = initial.copy();
        }
        State fin = recycle != null && recycle.finalState.length() == sl
                && (recycle.finalState.current() != null) == (current != null) ? recycle.finalState
                : State.zeros(sl, current != null);
        // The smooth gradient-check mode keeps H in float64 so that S = g(H - theta) recomputes exactly.
        FlatArray h = !training ? null : smooth ? FlatArray.of(new double[n])
                : recycle != null && recycle.h != null && recycle.h.length() == n
                        && recycle.h.isDouble() == x.isDouble()
                ? recycle.h : x.allocateLike(n);
        byte[] s = !training || !spiking || smooth ? null
                : recycle != null && recycle.s != null && recycle.s.length == n ? recycle.s : new byte[n];
        // Dense layers' blocks (inner = 1, rows of one lane each) on the SIMD fast path run time-major.
        boolean timeMajor = vector && shape.inner() == 1 && !x.isDouble() && !out.isDouble()
                && fastPath(p, shape, LANES);
        Trace tr = new Trace(shape, p, initial, fin, h, s, timeMajor);
        int every = vectorsEvery(forwardWarmUp);
        parallelRows(shape, (b, sc) -> forwardBlock(tr, b, x, out, sc, every));
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
            throw new IllegalStateException("NeuronKernel.backward: the forward pass ran with training = false");
        }
        Geometry shape = trace.shape;
        int n = shape.length();
        checkLength("gradOut", gradOut, n);
        checkLength("gradX", gradX, n);
        int sl = shape.stateLength();
        if (gradFinal != null && (gradFinal.length() != sl || (current != null && gradFinal.current() == null))) {
            throw new IllegalArgumentException("NeuronKernel.backward: gradFinal must have " + sl + " neurons"
                    + (current != null ? " and a current array (CUBA_LIF)" : "") + ", got " + gradFinal);
        }
        boolean learnTau = trace.params.tauW() != null;
        boolean learnTheta = trace.params.theta() != null;
        boolean learnV0 = trace.params.v0() != null && trace.initial == null;
        // Per-row partial sums (by [o, i] for NEURON scope, by o otherwise), reduced in row order below.
        double[] pTau = learnTau ? new double[partialLength(config.tauScope(), shape)] : null;
        double[] pTheta = learnTheta ? new double[partialLength(config.thetaScope(), shape)] : null;
        double[] pV0 = learnV0 ? new double[partialLength(config.v0Scope(), shape)] : null;
        State gInit = trace.initial != null ? State.zeros(sl, current != null) : null;
        Partials parts = new Partials(pTau, pTheta, pV0, gInit);
        int every = vectorsEvery(backwardWarmUp);
        parallelRows(shape, (b, sc) -> backwardBlock(trace, b, gradOut, gradX, gradFinal, parts, sc, every));
        return new BpttGradients(
                learnTau ? reduce(pTau, config.tauScope(), shape) : null,
                learnTheta ? reduce(pTheta, config.thetaScope(), shape) : null,
                learnV0 ? reduce(pV0, config.v0Scope(), shape) : null,
                gInit);
    }

    // ---- per-block work ------------------------------------------------------------------------------------
    //
    // A block is a few consecutive rows o0 .. o0+rows-1 whose (row, inner position) pairs become "lanes"
    // l = r*inner + i. The recursion is serial in t, so running many independent lanes side by side in the innermost
    // loop is what keeps the CPU busy when inner = 1 (dense layers). A lane's state index o*inner + i equals
    // o0*inner + l: lanes are contiguous there.

    /**
     * Rows o0 .. o0+rows-1 as one block of {@code lanes = rows*inner} recursions over {@code steps} steps: its
     * elements are [base, base + length) of the [outer, T, inner] layout, its lanes' state indices
     * [state, state + lanes).
     */
    private record Block(int o0, int rows, int steps, int inner, int lanes, int length, int base, int state) {
        Block(Geometry shape, int o0, int rows) {
            this(o0, rows, shape.steps(), shape.inner(), rows * shape.inner(), rows * shape.inner() * shape.steps(),
                    o0 * shape.steps() * shape.inner(), o0 * shape.inner());
        }
    }

    /**
     * For one call: 0 (no {@code VectorLanes}), 1 (every block's fast-path steps on it) or, during the JVM's first
     * calls ({@link Simd.WarmUp}), {@value Simd.WarmUp#EVERY}.
     */
    private int vectorsEvery(Simd.WarmUp warmUp) {
        return vector ? warmUp.vectorsEvery() : 0;
    }

    /** The lanes of block {@code b} that run on {@code VectorLanes} in a call of {@link #vectorsEvery}: all or none. */
    private static int vectorLanes(Block b, int every) {
        return Simd.WarmUp.onVectors(every, b.o0() / Math.max(1, LANES / b.inner())) ? b.lanes() : 0;
    }

    /** Forward of one block: all T steps of its lanes ({@code every}: see {@link #vectorsEvery}). */
    private void forwardBlock(Trace tr, Block b, FlatArray x, FlatArray out, Scratch sc, int every) {
        int steps = b.steps();
        int inner = b.inner();
        int lanes = b.lanes();
        int base = b.base();
        sc.ensure(b.length(), lanes);
        if (fastPath(tr, b)) {
            forwardFast(tr, b, x, out, sc, vectorLanes(b, every));
            return;
        }
        laneOffsets(b, sc.lb);
        coefficients(tr, b, sc);
        double[] xs = sc.a;
        double[] hs = sc.b;
        double[] os = sc.c;
        byte[] sb = tr.s;
        int[] lb = sc.lb;
        double[] v = sc.v;
        double[] cur = sc.cur;
        x.read(base, xs, 0, b.length());
        initialState(tr, b, sc);
        double[] a0 = sc.a0;
        double[] b0 = sc.b0;
        double[] c0 = sc.c0;
        double[] th = sc.th;
        Charge.CubaLif syn = current;
        ResetRule rr = reset;
        for (int t = 0; t < steps; t++) {
            int tOff = t * inner;
            for (int l = 0; l < lanes; l++) {
                int j = lb[l] + tOff;
                // charge
                double drive = syn != null ? syn.drive(xs[j], cur, l) : xs[j];
                double h = b0[l] * v[l] + a0[l] * drive + c0[l];
                hs[j] = h;
                // fire (a non-spiking readout outputs H and has no spike: S = 0 for its NONE reset)
                double sv = 0;
                if (spiking) {
                    if (smooth) {
                        sv = surrogate.primitive(h - th[l]);
                    } else {
                        sv = h >= th[l] ? 1 : 0;
                        if (sb != null) sb[base + j] = (byte) sv;
                    }
                    os[j] = sv;
                } else {
                    os[j] = h;
                }
                // reset
                v[l] = rr.after(h, sv, th[l]);
            }
        }
        out.write(base, os, 0, b.length());
        if (tr.h != null) tr.h.write(base, hs, 0, b.length());
        System.arraycopy(v, 0, tr.finalState.v(), b.state(), lanes);
        if (syn != null) System.arraycopy(cur, 0, tr.finalState.current(), b.state(), lanes);
    }

    /** Backward of one block: BPTT over its T steps (see the class comment for the equations). */
    private void backwardBlock(Trace tr, Block b, FlatArray gradOut, FlatArray gradX, State gradFinal,
                               Partials parts, Scratch sc, int every) {
        int steps = b.steps();
        int inner = b.inner();
        int lanes = b.lanes();
        int base = b.base();
        int sBase = b.state();
        sc.ensure(b.length(), lanes);
        if (fastPath(tr, b) && tr.h.heapFloats() != null && !gradOut.isDouble() && !gradX.isDouble()) {
            backwardFast(tr, b, gradOut, gradX, gradFinal, parts, sc, vectorLanes(b, every));
            return;
        }
        laneOffsets(b, sc.lb);
        coefficients(tr, b, sc);
        double[] gs = sc.a;
        double[] hs = sc.b;
        double[] dx = sc.c;
        byte[] sb = tr.s;
        int sOff = base;
        int[] lb = sc.lb;
        gradOut.read(base, gs, 0, b.length());
        if (tr.timeMajor && b.rows() > 1) {
            // A time-major block (forwardFast) under float64 gradients: H and S back to the block's row layout.
            transpose(tr.h.heapFloats(), base, sc.hf, 0, steps, lanes);
            transpose(sb, base, sc.sink, 0, steps, lanes);
            for (int j = 0; j < b.length(); j++) hs[j] = sc.hf[j];
            sb = sc.sink;
            sOff = 0;
        } else {
            tr.h.read(base, hs, 0, b.length());
        }
        double[] dv = sc.v;
        double[] di = sc.cur;
        double[] accTau = sc.accTau;
        double[] accTheta = sc.accTheta;
        double[] a0 = sc.a0;
        double[] b0 = sc.b0;
        double[] th = sc.th;
        double[] kk = sc.k;
        // Only a LIF charge has a decay to learn (IF has none): its dH/dk is a final method, bound statically.
        Charge.Lif leaky = parts.tau != null ? (Charge.Lif) charge : null;
        boolean learnTheta = parts.theta != null;
        Charge.CubaLif syn = current;
        ResetRule rr = reset;
        // V[-1] of each lane, needed for dH/dk at t = 0.
        initialState(tr, b, sc);
        double[] vInit = sc.vInit;
        System.arraycopy(sc.v, 0, vInit, 0, lanes);
        // dv[l] = dL/dV[t] from later steps; di[l] = kI * dL/dI[t+1] (CUBA), the future part of dL/dI[t].
        for (int l = 0; l < lanes; l++) {
            dv[l] = gradFinal != null ? gradFinal.v()[sBase + l] : 0;
            di[l] = gradFinal != null && syn != null ? gradFinal.current()[sBase + l] : 0;
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
                    double sv = spikeValue(h, th[l], sb, sOff + j);
                    double q = surrogate.derivative(h - th[l]);
                    double dS = gs[j] + dV * rr.dVdS(h, th[l]);
                    dH = dS * q + rr.viaH(sv, dV);
                    if (learnTheta) accTheta[l] += -dS * q + rr.viaTheta(sv, dV);
                } else {
                    dH = gs[j] + dV; // a readout: out = H and V = H (NONE reset)
                }
                if (leaky != null) {
                    double vPrev = t > 0 ? potentialAfterReset(hs[j - inner], sb, sOff + j - inner, th[l]) : vInit[l];
                    double k = kk[l];
                    accTau[l] += dH * leaky.dHdk(h, vPrev, k) * k * (1 - k);
                }
                double dDrive = a0[l] * dH;
                dx[j] = syn != null ? syn.dX(dDrive, di, l) : dDrive;
                dv[l] = b0[l] * dH;
            }
        }
        gradX.write(base, dx, 0, b.length());
        addPartials(parts, b, leaky != null ? accTau : null, learnTheta ? accTheta : null, dv);
        if (parts.initial != null) {
            System.arraycopy(dv, 0, parts.initial.v(), sBase, lanes);
            if (syn != null) System.arraycopy(di, 0, parts.initial.current(), sBase, lanes);
        }
    }

    // ---- fast path -----------------------------------------------------------------------------------------
    //
    // The common case (spiking, Heaviside, LIF/PLIF/IF, coefficients equal for every lane of the block) runs
    // these loops instead of the general ones above: the pieces' coefficients as scalars read once per block instead
    // of per-lane arrays, lanes in arithmetic progression instead of lb[] (one row per block: lane l of step t at
    // t*inner + l; inner = 1: at l*T + t), and no per-element tests of the synaptic current, smooth mode or spiking.
    // Every value is computed by the same double expression, in the same order, as the general loop, so results are
    // bit-identical to it (checked by NeuronKernelBitIdentityTest against the pre-optimisation kernel).

    /** Whether the block can take the fast path. */
    private boolean fastPath(Trace tr, Block b) {
        return fastPath(tr.params, tr.shape, b.rows());
    }

    /** Whether a block of {@code rows} rows of {@code shape} can take the fast path. */
    private boolean fastPath(ParamValues params, Geometry shape, int rows) {
        if (!spiking || smooth || current != null) return false;
        // Lanes of several rows with inner > 1 are not evenly spaced.
        if (rows > 1 && shape.inner() > 1) return false;
        return sameForBlock(params.tauW(), config.tauScope(), rows, shape)
                && sameForBlock(params.theta(), config.thetaScope(), rows, shape);
    }

    /** Whether a parameter takes one value over all lanes of a block of {@code rows} rows. */
    private static boolean sameForBlock(double[] value, Scope scope, int rows, Geometry shape) {
        if (value == null || scope == Scope.LAYER) return true;
        // Consecutive rows belong to different channels unless there is only one.
        if (rows > 1) return shape.channels() == 1;
        return scope == Scope.CHANNEL || shape.inner() == 1;
    }

    /**
     * The coefficients of a fast-path block, the same for all its lanes: its decay k, the charge's dH/dV, dH/dD and
     * offset at k, and its threshold.
     */
    private record Uniform(double k, double dHdV, double dHdD, double offset, double theta) {}

    /** The block's {@link Uniform} coefficients, read from the pieces once per block. */
    private Uniform uniform(Trace tr, Block b) {
        int channel = b.o0() % tr.shape.channels();
        int inner = tr.shape.inner();
        double k = tr.decays == null ? charge.fixedDecay() : tr.decays[config.tauScope().index(channel, 0, inner)];
        double[] th = tr.params.theta();
        return new Uniform(k, charge.dHdV(k), charge.dHdD(k), charge.offset(k),
                th == null ? config.theta() : th[config.thetaScope().index(channel, 0, inner)]);
    }

    /** Fills v[0 .. lanes) with V[-1] of the block's lanes: the given initial state, or v0. */
    private void startPotential(Trace tr, Block b, double[] v) {
        int inner = b.inner();
        if (tr.initial != null) {
            System.arraycopy(tr.initial.v(), b.state(), v, 0, b.lanes());
            return;
        }
        double[] v0 = tr.params.v0();
        if (v0 == null) {
            java.util.Arrays.fill(v, 0, b.lanes(), config.fixedInitialPotential());
            return;
        }
        // Per row: one value (LAYER, CHANNEL) or the channel's run of inner values (NEURON), not a lookup per lane.
        Scope scope = config.v0Scope();
        for (int r = 0; r < b.rows(); r++) {
            int c = (b.o0() + r) % tr.shape.channels();
            if (scope == Scope.NEURON) {
                System.arraycopy(v0, c * inner, v, r * inner, inner);
            } else {
                java.util.Arrays.fill(v, r * inner, (r + 1) * inner, v0[scope.index(c, 0, inner)]);
            }
        }
    }

    /** {@link #forwardBlock} on the fast path, {@code vl} lanes of each step (0 or all) on {@code VectorLanes}. */
    private void forwardFast(Trace tr, Block b, FlatArray x, FlatArray out, Scratch sc, int vl) {
        Uniform u = uniform(tr, b);
        double bk = u.dHdV();
        double ak = u.dHdD();
        double ck = u.offset();
        double th = u.theta();
        ResetRule rr = reset;
        int steps = b.steps();
        int lanes = b.lanes();
        int blockLen = b.length();
        int base = b.base();
        int rows = b.rows();
        double[] v = sc.v;
        startPotential(tr, b, v);
        // Step t of lane l at t*tStep + l*lStep in the block: one row, t*inner + l (consecutive lanes); inner = 1,
        // l*T + t (the scalar loops run on that, the SIMD path on a time-major copy).
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
            if (rows == 1) {
                for (int t = 0; t < steps; t++) {
                    int jt = t * lanes;
                    int l0 = vl > 0 ? VectorLanes.forward(v, vl, xf, xOff + jt, hf, hOff + jt, of, oOff + jt, sb,
                            sOff + jt, bk, ak, ck, th, rr) : 0;
                    forwardLanes(v, l0, lanes, 1, xf, xOff + jt, hf, hOff + jt, of, oOff + jt, sb, sOff + jt, bk, ak,
                            ck, th, rr);
                }
            } else if (tr.timeMajor) {
                // Lanes T apart (inner = 1): X to time-major scratch, so that each step's lanes are contiguous for
                // VectorLanes (2.7 against 4.4 ns per neuron-step, 64 lanes x T = 100), and the output back; H and
                // S stay time-major in the trace, where backward reads them.
                sc.ensureTransposed(blockLen);
                transpose(xf, xOff, sc.tIn, 0, lanes, steps);
                for (int t = 0; t < steps; t++) {
                    int tb = t * lanes;
                    int l0 = vl > 0 ? VectorLanes.forward(v, vl, sc.tIn, tb, hf, hOff + tb, sc.tOut, tb, sb, sOff + tb,
                            bk, ak, ck, th, rr) : 0;
                    forwardLanes(v, l0, lanes, 1, sc.tIn, tb, hf, hOff + tb, sc.tOut, tb, sb, sOff + tb, bk, ak, ck,
                            th, rr);
                }
                transpose(sc.tOut, 0, of, oOff, steps, lanes);
            } else {
                for (int t = 0; t < steps; t++) {
                    forwardLanes(v, 0, lanes, steps, xf, xOff + t, hf, hOff + t, of, oOff + t, sb, sOff + t, bk, ak,
                            ck, th, rr);
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
                    v[l] = rr.after(h, sv, th);
                }
            }
            out.write(base, os, 0, blockLen, sc.stage);
            if (tr.h != null) tr.h.write(base, hs, 0, blockLen, sc.stage);
        }
        System.arraycopy(v, 0, tr.finalState.v(), b.state(), lanes);
    }

    /**
     * {@link #backwardBlock} on the fast path, all float32 (H read straight from the trace's heap array, no double
     * scratch). One fused loop per step; the expressions are those of the general loop, term by term, and
     * (float) rounds dX as FlatArray.write does.
     */
    private void backwardFast(Trace tr, Block b, FlatArray gradOut, FlatArray gradX, State gradFinal,
                              Partials parts, Scratch sc, int vl) {
        Uniform u = uniform(tr, b);
        int steps = b.steps();
        int lanes = b.lanes();
        int blockLen = b.length();
        int base = b.base();
        int rows = b.rows();
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
        Charge.Lif leaky = parts.tau != null ? (Charge.Lif) charge : null;
        boolean learnTheta = parts.theta != null;
        double[] vInit = sc.vInit;
        startPotential(tr, b, vInit);
        for (int l = 0; l < lanes; l++) {
            dv[l] = gradFinal != null ? gradFinal.v()[b.state() + l] : 0;
            accTau[l] = 0;
            accTheta[l] = 0;
        }
        StepConstants c = new StepConstants(u.theta(), u.k(), 1 - u.k(), u.dHdV(), u.dHdD(), reset, surrogate, leaky,
                learnTheta);
        if (rows == 1) {
            // Step t of lane l at t*lanes + l in the block; its step t-1 at that minus lanes.
            for (int t = steps - 1; t >= 0; t--) {
                int jt = t * lanes;
                int hb = base + jt;
                int l0 = vl > 0 ? VectorLanes.backward(c, lanes, t == 0, hf, sb, hb, gs, gOff + jt, dx, dOff + jt, dv,
                        vInit, accTau, accTheta, sc.q, sc.vp) : 0;
                backwardLanes(c, l0, lanes, t == 0, 1, lanes, hf, sb, hb, gs, gOff + jt, dx, dOff + jt, dv, vInit,
                        accTau, accTheta);
            }
        } else if (tr.timeMajor) {
            // Lanes T apart (inner = 1), H and S time-major in the trace (forwardFast): G through time-major
            // scratch, dX back.
            sc.ensureTransposed(blockLen);
            transpose(gs, gOff, sc.tIn, 0, lanes, steps);
            for (int t = steps - 1; t >= 0; t--) {
                int tb = t * lanes;
                int hb = base + tb;
                int l0 = vl > 0 ? VectorLanes.backward(c, lanes, t == 0, hf, sb, hb, sc.tIn, tb, sc.tOut, tb, dv,
                        vInit, accTau, accTheta, sc.q, sc.vp) : 0;
                backwardLanes(c, l0, lanes, t == 0, 1, lanes, hf, sb, hb, sc.tIn, tb, sc.tOut, tb, dv, vInit,
                        accTau, accTheta);
            }
            transpose(sc.tOut, 0, dx, dOff, steps, lanes);
        } else {
            // Step t of lane l at l*T + t in the block; its step t-1 just before it.
            for (int t = steps - 1; t >= 0; t--) {
                backwardLanes(c, 0, lanes, t == 0, steps, 1, hf, sb, base + t, gs, gOff + t, dx, dOff + t, dv, vInit,
                        accTau, accTheta);
            }
        }
        if (dx == sc.of) gradX.writeFloats(base, dx, 0, blockLen);
        addPartials(parts, b, leaky != null ? accTau : null, learnTheta ? accTheta : null, dv);
        if (parts.initial != null) System.arraycopy(dv, 0, parts.initial.v(), b.state(), lanes);
    }

    /**
     * The constants of one fast-path block's backward steps (the block's coefficients, the pieces, and what is
     * learnt), for {@link #backwardLanes} and {@code VectorLanes.backward}.
     */
    record StepConstants(double th, double k, double omk, double bk, double ak, ResetRule rr, Surrogate sg,
                         Charge.Lif leaky, boolean learnTheta) {}

    /**
     * Forward step of the fast path over lanes [from, to), {@code stride} elements apart: lane l's X at
     * {@code x[xi + l*stride]}, its H, spike and spike byte written at the same offsets of {@code h}, {@code out} and
     * {@code s} (from {@code hi}, {@code oi}, {@code si}).
     */
    private static void forwardLanes(double[] v, int from, int to, int stride, float[] x, int xi, float[] h, int hi,
                                     float[] out, int oi, byte[] s, int si, double bk, double ak, double ck, double th,
                                     ResetRule rr) {
        for (int l = from; l < to; l++) {
            int j = l * stride;
            double hv = bk * v[l] + ak * x[xi + j] + ck;
            h[hi + j] = (float) hv;
            double sv = hv >= th ? 1 : 0;
            s[si + j] = (byte) sv;
            out[oi + j] = (float) sv;
            v[l] = rr.after(hv, sv, th);
        }
    }

    /**
     * Backward step of the fast path over lanes [from, lanes), {@code stride} elements apart: H[t] and S[t] of lane l
     * at {@code hi + l*stride} (step t-1 {@code back} elements before, unless {@code first}), G at
     * {@code g[gi + l*stride]}, dX written at {@code dx[di + l*stride]}; dv, accTau and accTheta per lane updated in
     * place.
     */
    private static void backwardLanes(StepConstants c, int from, int lanes, boolean first, int stride, int back,
                                      float[] h, byte[] s, int hi, float[] g, int gi, float[] dx, int di, double[] dv,
                                      double[] vInit, double[] accTau, double[] accTheta) {
        double th = c.th();
        double k = c.k();
        double omk = c.omk();
        ResetRule rr = c.rr();
        Surrogate sg = c.sg();
        Charge.Lif leaky = c.leaky();
        boolean learnTheta = c.learnTheta();
        for (int l = from; l < lanes; l++) {
            int j = l * stride;
            double hv = h[hi + j];
            double dV = dv[l];
            double sv = s[hi + j];
            double q = sg.derivative(hv - th);
            double dS = g[gi + j] + dV * rr.dVdS(hv, th);
            double dH = dS * q + rr.viaH(sv, dV);
            if (learnTheta) accTheta[l] += -dS * q + rr.viaTheta(sv, dV);
            if (leaky != null) {
                double vPrev = first ? vInit[l] : rr.after(h[hi + j - back], s[hi + j - back], th);
                accTau[l] += dH * leaky.dHdk(hv, vPrev, k) * k * omk;
            }
            dx[di + j] = (float) (c.ak() * dH);
            dv[l] = c.bk() * dH;
        }
    }

    /**
     * A [rows, cols] block at {@code src[from]} into [cols, rows] at {@code dst[to]}: {@code dst[to + c*rows + r] =
     * src[from + r*cols + c]} (a dense layers' block to time-major scratch with rows = lanes, and back with rows = T).
     */
    private static void transpose(float[] src, int from, float[] dst, int to, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int o = from + r * cols;
            for (int c = 0; c < cols; c++) dst[to + c * rows + r] = src[o + c];
        }
    }

    /** {@link #transpose(float[], int, float[], int, int, int)} for the spike bytes. */
    private static void transpose(byte[] src, int from, byte[] dst, int to, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int o = from + r * cols;
            for (int c = 0; c < cols; c++) dst[to + c * rows + r] = src[o + c];
        }
    }

    /**
     * Offset of each lane's step 0 inside a block stored in its own layout [rows, T, inner]: lane l = r*inner + i
     * starts at r*T*inner + i, and its step t is at that plus t*inner.
     */
    private static void laneOffsets(Block b, int[] lb) {
        int inner = b.inner();
        for (int r = 0; r < b.rows(); r++) {
            for (int i = 0; i < inner; i++) lb[r * inner + i] = r * b.steps() * inner + i;
        }
    }

    /** S recomputed for backward: the stored bit, or g(H - theta) in the smooth gradient-check mode. */
    private double spikeValue(double h, double th, byte[] sBits, int idx) {
        return smooth ? surrogate.primitive(h - th) : sBits[idx];
    }

    /** V after reset, recomputed from a stored H and S (same expression as the forward pass). */
    private double potentialAfterReset(double h, byte[] sBits, int idx, double th) {
        return reset.after(h, spiking ? spikeValue(h, th, sBits, idx) : 0, th);
    }

    /** Fills sc.v (and sc.cur) with the state before step 0 of the block's lanes. */
    private void initialState(Trace tr, Block b, Scratch sc) {
        int sBase = b.state();
        int lanes = b.lanes();
        if (tr.initial != null) {
            System.arraycopy(tr.initial.v(), sBase, sc.v, 0, lanes);
            if (current != null) System.arraycopy(tr.initial.current(), sBase, sc.cur, 0, lanes);
        } else {
            System.arraycopy(sc.v0, 0, sc.v, 0, lanes);
            if (current != null) java.util.Arrays.fill(sc.cur, 0, lanes, 0);
        }
    }

    /** Per-lane coefficients of the block: k, the charge's a, b and k*vR, theta and v0. */
    private void coefficients(Trace tr, Block b, Scratch sc) {
        ParamValues p = tr.params;
        int inner = b.inner();
        double fixedK = charge.fixedDecay();
        double fixedV0 = config.fixedInitialPotential();
        for (int r = 0; r < b.rows(); r++) {
            int c = (b.o0() + r) % tr.shape.channels();
            for (int i = 0; i < inner; i++) {
                int l = r * inner + i;
                double k = tr.decays != null ? tr.decays[config.tauScope().index(c, i, inner)] : fixedK;
                sc.k[l] = k;
                sc.b0[l] = charge.dHdV(k);
                sc.a0[l] = charge.dHdD(k);
                sc.c0[l] = charge.offset(k);
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

    /**
     * Stores the block's per-lane contributions to dtauW, dtheta and dv0 (null: not learnt) in the partial arrays
     * (blocks write disjoint slots).
     */
    private void addPartials(Partials parts, Block b, double[] accTau, double[] accTheta, double[] dv0) {
        if (accTau != null) addPartial(parts.tau, config.tauScope(), b, accTau);
        if (accTheta != null) addPartial(parts.theta, config.thetaScope(), b, accTheta);
        if (parts.v0 != null) addPartial(parts.v0, config.v0Scope(), b, dv0);
    }

    private static void addPartial(double[] partial, Scope scope, Block b, double[] acc) {
        int inner = b.inner();
        if (scope == Scope.NEURON) {
            System.arraycopy(acc, 0, partial, b.state(), b.lanes());
            return;
        }
        for (int r = 0; r < b.rows(); r++) {
            double s = 0;
            for (int i = 0; i < inner; i++) s += acc[r * inner + i];
            partial[b.o0() + r] = s;
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
        if (a == null) throw new IllegalArgumentException("NeuronKernel: " + name + " must not be null");
        if (a.length() != n) {
            throw new IllegalArgumentException("NeuronKernel: " + name + " has " + a.length()
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
                throw new IllegalArgumentException("NeuronKernel: parameter \"" + name
                        + "\" was given but the config does not make it learnable");
            }
            return null;
        }
        int len = scope.length(channels, inner);
        if (value == null || value.length != len) {
            throw new IllegalArgumentException("NeuronKernel: parameter \"" + name + "\" must have " + len
                    + " values (scope " + scope + ", channels " + channels + ", spatial " + inner + "), got "
                    + (value == null ? "none" : value.length));
        }
        return value.clone();
    }

    // ---- threading -----------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface BlockBody {
        void run(Block block, Scratch scratch);
    }

    /**
     * Runs {@code body} over all rows in blocks of {@link #LANES}/inner rows (at least one), the blocks split into
     * contiguous ranges on up to {@link #threads} threads.
     */
    private void parallelRows(Geometry shape, BlockBody body) {
        int outer = shape.outer();
        int perBlock = Math.max(1, LANES / shape.inner());
        int blocks = (outer + perBlock - 1) / perBlock;
        int workers = shape.length() < PARALLEL_THRESHOLD ? 1 : threads;
        Parallel.ranges(workers, blocks, (from, to) -> runBlocks(shape, from, to, perBlock, body));
    }

    private static void runBlocks(Geometry shape, int fromBlock, int toBlock, int perBlock, BlockBody body) {
        Scratch sc = SCRATCH.get();
        for (int b = fromBlock; b < toBlock; b++) {
            int o0 = b * perBlock;
            body.run(new Block(shape, o0, Math.min(perBlock, shape.outer() - o0)), sc);
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
        /** VectorLanes.backward: the surrogate derivative per lane. */
        double[] q = new double[0];
        /** VectorLanes.backward: V[t-1] per lane. */
        double[] vp = new double[0];
        /** A time-major block (inner = 1 with SIMD): X or G in, S or dX out. */
        float[] tIn = new float[0];
        float[] tOut = new float[0];

        void ensureTransposed(int blockLen) {
            if (tIn.length < blockLen) {
                tIn = new float[blockLen];
                tOut = new float[blockLen];
            }
        }

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
                q = new double[lanes];
                vp = new double[lanes];
            }
        }
    }
}
