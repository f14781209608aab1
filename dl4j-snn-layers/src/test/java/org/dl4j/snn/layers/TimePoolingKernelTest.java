package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dl4j.snn.layers.TimeLayerFixtures.network;
import static org.dl4j.snn.layers.TimeLayerFixtures.randn;

import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.internal.kernel.PoolingKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The flat-array pooling of {@link TimePoolingRuntime} ({@link PoolingKernel}) gives libnd4j's {@code maxpool2d} /
 * {@code avgpool2d} outputs and gradients bit for bit (ties included: binary spikes tie in almost every window), and
 * the settings it does not cover are left to the stock pooling.
 */
class TimePoolingKernelTest {
    private static final LayerWorkspaceMgr MGR = LayerWorkspaceMgr.noWorkspaces();

    /** Values 0 / 1 with P(1) = {@code density}: most max-pooling windows tie. */
    private static INDArray binary(long seed, double density, long... shape) {
        Random rng = new Random(seed);
        float[] f = new float[(int) (shape[0] * shape[1] * shape[2] * shape[3] * shape[4])];
        for (int i = 0; i < f.length; i++) f[i] = rng.nextDouble() < density ? 1f : 0f;
        return Nd4j.create(f, shape, 'c');
    }

    /** Random values rounded to a coarse grid, so that ties occur between distinct non-zero values too. */
    private static INDArray coarse(long seed, long... shape) {
        return Transforms.round(randn(DataType.FLOAT, seed, shape).muli(2), false).divi(2);
    }

    @ParameterizedTest(name = "{0} in 2x3x{1}x{2}x{3}, kernel {4}x{5}, {6}")
    @CsvSource({
        "MAX, 4, 8, 10, 2, 2, Truncate",
        "AVG, 4, 8, 10, 2, 2, Truncate",
        "MAX, 3, 7, 9, 2, 2, Truncate",
        "AVG, 3, 7, 9, 2, 2, Truncate",
        "MAX, 2, 9, 8, 3, 2, Truncate",
        "AVG, 2, 9, 8, 3, 2, Strict",
        "MAX, 2, 6, 6, 3, 3, Same",
        "MAX, 5, 34, 34, 2, 2, Truncate",
        "MAX, 3, 17, 17, 2, 2, Truncate",
        "MAX, 2, 16, 41, 2, 2, Truncate",
        "MAX, 2, 5, 4, 1, 1, Truncate",
    })
    void flatKernelEqualsStockPoolingBitForBit(PoolingType type, int t, int h, int w, int kH, int kW,
            ConvolutionMode mode) {
        long[] shape = {2, 3, t, h, w};
        assertThat(PoolingKernel.of(type, new int[] {kH, kW}, new int[] {kH, kW}, new int[] {0, 0}, new int[] {1, 1},
                mode, h, w)).as("flat kernel applies").isNotNull();
        TimePooling pooling = new TimePooling.Builder(type).kernelSize(kH, kW).stride(kH, kW).convolutionMode(mode)
                .build();
        SubsamplingLayer stock = new SubsamplingLayer.Builder(type).kernelSize(kH, kW).stride(kH, kW)
                .convolutionMode(mode).build();
        Layer flat = network(DataType.FLOAT, WorkspaceMode.NONE,
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, t, h, w, 3), pooling).getLayer(0);
        Layer ref = network(DataType.FLOAT, WorkspaceMode.NONE, InputType.convolutional(h, w, 3L * t), stock)
                .getLayer(0);

