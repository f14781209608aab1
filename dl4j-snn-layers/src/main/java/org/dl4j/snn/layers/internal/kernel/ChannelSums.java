package org.dl4j.snn.layers.internal.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The lane part of {@link BatchNormKernel}'s per-channel sums on 8 double lanes of the JDK's Vector API, in exactly
 * the order of its scalar lane loops (see {@code BatchNormKernel.sum}): lane k adds the elements i = k (mod 8) below
 * n - n % 8 and the lanes are added in order 0..7 (BatchNormKernel adds the remaining elements). IEEE adds and
 * multiplies and float-to-double widening give the same bits on a lane as in a register, so the results are the
 * scalar ones bit for bit ({@code ChannelSumsTest}). Loaded only where {@code Simd} says the Vector API is in the JVM,
 * and used where {@link #applies()} (512-bit vectors); the scalar lane loops run elsewhere.
 */
final class ChannelSums {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_512;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;

    private ChannelSums() {
    }

    /** Whether the hardware runs 8 double lanes natively (AVX-512); elsewhere the Vector API would emulate them. */
    static boolean applies() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    }

    private static DoubleVector widen(float[] a, int i) {
        return (DoubleVector) FloatVector.fromArray(F, a, i).convertShape(VectorOperators.F2D, D, 0);
    }

    /** The lanes of {@code acc} added in order 0..7. */
    private static double lanes(DoubleVector acc) {
        double[] l = acc.toArray();
        return l[0] + l[1] + l[2] + l[3] + l[4] + l[5] + l[6] + l[7];
    }

    /** The lane part of {@code BatchNormKernel.sum}: x[0 .. n - n % 8) in 8 partial sums, added in lane order. */
    static double laneSum(float[] x, int n) {
        int n8 = n - n % 8;
        DoubleVector acc = DoubleVector.zero(D);
        for (int i = 0; i < n8; i += 8) acc = acc.add(widen(x, i));
        return lanes(acc);
    }

    /** The lane part of {@code BatchNormKernel.squaredDeviations}. */
    static double laneSquaredDeviations(float[] x, int n, double mu) {
        int n8 = n - n % 8;
        DoubleVector acc = DoubleVector.zero(D);
        for (int i = 0; i < n8; i += 8) {
            DoubleVector d = widen(x, i).sub(mu);
            acc = acc.add(d.mul(d));
        }
        return lanes(acc);
    }

    /** The lane part of {@code BatchNormKernel.sumAndDot}, into {@code out[0]} and {@code out[1]}. */
    static void laneSumAndDot(float[] g, float[] x, int n, float m, double[] out) {
        int n8 = n - n % 8;
        DoubleVector s = DoubleVector.zero(D);
        DoubleVector p = DoubleVector.zero(D);
        for (int i = 0; i < n8; i += 8) {
            DoubleVector gv = widen(g, i);
            DoubleVector dv = (DoubleVector) FloatVector.fromArray(F, x, i).sub(m)
                    .convertShape(VectorOperators.F2D, D, 0);
            s = s.add(gv);
            p = p.add(gv.mul(dv));
        }
        out[0] = lanes(s);
        out[1] = lanes(p);
    }
}
