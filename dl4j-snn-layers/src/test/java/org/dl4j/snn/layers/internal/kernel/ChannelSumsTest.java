package org.dl4j.snn.layers.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.dl4j.snn.neuron.internal.Simd;
import org.junit.jupiter.api.Test;

/**
 * Batch norm's per-channel sums give the same bits on SIMD lanes ({@link ChannelSums}) as in the scalar loops, for every
 * length (below, at and above multiples of the 8 lanes) and for values of very different magnitudes, where a different
 * summation order would show.
 */
class ChannelSumsTest {

    private static final int[] LENGTHS = {0, 1, 7, 8, 9, 15, 16, 17, 63, 1000, 4624, 16 * 289 + 3};

    @Test
    void theTestJvmRunsTheSimdSums() {
        assertThat(Simd.unavailable()).isNull();
        assertThat(ChannelSums.applies()).as("AVX-512 on the build machine").isTrue();
    }

    @Test
    void simdSumsEqualTheScalarSumsBitForBit() {
        Random rnd = new Random(5);
        for (int n : LENGTHS) {
            for (int rep = 0; rep < 5; rep++) {
                float[] x = values(n + 5, rnd);
                float[] g = values(n + 5, rnd);
                float m = (float) rnd.nextGaussian();
                double mu = rnd.nextGaussian();
                String what = "n = " + n + ", rep " + rep;
                assertThat(bits(ChannelSums.laneSum(x, n))).as("sum, " + what)
                        .isEqualTo(bits(BatchNormKernel.scalarLaneSum(x, n)));
                assertThat(bits(ChannelSums.laneSquaredDeviations(x, n, mu))).as("squared deviations, " + what)
                        .isEqualTo(bits(BatchNormKernel.scalarLaneSquaredDeviations(x, n, mu)));
                double[] simd = new double[2];
                double[] scalar = new double[2];
                ChannelSums.laneSumAndDot(g, x, n, m, simd);
                BatchNormKernel.scalarLaneSumAndDot(g, x, n, m, scalar);
                assertThat(bits(simd[0])).as("sum of g, " + what).isEqualTo(bits(scalar[0]));
                assertThat(bits(simd[1])).as("g . (x - m), " + what).isEqualTo(bits(scalar[1]));
            }
        }
    }

    @Test
    void theSumsAreTheSumsUpToRounding() {
        Random rnd = new Random(9);
        float[] x = values(1003, rnd);
        double exact = 0;
        for (int i = 0; i < 1003; i++) exact += x[i];
        // Float inputs summed in double: only the order's rounding differs, ~1e-16 of the partial sums' size.
        assertThat(BatchNormKernel.sum(x, 1003)).isCloseTo(exact, within(1e-9));
    }

    /** Mostly N(0, 1), with every tenth value scaled by 1e3 or 1e-3 so that rounding depends on the order. */
    private static float[] values(int n, Random rnd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double s = i % 10 == 0 ? (rnd.nextBoolean() ? 1e3 : 1e-3) : 1;
            v[i] = (float) (rnd.nextGaussian() * s);
        }
        return v;
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }
}
