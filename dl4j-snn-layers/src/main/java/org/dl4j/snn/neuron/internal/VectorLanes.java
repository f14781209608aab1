package org.dl4j.snn.neuron.internal;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * One time step of {@link NeuronKernel}'s fast path over a run of consecutive lanes, with the JDK's Vector API
 * ({@code jdk.incubator.vector}): the same double expressions as the kernel's scalar loops, term by term and in the
 * same order, evaluated on several lanes per instruction. IEEE add, multiply, divide and compare, float-to-double
 * widening and double-to-float rounding give the same bits in a vector lane as in a scalar register (Java never
 * contracts to fused multiply-add), so results are bit-identical to the scalar loops (NeuronKernelBitIdentityTest).
 *
 * <p>Why: the scalar loop converts between float and double and tests the spike per element; C2 in JDK 17 vectorises
 * neither, and the loop ran at 3-4 ns per neuron-step (mostly conversions and data-dependent branches), several times
 * the memory traffic's cost. Each method handles lanes [0, n) with n a multiple of the vector length and returns n;
 * the kernel's scalar loop does the rest. Loaded only when {@link Simd} says the module is there.
 */
final class VectorLanes {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Floats of the same lane count as {@link #D}: widened to D, rounded back from D. */
    private static final VectorSpecies<Float> F =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    /**
     * Bytes of the same lane count (spike bits), widened to D; null where that is under the smallest vector shape
     * (64 bits: 256-bit AVX2 machines), whose spike bytes go through ints ({@link #I}).
     */
    private static final VectorSpecies<Byte> B = D.vectorBitSize() / 8 < 64 ? null
            : VectorSpecies.of(byte.class, VectorShape.forBitSize(D.vectorBitSize() / 8));
    /**
     * Where B is null: ints of the same lane count, on which a step's spike bytes, packed into one int, are unpacked
     * by lane shifts ({@link #BYTE_SHIFTS}). Filling a small double array byte by byte and loading it as a vector
     * stalled every load on store forwarding (wide loads of narrow stores), several times the step's arithmetic.
     */
    private static final VectorSpecies<Integer> I = B != null ? null
            : VectorSpecies.of(int.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    /** 0, 8, 16, ...: lane j of a packed int takes byte j. */
    private static final IntVector BYTE_SHIFTS = I == null ? null : IntVector.zero(I).addIndex(8);

    private VectorLanes() {}

    /** Lanes a vector step covers. */
    static int width() {
        return D.length();
    }

    private static DoubleVector widen(float[] a, int i) {
        return (DoubleVector) FloatVector.fromArray(F, a, i).convertShape(VectorOperators.F2D, D, 0);
    }

    private static void narrow(DoubleVector v, float[] a, int i) {
        ((FloatVector) v.convertShape(VectorOperators.D2F, F, 0)).intoArray(a, i);
    }

    /** The spike bytes (0 or 1) a[i ..] of one vector step, as doubles. */
    private static DoubleVector bytes(byte[] a, int i) {
        if (B != null) return (DoubleVector) ByteVector.fromArray(B, a, i).convertShape(VectorOperators.B2D, D, 0);
        int packed = 0;
        for (int j = 0; j < I.length(); j++) packed |= (a[i + j] & 0xFF) << (8 * j);
        return (DoubleVector) IntVector.broadcast(I, packed).lanewise(VectorOperators.LSHR, BYTE_SHIFTS).and(0xFF)
                .convertShape(VectorOperators.I2D, D, 0);
    }

    /**
     * Forward step, lanes [0, n): H = dHdV*V + dHdD*X + offset, S = (H &gt;= theta), V = reset(H, S); X read at
     * {@code x[xi + l]}, H, S, out written at the same lane offsets of theirs.
     *
     * @return n, the lanes done
     */
    static int forward(double[] v, int lanes, float[] x, int xi, float[] h, int hi, float[] out, int oi, byte[] s,
                       int si, double bk, double ak, double ck, double th, ResetRule rr) {
        int n = D.loopBound(lanes);
        DoubleVector one = DoubleVector.broadcast(D, 1);
        DoubleVector zero = DoubleVector.zero(D);
        boolean hard = rr.kind() == ResetRule.Kind.HARD;
        double vReset = rr.vReset();
        for (int l = 0; l < n; l += D.length()) {
            DoubleVector hv = DoubleVector.fromArray(D, v, l).mul(bk).add(widen(x, xi + l).mul(ak)).add(ck);
            narrow(hv, h, hi + l);
            VectorMask<Double> fire = hv.compare(VectorOperators.GE, th);
            DoubleVector sv = zero.blend(one, fire);
            FloatVector sf = (FloatVector) sv.convertShape(VectorOperators.D2F, F, 0);
            sf.intoArray(out, oi + l);
            if (B != null) {
                spikeBytes(sf).intoArray(s, si + l);
            } else {
                packedSpikeBytes(sf, s, si + l);
            }
            afterReset(hv, sv, hard, vReset, th, one).intoArray(v, l);
        }
        return n;
    }

    /**
     * The spike bytes (0 or 1) of float spikes: 1.0f is 0x3F800000, whose top three bits are 001, and 0.0f is 0. A
     * mask-to-byte conversion is not compiled to vector code in JDK 17, an int shift and an int-to-byte narrowing
     * are. With 256-bit vectors the byte species would be under the smallest shape: see {@link #packedSpikeBytes}.
     */
    private static ByteVector spikeBytes(FloatVector spikes) {
        return (ByteVector) spikes.reinterpretAsInts().lanewise(VectorOperators.LSHR, 29)
                .convertShape(VectorOperators.I2B, B, 0);
    }

    /** Where B is null: the spike bytes (as {@link #spikeBytes}) packed into one int, stored byte by byte. */
    private static void packedSpikeBytes(FloatVector spikes, byte[] s, int i) {
        int packed = spikes.reinterpretAsInts().lanewise(VectorOperators.LSHR, 29)
                .lanewise(VectorOperators.LSHL, BYTE_SHIFTS).reduceLanes(VectorOperators.OR);
        for (int j = 0; j < I.length(); j++) s[i + j] = (byte) (packed >>> (8 * j));
    }

    /** V[t-1] = reset(H[t-1], S[t-1]) of lanes [0, n) into {@code vp} (H and S of step t-1 at {@code hi - lanes}). */
    private static double[] previousPotentials(ResetRule rr, double th, int n, int lanes, float[] h, byte[] s, int hi,
                                               double[] vp) {
        int prev = hi - lanes;
        boolean hard = rr.kind() == ResetRule.Kind.HARD;
        double vReset = rr.vReset();
        DoubleVector one = DoubleVector.broadcast(D, 1);
        for (int l = 0; l < n; l += D.length()) {
            afterReset(widen(h, prev + l), bytes(s, prev + l), hard, vReset, th, one).intoArray(vp, l);
        }
        return vp;
    }

    /** V after the reset, as {@code ResetRule.after}: hard S*vReset + (1 - S)*H, soft H - S*theta. */
    private static DoubleVector afterReset(DoubleVector hv, DoubleVector sv, boolean hard, double vReset, double th,
                                           DoubleVector one) {
        return hard ? sv.mul(vReset).add(one.sub(sv).mul(hv)) : hv.sub(sv.mul(th));
    }

    /**
     * q[l] = g'(H - theta) for lanes [0, n), the surrogate by its own (scalar) method: any surrogate, one small class
     * each.
     */
    private static void surrogateDerivatives(NeuronKernel.StepConstants c, int n, float[] h, int hi, double[] q) {
        double th = c.th();
        for (int l = 0; l < n; l += D.length()) widen(h, hi + l).sub(th).intoArray(q, l);
        org.dl4j.snn.surrogate.Surrogate sg = c.sg();
        for (int l = 0; l < n; l++) q[l] = sg.derivative(q[l]);
    }

    /**
     * Backward step t, lanes [0, n), as {@code NeuronKernel.backwardLanes}: H[t] at {@code h[hi + l]} (H[t-1]
     * at {@code hi - lanes + l} unless {@code first}), S likewise in {@code s}, G at {@code g[gi + l]}, dX written at
     * {@code dx[di + l]}; dv, accTau, accTheta per lane updated in place. {@code q} and {@code vp} are scratch of at
     * least lanes.
     *
     * <p>Three loops in three methods: the surrogate derivatives, V[t-1] (for a learnable tau), then the step. C2
     * compiles each method within its budget of live nodes (LiveNodeCountInliningCutoff); as one method it went over,
     * stopped resolving the vectors' exact classes, and the loop's last store fell back to the Vector API's
     * unintrinsified Java code (a boxed vector per lane group).
     *
     * @return n, the lanes done
     */
    static int backward(NeuronKernel.StepConstants c, int lanes, boolean first, float[] h, byte[] s, int hi,
                        float[] g, int gi, float[] dx, int di, double[] dv, double[] vInit, double[] accTau,
                        double[] accTheta, double[] q, double[] vp) {
        int n = D.loopBound(lanes);
        surrogateDerivatives(c, n, h, hi, q);
        double[] vPrevs = c.leaky() == null ? null : first ? vInit : previousPotentials(c.rr(), c.th(), n, lanes, h,
                s, hi, vp);
        steps(c, n, h, s, hi, g, gi, dx, di, dv, vPrevs, accTau, accTheta, q);
        return n;
    }

    /** The step of {@link #backward} on lanes [0, n), with q = g'(H - theta) and V[t-1] in {@code vPrevs}. */
    private static void steps(NeuronKernel.StepConstants c, int n, float[] h, byte[] s, int hi, float[] g, int gi,
                              float[] dx, int di, double[] dv, double[] vPrevs, double[] accTau, double[] accTheta,
                              double[] q) {
        double th = c.th();
        ResetRule rr = c.rr();
        boolean hard = rr.kind() == ResetRule.Kind.HARD;
        boolean soft = rr.kind() == ResetRule.Kind.SOFT;
        boolean detached = rr.detached();
        double vReset = rr.vReset();
        Charge.Lif leaky = c.leaky();
        boolean learnTheta = c.learnTheta();
        double k = c.k();
        double omk = c.omk();
        double bk = c.bk();
        double ak = c.ak();
        DoubleVector one = DoubleVector.broadcast(D, 1);
        DoubleVector negZero = DoubleVector.broadcast(D, -0.0);
        DoubleVector dhdd = DoubleVector.broadcast(D, ak);
        DoubleVector dhdv = DoubleVector.broadcast(D, bk);
        for (int l = 0; l < n; l += D.length()) {
            DoubleVector hv = widen(h, hi + l);
            DoubleVector dV = DoubleVector.fromArray(D, dv, l);
            DoubleVector sv = bytes(s, hi + l);
            DoubleVector qv = DoubleVector.fromArray(D, q, l);
            // dS = G + dV * dV/dS
            DoubleVector dVdS = detached ? DoubleVector.zero(D)
                    : hard ? DoubleVector.broadcast(D, vReset).sub(hv) : DoubleVector.broadcast(D, -th);
            DoubleVector dS = widen(g, gi + l).add(dV.mul(dVdS));
            DoubleVector dH = dS.mul(qv).add(hard ? one.sub(sv).mul(dV) : dV);
            narrow(dhdd.mul(dH), dx, di + l);
            dhdv.mul(dH).intoArray(dv, l);
            if (learnTheta) {
                DoubleVector viaTheta = soft ? sv.mul(dV).neg() : negZero;
                dS.neg().mul(qv).add(viaTheta).add(DoubleVector.fromArray(D, accTheta, l)).intoArray(accTheta, l);
            }
            if (leaky != null) {
                DoubleVector vPrev = DoubleVector.fromArray(D, vPrevs, l);
                DoubleVector dHdk = leaky.decayInput ? hv.sub(vPrev).div(k) : vPrev.sub(leaky.rest).neg();
                dH.mul(dHdk).mul(k).mul(omk).add(DoubleVector.fromArray(D, accTau, l)).intoArray(accTau, l);
            }
        }
    }
}
