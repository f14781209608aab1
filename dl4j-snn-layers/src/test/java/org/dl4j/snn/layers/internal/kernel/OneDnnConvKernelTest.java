package org.dl4j.snn.layers.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link OneDnnConvKernel} computes what {@link Im2colConvKernel} computes (up to float rounding), for output sizes
 * with asymmetric padding, with and without bias, on arrays that are views into a larger buffer, and repeats itself
 * exactly.
 */
class OneDnnConvKernelTest {

    @ParameterizedTest(name = "in {0}x{1}x{2}x{3}x{4}, nOut {5}, kernel {6}x{7}, pad {8},{9}, out {10}x{11}")
    @CsvSource({
        "2, 3, 4, 9, 9, 5, 3, 3, 1, 1, 9, 9",
        "3, 2, 2, 8, 7, 4, 4, 4, 1, 1, 8, 7",
        "1, 4, 3, 10, 6, 6, 5, 3, 0, 0, 6, 4",
        "2, 2, 2, 6, 8, 3, 2, 2, 3, 3, 11, 13",
    })
    void matchesTheIm2colKernel(int b, int c, int t, int h, int w, int nOut, int kH, int kW, int padH, int padW,
                                int outH, int outW) {
        Nd4j.getRandom().setSeed(5L * kH + padH);
        INDArray x = Nd4j.randn(DataType.FLOAT, b, c, t, h, w);
        INDArray wt = Nd4j.randn(DataType.FLOAT, nOut, c, kH, kW);
        INDArray bias = Nd4j.randn(DataType.FLOAT, nOut);
        INDArray dz = Nd4j.randn(DataType.FLOAT, b, nOut, t, outH, outW);

        INDArray z = Nd4j.create(DataType.FLOAT, b, nOut, t, outH, outW);
        INDArray zRef = z.dup();
        OneDnnConvKernel.forward(x, wt, bias, padH, padW, z);
        Im2colConvKernel.forward(x, wt, bias, padH, padW, zRef);
        assertClose("z", z, zRef);

        INDArray dx = Nd4j.create(DataType.FLOAT, b, c, t, h, w);
        INDArray dxRef = dx.dup();
        OneDnnConvKernel.inputGradient(wt, dz, padH, padW, dx);
        Im2colConvKernel.inputGradient(wt, dz, padH, padW, dxRef);
        assertClose("dL/dx", dx, dxRef);

        assertClose("dL/dW", OneDnnConvKernel.weightGradient(x, dz, kH, kW, padH, padW),
                Im2colConvKernel.weightGradient(x, dz, kH, kW, padH, padW));
    }

    /** Inputs and outputs that start inside a larger buffer are read and written where they lie. */
    @Test
    void worksOnViewsIntoALargerBuffer() {
        long[] xShape = {2, 3, 2, 7, 7};
        long[] zShape = {2, 4, 2, 7, 7};
        INDArray x = Nd4j.randn(DataType.FLOAT, xShape);
        INDArray wt = Nd4j.randn(DataType.FLOAT, 4, 3, 3, 3);
        INDArray zRef = Nd4j.create(DataType.FLOAT, zShape);
        Im2colConvKernel.forward(x, wt, null, 1, 1, zRef);

        DataBuffer big = Nd4j.createBuffer(DataType.FLOAT, x.length() + zRef.length() + 100, true);
        INDArray xView = Nd4j.create(Nd4j.createBuffer(big, 37, x.length()), xShape);
        xView.assign(x);
        INDArray zView = Nd4j.create(Nd4j.createBuffer(big, 37 + x.length() + 11, zRef.length()), zShape);
        assertThat(TimeLayout.isFlatFloat(zView)).as("a flat view with a buffer offset").isTrue();
        OneDnnConvKernel.forward(xView, wt, null, 1, 1, zView);
        assertClose("z", zView, zRef);
        assertThat(xView).as("input untouched").isEqualTo(x);
    }

