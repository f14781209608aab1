package org.dl4j.snn.layers.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The spike-driven dense maps against ND4J's GEMM, with weights and gradients in DL4J's f order (views of the parameter
 * vector) and in c order; the density limit; the bulk-copy helpers of {@link TimeLayout}.
 */
class SparseDenseKernelTest {
    private static final int BATCH = 5;
    private static final int N_IN = 37;
    private static final int N_OUT = 23;
    private static final int STEPS = 7;

    /** [batch, nIn, T] with about 10 % non-zeros, a few of them not 1 (scaled or negative inputs). */
    private static INDArray sparseInput(long seed) {
        Random r = new Random(seed);
        float[] x = new float[BATCH * N_IN * STEPS];
        for (int i = 0; i < x.length; i++) {
            double u = r.nextDouble();
            x[i] = u < 0.08 ? 1f : u < 0.10 ? (float) r.nextGaussian() : 0f;
        }
        return Nd4j.create(x, new long[] {BATCH, N_IN, STEPS}, 'c');
    }

    private static INDArray random(long seed, char order, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, shape).dup(order);
    }

    /** z[n, :, t] = W^T x[n, :, t] for every (n, t), by ND4J. */
    private static INDArray gemmForward(INDArray x, INDArray w) {
        INDArray z = Nd4j.create(DataType.FLOAT, BATCH, N_OUT, STEPS);
        for (int n = 0; n < BATCH; n++) {
            z.slice(n).assign(w.transpose().mmul(x.slice(n)));
        }
        return z;
    }

    @Test
    void forwardEqualsTheGemmForFAndCOrderWeights() {
        INDArray x = sparseInput(1);
        SparseDenseKernel k = SparseDenseKernel.scan(x, SparseDenseKernel.MAX_DENSITY);
        assertThat(k).isNotNull();
        for (char order : new char[] {'f', 'c'}) {
            INDArray w = random(2, order, N_IN, N_OUT);
            INDArray z = Nd4j.create(DataType.FLOAT, BATCH, N_OUT, STEPS);
            k.forward(w, null, z);
            assertThat(z.equalsWithEps(gemmForward(x, w), 1e-4)).as("order %s", order).isTrue();
        }
    }

    @Test
    void forwardOfAWeightViewInsideAParameterVectorReadsOnlyThatView() {
        INDArray x = sparseInput(3);
        INDArray params = random(4, 'c', 1, 11 + N_IN * N_OUT + 5);
        // as DL4J's DefaultParamInitializer: an f-order reshape of an interval of the flat parameter row
        INDArray w = params.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(11, 11 + N_IN * N_OUT)).reshape('f', N_IN, N_OUT);
        INDArray z = Nd4j.create(DataType.FLOAT, BATCH, N_OUT, STEPS);
        SparseDenseKernel.scan(x, SparseDenseKernel.MAX_DENSITY).forward(w, null, z);
        assertThat(z.equalsWithEps(gemmForward(x, w.dup('c')), 1e-4)).isTrue();
    }

    @Test
    void weightGradientEqualsTheGemmIntoFAndCOrderGradients() {
        INDArray x = sparseInput(5);
        INDArray dz = random(6, 'c', BATCH, N_OUT, STEPS);
        INDArray expected = Nd4j.create(DataType.FLOAT, N_IN, N_OUT);
        for (int n = 0; n < BATCH; n++) {
            expected.addi(x.slice(n).mmul(dz.slice(n).transpose()));
        }
        SparseDenseKernel k = SparseDenseKernel.scan(x, SparseDenseKernel.MAX_DENSITY);
        for (char order : new char[] {'f', 'c'}) {
            INDArray dW = Nd4j.create(DataType.FLOAT, new long[] {N_IN, N_OUT}, order);
            k.weightGradient(dz, dW);
            assertThat(dW.equalsWithEps(expected, 1e-4)).as("order %s", order).isTrue();
        }
    }

    @Test
    void anInputDenserThanTheLimitIsLeftToTheGemm() {
        INDArray x = sparseInput(7);
        assertThat(SparseDenseKernel.scan(x, 0.01)).isNull();
        assertThat(SparseDenseKernel.scan(Nd4j.ones(DataType.FLOAT, BATCH, N_IN, STEPS), 0.5)).isNull();
        assertThat(SparseDenseKernel.scan(x, 0.5).density()).isCloseTo(0.10, org.assertj.core.api.Assertions.within(0.03));
    }

    @Test
    void allFiniteFindsANanOrInfinityAnywhereInALargeArray() {
        int n = 3 * (1 << 14) + 5; // more than one chunk, the last one partial
        INDArray a = Nd4j.rand(DataType.FLOAT, n);
        assertThat(TimeLayout.allFinite(a)).isTrue();
        a.putScalar(n - 1, Float.NaN);
        assertThat(TimeLayout.allFinite(a)).isFalse();
        a.putScalar(n - 1, 0.5f);
        a.putScalar(1 << 14, Float.NEGATIVE_INFINITY);
        assertThat(TimeLayout.allFinite(a)).isFalse();
        a.putScalar(1 << 14, -Float.MAX_VALUE); // the largest magnitudes are finite
        a.putScalar(3, Float.MAX_VALUE);
        assertThat(TimeLayout.allFinite(a)).isTrue();
        a.putScalar(0, Float.NaN);
        assertThat(TimeLayout.allFinite(a)).isFalse();
        // a strided view takes the reduction path
        INDArray m = Nd4j.rand(DataType.FLOAT, 8, 6);
        m.putScalar(7, 5, Float.POSITIVE_INFINITY);
        assertThat(TimeLayout.allFinite(m.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)))).isTrue();
        assertThat(TimeLayout.allFinite(m.transpose())).isFalse();
    }

    @Test
    void floatsReadsViewsAndOtherOrdersInCOrder() {
        INDArray m = random(8, 'f', 6, 9);
        assertThat(TimeLayout.floats(m)).containsExactly(m.dup('c').data().asFloat());
        INDArray row = m.getRow(3);
        assertThat(TimeLayout.floats(row)).containsExactly(row.dup('c').data().asFloat());
        INDArray d = random(9, 'c', 4, 5).castTo(DataType.DOUBLE);
        assertThat(TimeLayout.doubles(d)).containsExactly(d.data().asDouble());
    }
}
