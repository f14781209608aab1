package org.dl4j.snn.layers.internal.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PoolingKernel}'s 2x2 max pooling on 8 windows at a time with the JDK's Vector API: one row pair's 16 input
 * columns per 512-bit vector. The same comparisons in the same order as the scalar loops (a later element wins only
 * if strictly greater; IEEE compares and selects give the same result on a lane as in a register), so outputs,
 * window indices and gradients are the scalar ones bit for bit ({@code TimePoolingKernelTest} compares both with
 * libnd4j's ops).
 *
 * <p>Why: the scalar loops handle one window at a time, with selects that depend on the spikes; these handle eight
 * (figures in docs/performance.md). Window indices travel as the bit patterns 0..3 of float lanes (denormals, only
 * selected and compared for equality, never computed with), because JDK 17 compiles no float-to-int conversion here.
 * Loaded only where {@code Simd} says the Vector API is in the JVM, and used where {@link #applies()}.
 */
final class PoolingLanes {
    private static final VectorSpecies<Float> F16 = FloatVector.SPECIES_512;
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Byte> B8 = ByteVector.SPECIES_64;
    /** Windows per vector step. */
    static final int WINDOWS = 8;
    /** Lane j takes lane j + 1: the right neighbour of each even column. */
    private static final VectorShuffle<Float> NEXT = VectorShuffle.fromOp(F16, j -> Math.min(j + 1, 15));
    /** The even lanes first: window w's result, computed on lane 2w, moves to lane w. */
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(F16, j -> 2 * (j % 8));
    /** Lane j takes lane j / 2: window w's value on both its columns. */
    private static final VectorShuffle<Float> PAIRS = VectorShuffle.fromOp(F16, j -> j / 2);
    private static final FloatVector LOWEST = FloatVector.broadcast(F16, -Float.MAX_VALUE);
    private static final FloatVector[] INDEX = new FloatVector[4];
    /** The window index each column of the upper / lower row of a pair stands for (0, 1 / 2, 3 alternating). */
    private static final FloatVector UPPER;
    private static final FloatVector LOWER;

    static {
        float[] upper = new float[16];
        float[] lower = new float[16];
        for (int j = 0; j < 16; j++) {
            upper[j] = index(j % 2);
            lower[j] = index(2 + j % 2);
        }
        UPPER = FloatVector.fromArray(F16, upper, 0);
        LOWER = FloatVector.fromArray(F16, lower, 0);
        for (int i = 0; i < 4; i++) INDEX[i] = FloatVector.broadcast(F16, index(i));
    }

    private PoolingLanes() {
    }

    /** Window index i as a float lane: the bit pattern i. */
    private static float index(int i) {
        return Float.intBitsToFloat(i);
    }

    /** Whether the hardware runs 16 float lanes natively (AVX-512); elsewhere the Vector API would emulate them. */
    static boolean applies() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    }

    /**
     * Windows [0, n) of one row pair, n = {@code windows} rounded down to a multiple of {@link #WINDOWS}: the upper
     * row's columns from {@code xs[r0]}, the lower row's from {@code xs[r1]}; each window's maximum into
     * {@code ys[y + w]} (unless ys is null) and its index ky*2+kx into {@code arg[a + w]}.
     *
     * @return n, the windows done
     */
    static int maxForward(float[] xs, int r0, int r1, float[] ys, int y, byte[] arg, int a, int windows) {
        int n = windows - windows % WINDOWS;
        for (int w = 0; w < n; w += WINDOWS) {
            FloatVector v0 = FloatVector.fromArray(F16, xs, r0 + 2 * w);
            FloatVector v2 = FloatVector.fromArray(F16, xs, r1 + 2 * w);
            FloatVector best = LOWEST.blend(v0, v0.compare(VectorOperators.GT, LOWEST));
            FloatVector at = INDEX[0];
            FloatVector v1 = v0.rearrange(NEXT);
            VectorMask<Float> wins = v1.compare(VectorOperators.GT, best);
            best = best.blend(v1, wins);
            at = at.blend(INDEX[1], wins);
            wins = v2.compare(VectorOperators.GT, best);
            best = best.blend(v2, wins);
            at = at.blend(INDEX[2], wins);
            FloatVector v3 = v2.rearrange(NEXT);
            wins = v3.compare(VectorOperators.GT, best);
            best = best.blend(v3, wins);
            at = at.blend(INDEX[3], wins);
            if (ys != null) ((FloatVector) best.rearrange(EVENS).reinterpretShape(F8, 0)).intoArray(ys, y + w);
            ((ByteVector) at.rearrange(EVENS).reinterpretAsInts().convertShape(VectorOperators.I2B, B8, 0))
                    .intoArray(arg, a + w);
        }
        return n;
    }

    /**
     * Backward of {@link #maxForward} for windows [0, n) of one row pair: each of the window's four elements gets
     * {@code 0 + gs[g + w]} if the window index {@code arg[a + w]} names it, else +0 (as the scalar loop).
     *
     * @return n, the windows done
     */
    static int maxBackward(float[] gs, int g, byte[] arg, int a, float[] dxs, int r0, int r1, int windows) {
        int n = windows - windows % WINDOWS;
        FloatVector zero = FloatVector.zero(F16);
        for (int w = 0; w < n; w += WINDOWS) {
            FloatVector grad = ((FloatVector) FloatVector.fromArray(F8, gs, g + w).add(0f).reinterpretShape(F16, 0))
                    .rearrange(PAIRS);
            FloatVector at = ((FloatVector) ((IntVector) ByteVector.fromArray(B8, arg, a + w)
                    .convertShape(VectorOperators.B2I, IntVector.SPECIES_256, 0)).reinterpretAsFloats()
                    .reinterpretShape(F16, 0)).rearrange(PAIRS);
            zero.blend(grad, at.compare(VectorOperators.EQ, UPPER)).intoArray(dxs, r0 + 2 * w);
            zero.blend(grad, at.compare(VectorOperators.EQ, LOWER)).intoArray(dxs, r1 + 2 * w);
        }
        return n;
    }
}