    @Test
    void repeatsItselfExactly() {
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 8, 3, 12, 12);
        INDArray dz = Nd4j.randn(DataType.FLOAT, 4, 16, 3, 12, 12);
        INDArray first = OneDnnConvKernel.weightGradient(x, dz, 3, 3, 1, 1);
        for (int i = 0; i < 3; i++) {
            assertThat(OneDnnConvKernel.weightGradient(x, dz, 3, 3, 1, 1)).isEqualTo(first);
        }
    }

    /**
     * Several threads at once (ParallelWrapper's replicas train on their own threads) run the primitives made on
     * another thread and get what it gets (with oneDNN's default library scratchpad this failed with invalid_arguments
     * or crashed).
     */
    @Test
    void runsOnSeveralThreadsAtOnce() throws Exception {
        INDArray wt = Nd4j.randn(DataType.FLOAT, 2, 2, 3, 3);
        INDArray dz = Nd4j.randn(DataType.FLOAT, 4, 2, 3, 17, 17);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 2, 3, 17, 17);
        INDArray dxRef = Nd4j.create(DataType.FLOAT, 4, 2, 3, 17, 17);
        OneDnnConvKernel.inputGradient(wt, dz, 1, 1, dxRef);
        INDArray dwRef = OneDnnConvKernel.weightGradient(x, dz, 3, 3, 1, 1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (int task = 0; task < 3; task++) {
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        INDArray dx = Nd4j.create(DataType.FLOAT, 4, 2, 3, 17, 17);
                        OneDnnConvKernel.inputGradient(wt, dz, 1, 1, dx);
                        assertThat(dx).isEqualTo(dxRef);
                        assertThat(OneDnnConvKernel.weightGradient(x, dz, 3, 3, 1, 1)).isEqualTo(dwRef);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> run : runs) run.get();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Arrays in another layout (here F order) go through a C-ordered copy, in and out. */
    @Test
    void readsAndWritesArraysInOtherLayoutsThroughACopy() {
        INDArray x = Nd4j.randn(DataType.FLOAT, 1, 2, 2, 5, 5);
        INDArray wt = Nd4j.randn(DataType.FLOAT, 3, 2, 3, 3);
        INDArray zRef = Nd4j.create(DataType.FLOAT, 1, 3, 2, 5, 5);
        Im2colConvKernel.forward(x, wt, null, 1, 1, zRef);
        INDArray zF = Nd4j.create(DataType.FLOAT, new long[] {1, 3, 2, 5, 5}, 'f');
        OneDnnConvKernel.forward(x.dup('f'), wt.dup('f'), null, 1, 1, zF);
        assertClose("z", zF, zRef);
        INDArray dxRef = Nd4j.create(DataType.FLOAT, 1, 2, 2, 5, 5);
        Im2colConvKernel.inputGradient(wt, zRef, 1, 1, dxRef);
        INDArray dxF = Nd4j.create(DataType.FLOAT, new long[] {1, 2, 2, 5, 5}, 'f');
        OneDnnConvKernel.inputGradient(wt, zRef.dup('f'), 1, 1, dxF);
        assertClose("dL/dx", dxF, dxRef);
    }

    /** Called while oneDNN is off, the kernel says so instead of failing inside the binding. */
    @Test
    void refusesWhenOneDnnIsOff() {
        INDArray x = Nd4j.randn(DataType.FLOAT, 1, 2, 2, 5, 5);
        INDArray wt = Nd4j.randn(DataType.FLOAT, 3, 2, 3, 3);
        INDArray z = Nd4j.create(DataType.FLOAT, 1, 3, 2, 5, 5);
        try (Kernels.Scope off = OneDnnConvKernel.switchedOff()) {
            assertThatThrownBy(() -> OneDnnConvKernel.forward(x, wt, null, 1, 1, z))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("oneDNN is not available")
                    .hasMessageContaining("switched off");
        }
    }

    /** max |actual - expected| &lt;= 1e-5 * max |expected| (float32 sums in different orders). */
    private static void assertClose(String what, INDArray actual, INDArray expected) {
        double scale = expected.amaxNumber().doubleValue();
        assertThat(scale).as(what + " not all zero").isGreaterThan(1e-6);
        double err = actual.castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertThat(err / scale).as(what + ": max abs difference " + err + " at scale " + scale).isLessThan(1e-5);
    }
}
