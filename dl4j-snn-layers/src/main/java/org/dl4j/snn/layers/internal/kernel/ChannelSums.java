package org.dl4j.snn.layers.internal.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BatchNormKernel}'s per-channel sums on 8 double lanes of the JDK's Vector API, in exactly the order of its
 * scalar sums (see {@code BatchNormKernel.sum}): lane k adds the elements i = k (mod 8) below n - n % 8, the lanes are
 * added in order 0..7, then the remaining elements in order. IEEE adds and multiplies and float-to-double widening give
 * the same bits on a lane as in a register, so the results are the scalar ones bit for bit
 * ({@code ChannelSumsTest}). Loaded only where {@code Simd} says the Vector API is in the JVM, and used where
 * {@link #applies()} (512-bit vectors); the scalar sums run elsewhere.
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

    /** Sum of x[0 .. n). */
    static double sum(float[] x, int n) {
        int n8 = n - n % 8;
        DoubleVector acc = DoubleVector.zero(D);
        for (int i = 0; i < n8; i += 8) acc = acc.add(widen(x, i));
        double s = lanes(acc);
        for (int i = n8; i < n; i++) s += x[i];
        return s;
    }

    /** Sum of (x - mu)^2 over x[0 .. n). */
    static double squaredDeviations(float[] x, int n, double mu) {
        int n8 = n - n % 8;
        DoubleVector acc = DoubleVector.zero(D);
        for (int i = 0; i < n8; i += 8) {
            DoubleVector d = widen(x, i).sub(mu);
            acc = acc.add(d.mul(d));
        }
        double s = lanes(acc);
        for (int i = n8; i < n; i++) {
            double d = x[i] - mu;
            s += d * d;
        }
        return s;
    }

    /** {@code out[0]} = sum of g, {@code out[1]} = sum of g * (x - m) (the difference in float), over [0, n). */
    static void sumAndDot(float[] g, float[] x, int n, float m, double[] out) {
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
        double sum = lanes(s);
        double dot = lanes(p);
        for (int i = n8; i < n; i++) {
            sum += g[i];
            dot += (double) g[i] * (x[i] - m);
        }
        out[0] = sum;
        out[1] = dot;
    }
}
