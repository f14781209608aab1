package org.dl4j.snn.layers.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link BlasGemm} computes the sub-matrix products ND4J's own GEMM computes on the same sub-matrices: at offsets
 * inside arrays, in views of larger buffers (as DL4J's parameters are), transposed, into a block of a wider matrix,
 * float32 (straight to OpenBLAS) and float64 (through ND4J).
 */
class BlasGemmTest {

    @Test
    void float32GoesStraightToOpenBlasInTheTests() {
        assertThat(BlasGemm.direct()).isTrue();
    }

    @Test
    void perSampleProductsAtOffsetsMatchNd4jGemm() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Nd4j.getRandom().setSeed(3);
            int batch = 3, nIn = 7, nOut = 5, steps = 4;
            // W as DL4J stores it: an f-order [nIn, nOut] view inside a larger parameter vector.
            INDArray params = Nd4j.rand(dt, 1, 3 + nIn * nOut + 2);
            INDArray w = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(3, 3 + nIn * nOut))
                    .reshape('f', nIn, nOut);
            INDArray wt = w.transpose();
            assertThat(TimeLayout.isDenseC(wt)).isTrue();
            INDArray x = Nd4j.rand(dt, batch, nIn, steps);
            INDArray z = Nd4j.zeros(dt, batch, nOut, steps);
            for (int n = 0; n < batch; n++) {
                BlasGemm.gemm(false, false, nOut, steps, nIn, 1, wt, 0, nIn, x, (long) n * nIn * steps, steps, 0, z,
                        (long) n * nOut * steps, steps);
            }
            INDArray dx = Nd4j.zeros(dt, batch, nIn, steps);
            for (int n = 0; n < batch; n++) {
                BlasGemm.gemm(true, false, nIn, steps, nOut, 1, wt, 0, nIn, z, (long) n * nOut * steps, steps, 0, dx,
                        (long) n * nIn * steps, steps);
            }
            for (int n = 0; n < batch; n++) {
                INDArray zn = Nd4j.gemm(w, x.slice(n), true, false);
                assertThat(close(z.slice(n), zn)).as(dt + " z[" + n + "]").isTrue();
                assertThat(close(dx.slice(n), Nd4j.gemm(w, zn, false, false))).as(dt + " dx[" + n + "]").isTrue();
            }
        }
    }

    @Test
    void accumulatesIntoAColumnBlockOfAWiderMatrix() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Nd4j.getRandom().setSeed(5);
            int nOut = 4, nIn = 9, steps = 6, r0 = 3, rows = 4;
            INDArray dz = Nd4j.rand(dt, 2, nOut, steps);
            INDArray x = Nd4j.rand(dt, 2, nIn, steps);
            INDArray dWt = Nd4j.valueArrayOf(new long[] {nOut, nIn}, 7.0, dt);
            for (int n = 0; n < 2; n++) {
                BlasGemm.gemm(false, true, nOut, rows, steps, 1, dz, (long) n * nOut * steps, steps, x,
                        ((long) n * nIn + r0) * steps, steps, n == 0 ? 0 : 1, dWt, r0, nIn);
            }
            INDArray expected = Nd4j.valueArrayOf(new long[] {nOut, nIn}, 7.0, dt);
            INDArray sum = Nd4j.zeros(dt, nOut, rows);
            for (int n = 0; n < 2; n++) {
                sum.addi(Nd4j.gemm(dz.slice(n), x.slice(n).get(NDArrayIndex.interval(r0, r0 + rows),
                        NDArrayIndex.all()), false, true));
            }
            expected.get(NDArrayIndex.all(), NDArrayIndex.interval(r0, r0 + rows)).assign(sum);
            assertThat(close(dWt, expected)).as(dt + " dW^T with columns outside the block untouched").isTrue();
        }
    }

    private static boolean close(INDArray a, INDArray b) {
        return a.equalsWithEps(b, a.dataType() == DataType.FLOAT ? 1e-5 : 1e-12);
    }
}