        INDArray[] inputs = {randn(DataType.FLOAT, 1, shape), binary(2, 0.3, shape), binary(3, 0.05, shape),
            coarse(4, shape), Nd4j.zeros(DataType.FLOAT, shape)};
        for (int i = 0; i < inputs.length; i++) {
            INDArray x = inputs[i];
            INDArray x4 = x.reshape('c', 2, 3L * t, h, w);
            INDArray out = flat.activate(x, true, MGR).dup();
            INDArray refOut = ref.activate(x4, true, MGR).dup();
            assertThat(out.shape()).containsExactly(2, 3, t, refOut.size(2), refOut.size(3));
            assertBitEqual("output, input " + i, out, refOut);

            INDArray eps = randn(DataType.FLOAT, 10 + i, out.shape());
            for (long j = 0; j < eps.length(); j += 7) eps.putScalar(j, -0.0f); // -0 becomes +0, as in the op
            INDArray refGrad = ref.backpropGradient(eps.reshape('c', refOut.shape()), MGR).getSecond().dup();
            INDArray grad = flat.backpropGradient(eps, MGR).getSecond().dup();
            assertThat(grad.shape()).isEqualTo(shape);
            assertBitEqual("gradient (stored argmax), input " + i, grad, refGrad);

            // Inference forward: no argmax kept, so the backward finds the maxima again in the input.
            flat.activate(x, false, MGR);
            assertBitEqual("gradient (recomputed argmax), input " + i,
                    flat.backpropGradient(eps, MGR).getSecond().dup(), refGrad);
        }
    }

    /** A backward after a forward on another input must not use that input's argmax. */
    @Test
    void theStoredArgmaxIsUsedOnlyForTheInputItCameFrom() {
        long[] shape = {2, 2, 3, 6, 6};
        Layer flat = network(DataType.FLOAT, WorkspaceMode.NONE,
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 3, 6, 6, 2),
                new TimePooling.Builder(PoolingType.MAX, 2).stride(2).build()).getLayer(0);
        INDArray a = randn(DataType.FLOAT, 1, shape);
        INDArray b = randn(DataType.FLOAT, 2, shape);
        INDArray eps = randn(DataType.FLOAT, 3, 2, 2, 3, 3, 3);
        flat.activate(a, true, MGR);
        INDArray expected = flat.backpropGradient(eps, MGR).getSecond().dup();
        flat.activate(b, true, MGR);
        flat.setInput(a, MGR);
        assertBitEqual("gradient for input a", flat.backpropGradient(eps, MGR).getSecond().dup(), expected);
    }

    @Test
    void settingsOutsideTheFlatKernelAreLeftToTheStockPooling() {
        int[] k2 = {2, 2};
        int[] zero = {0, 0};
        int[] one = {1, 1};
        assertThat(PoolingKernel.of(PoolingType.MAX, k2, k2, zero, one, ConvolutionMode.Truncate, 8, 8)).isNotNull();
        assertThat(PoolingKernel.of(PoolingType.PNORM, k2, k2, zero, one, ConvolutionMode.Truncate, 8, 8))
                .as("p-norm").isNull();
        assertThat(PoolingKernel.of(PoolingType.MAX, new int[] {3, 3}, one, zero, one, ConvolutionMode.Truncate, 8, 8))
                .as("overlapping windows").isNull();
        assertThat(PoolingKernel.of(PoolingType.MAX, k2, k2, one, one, ConvolutionMode.Truncate, 8, 8))
                .as("padding").isNull();
        assertThat(PoolingKernel.of(PoolingType.MAX, k2, k2, zero, k2, ConvolutionMode.Truncate, 8, 8))
                .as("dilation").isNull();
        assertThat(PoolingKernel.of(PoolingType.AVG, k2, k2, zero, one, ConvolutionMode.Same, 7, 8))
                .as("Same mode would pad an odd height").isNull();
        assertThat(PoolingKernel.of(PoolingType.AVG, k2, k2, zero, one, ConvolutionMode.Truncate, 1, 8))
                .as("kernel larger than the input").isNull();
    }

    /** Stock fallback (overlapping windows, padding; float64) still equals the per-step stock pooling. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"MAX, FLOAT", "AVG, FLOAT", "MAX, DOUBLE"})
    void theFallbackRunsTheStockPooling(PoolingType type, DataType dt) {
        long[] shape = {2, 3, 2, 7, 7};
        INDArray x = randn(dt, 5, shape);
        Layer time = network(dt, WorkspaceMode.NONE,
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 2, 7, 7, 3),
                new TimePooling.Builder(type, 3).stride(2).padding(1).build()).getLayer(0);
        Layer ref = network(dt, WorkspaceMode.NONE, InputType.convolutional(7, 7, 6),
                new SubsamplingLayer.Builder(type).kernelSize(3, 3).stride(2, 2).padding(1, 1).build()).getLayer(0);
        INDArray out = time.activate(x, true, MGR).dup();
        INDArray refOut = ref.activate(x.reshape('c', 2, 6, 7, 7), true, MGR).dup();
        assertBitEqual("output", out, refOut);
        INDArray eps = randn(dt, 6, out.shape());
        assertBitEqual("gradient", time.backpropGradient(eps, MGR).getSecond().dup(),
                ref.backpropGradient(eps.reshape('c', refOut.shape()), MGR).getSecond().dup());
    }

    /** Same values bit for bit (+0 and -0 differ), compared in C order whatever the shapes. */
    private static void assertBitEqual(String what, INDArray actual, INDArray expected) {
        assertThat(actual.length()).as(what + ": length").isEqualTo(expected.length());
        double[] a = actual.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        double[] e = expected.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(e[i])) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i]);
            }
        }
    }
}
