package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.internal.kernel.SparseConvKernel;
import org.dl4j.snn.layers.internal.kernel.SparseDenseKernel;
import org.dl4j.snn.layers.internal.kernel.Kernels;
import org.dl4j.snn.layers.internal.kernel.OneDnnConvKernel;
import org.dl4j.snn.layers.internal.runtime.FusedRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java kernels of the conv synapse in {@link FusedRuntime}, spike-driven ({@link SparseConvKernel}: scatter the
 * weights of the active inputs when the input is sparse) and im2col (analog input), give the outputs and gradients of
 * libnd4j's conv3dnew, the stock kernel ({@link Kernels#stockOnly()}), and the configurations they do not handle fall
 * back to conv3dnew.
 */
class SpikeDrivenConvTest {
    private static final LayerWorkspaceMgr MGR = LayerWorkspaceMgr.noWorkspaces();
    /** The conv synapse's kernels, as {@link FusedRuntime#lastSynapseKernel()} names them. */
    private static final String CONV3D = "Conv3d";
    private static final String SPIKE_DRIVEN = "SpikeDriven";
    private static final String IM2COL = "Im2col";
    private static final String ONEDNN = "OneDnn";

    /** Binary spikes at about {@code density}, with a few graded values to cover non-binary sparse input. */
    private static INDArray spikes(long[] shape, double density, long seed) {
        Random rng = new Random(seed);
        long n = 1;
        for (long s : shape) n *= s;
        float[] f = new float[(int) n];
        for (int i = 0; i < f.length; i++) {
            if (rng.nextDouble() < density) f[i] = rng.nextInt(10) == 0 ? 0.5f : 1f;
        }
        return Nd4j.create(f, shape, 'c');
    }

    private static FusedRuntime runtime(TimeConv layer, long[] inShape, INDArray params) {
        layer.setNIn(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, inShape[2], inShape[3], inShape[4],
                inShape[1]), true);
        NeuralNetConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(7)
                .layer(layer).build();
        long n = conf.getLayer().initializer().numParams(conf);
        INDArray view = params == null ? Nd4j.create(DataType.FLOAT, 1, n) : params.dup();
        FusedRuntime rt = (FusedRuntime) conf.getLayer().instantiate(conf, List.of(), 1, view, params == null,
                DataType.FLOAT);
        rt.setBackpropGradientsViewArray(Nd4j.create(DataType.FLOAT, 1, n));
        return rt;
    }

    @ParameterizedTest(name = "in {0}x{1}x{2}x{3}x{4}, nOut {5}, kernel {6}, padding {7}, bias {8}, {9}")
    @CsvSource({
        "2, 2, 3, 12, 12, 8, 3, 1, false, Truncate",
        "3, 3, 2, 9, 11, 5, 3, 0, true, Truncate",
        "2, 4, 3, 13, 10, 16, 5, 2, true, Truncate",
        "1, 2, 2, 7, 9, 3, 5, 0, false, Strict",
        "2, 3, 2, 8, 7, 6, 3, 1, true, Same",
        "2, 3, 2, 8, 7, 6, 4, 0, true, Same",
        "2, 2, 2, 6, 8, 4, 2, 3, true, Truncate",
    })
    void spikeDrivenPathMatchesConv3dnew(int b, int c, int t, int h, int w, int nOut, int k, int pad, boolean bias,
                                          ConvolutionMode mode) {
        long[] shape = {b, c, t, h, w};
        // Without oneDNN, which takes 4 % spikes itself (see theDensityOfEachInputChoosesThePath).
        try (Kernels.Scope noOneDnn = OneDnnConvKernel.switchedOff()) {
            FusedRuntime sparse = matchesConv3dnew(spikes(shape, 0.04, 11L * k + pad), nOut, k, pad, bias, mode);
            assertThat(sparse.lastSynapseKernel()).as("spike-driven kernel taken").isEqualTo(SPIKE_DRIVEN);
        }
    }

    /**
     * Analog (dense) input, e.g. a directly encoded image, takes oneDNN's convolution, or without oneDNN the im2col
     * GEMMs: both give conv3dnew's numbers.
     */
    @ParameterizedTest(name = "in {0}x{1}x{2}x{3}x{4}, nOut {5}, kernel {6}, padding {7}, bias {8}, {9}, order {10}")
    @CsvSource({
        "2, 2, 3, 12, 12, 8, 3, 1, false, Truncate, c",
        "3, 3, 2, 9, 11, 5, 3, 0, true, Truncate, f",
        "2, 4, 3, 13, 10, 16, 5, 2, true, Truncate, c",
        "1, 2, 2, 7, 9, 3, 5, 0, false, Strict, c",
        "2, 3, 2, 8, 7, 6, 3, 1, true, Same, f",
        "2, 3, 2, 8, 7, 6, 4, 0, true, Same, c",
        "2, 2, 2, 6, 8, 4, 2, 3, true, Truncate, c",
    })
    void gemmPathMatchesConv3dnewOnAnalogInput(int b, int c, int t, int h, int w, int nOut, int k, int pad,
                                               boolean bias, ConvolutionMode mode, char order) {
        Nd4j.getRandom().setSeed(31L * k + pad);
        INDArray x = Nd4j.randn(DataType.FLOAT, b, c, t, h, w).dup(order);
        FusedRuntime oneDnn = matchesConv3dnew(x, nOut, k, pad, bias, mode);
        assertThat(oneDnn.lastSynapseKernel()).as("oneDNN kernel taken").isEqualTo(ONEDNN);
        try (Kernels.Scope noOneDnn = OneDnnConvKernel.switchedOff()) {
            FusedRuntime gemm = matchesConv3dnew(x, nOut, k, pad, bias, mode);
            assertThat(gemm.lastSynapseKernel()).as("im2col GEMM kernel taken").isEqualTo(IM2COL);
        }
    }

    /**
     * The layer on {@code x} with its Java paths allowed and with conv3dnew forced: z, dL/dx, dL/dW (and dL/db) agree;
     * returns the runtime with the Java paths allowed.
     */
    private static FusedRuntime matchesConv3dnew(INDArray x, int nOut, int k, int pad, boolean bias,
                                                 ConvolutionMode mode) {
        long[] shape = x.shape();
        TimeConv layer = new TimeConv.Builder(nOut, k).padding(pad).hasBias(bias).convolutionMode(mode).build();
        FusedRuntime dense = runtime(layer.clone(), shape, null);
        INDArray params = dense.params().dup();
        if (bias) {
            dense.getParam("b").assign(Nd4j.rand(DataType.FLOAT, nOut).subi(0.5));
            params = dense.params().dup();
        }
        FusedRuntime java = runtime(layer.clone(), shape, params);

        INDArray zDense;
        try (Kernels.Scope stock = Kernels.stockOnly()) {
            zDense = dense.activate(x, true, MGR).dup();
        }
        INDArray zJava = java.activate(x, true, MGR).dup();
        assertThat(dense.lastSynapseKernel()).as("forced conv3dnew").isEqualTo(CONV3D);
        assertThat(zJava.shape()).isEqualTo(zDense.shape());
        assertClose("z", zJava, zDense);

        INDArray eps = Nd4j.randn(DataType.FLOAT, zDense.shape());
        Pair<Gradient, INDArray> gDense = dense.backpropGradient(eps.dup(), MGR);
        Pair<Gradient, INDArray> gJava = java.backpropGradient(eps.dup(), MGR);
        assertClose("dL/dx", gJava.getSecond(), gDense.getSecond());
        assertClose("dL/dW", gJava.getFirst().getGradientFor("W"), gDense.getFirst().getGradientFor("W"));
        if (bias) {
            assertClose("dL/db", gJava.getFirst().getGradientFor("b"), gDense.getFirst().getGradientFor("b"));
        }
        return java;
    }

    @Test
    void theScanDeclinesDenseAndNonFloatInputAndUnsupportedSettingsAreNamed() {
        long[] shape = {2, 3, 4, 8, 8};
        SparseConvKernel r = SparseConvKernel.scan(spikes(shape, 0.05, 1), SparseDenseKernel.MAX_DENSITY);
        assertThat(r).isNotNull();
        assertThat(r.density()).isBetween(0.02, 0.09);
        assertThat(r.fits(shape)).isTrue();
        assertThat(SparseConvKernel.scan(spikes(shape, 0.5, 2), SparseDenseKernel.MAX_DENSITY))
                .as("50 % density: conv3dnew")
                .isNull();
        assertThat(SparseConvKernel.scan(spikes(shape, 0.05, 3).castTo(DataType.DOUBLE), 1.0)).as("float32 only")
                .isNull();

        assertThat(SparseConvKernel.unsupported(DataType.FLOAT, new int[] {1, 1}, new int[] {1, 1})).isNull();
        assertThat(SparseConvKernel.unsupported(DataType.DOUBLE, new int[] {1, 1}, new int[] {1, 1}))
                .contains("DOUBLE");
        assertThat(SparseConvKernel.unsupported(DataType.FLOAT, new int[] {2, 1}, new int[] {1, 1})).contains("stride");
        assertThat(SparseConvKernel.unsupported(DataType.FLOAT, new int[] {1, 1}, new int[] {1, 2}))
                .contains("dilation");
    }

    /** The tests run with oneDNN: a build where it does not load fails here rather than testing only the rest. */
    @Test
    void oneDnnRunsInThisBuild() {
        assertThat(OneDnnConvKernel.unavailable()).isNull();
    }

    /**
     * Dense input runs oneDNN's convolution, or without oneDNN the GEMM path (above
     * {@link SparseDenseKernel#MAX_DENSITY}); sparse spikes the spike-driven one. With oneDNN the spike-driven kernel
     * takes only inputs of at most 1 % where each output sums at least 64 inputs (8 channels x 3x3 here), and none
     * where fewer (2 channels x 3x3: oneDNN was faster at every density measured).
     */
    @ParameterizedTest(name = "{0} input channels: {1} at 0.5 %")
    @CsvSource({"8, SpikeDriven", "2, OneDnn"})
    void theDensityOfEachInputChoosesThePath(int channels, String atHalfPercent) {
        long[] shape = {4, channels, 4, 10, 10};
        TimeConv layer = new TimeConv.Builder(3, 3).padding(1).build();
        FusedRuntime rt = runtime(layer, shape, null);
        rt.activate(spikes(shape, 0.6, 9), true, MGR);
        assertThat(rt.lastSynapseKernel()).isEqualTo(ONEDNN);
        rt.activate(spikes(shape, 0.03, 9), true, MGR);
        assertThat(rt.lastSynapseKernel()).as("3 %% with oneDNN").isEqualTo(ONEDNN);
        rt.activate(spikes(shape, 0.005, 9), true, MGR);
        assertThat(rt.lastSynapseKernel()).as("0.5 %% with oneDNN").isEqualTo(atHalfPercent);
        try (Kernels.Scope noOneDnn = OneDnnConvKernel.switchedOff()) {
            rt.activate(spikes(shape, 0.6, 9), true, MGR);
            assertThat(rt.lastSynapseKernel()).isEqualTo(IM2COL);
            rt.activate(spikes(shape, 0.10, 9), true, MGR);
            assertThat(rt.lastSynapseKernel()).as("10 %% without oneDNN").isEqualTo(SPIKE_DRIVEN);
        }
    }

    /** Stride 2 and dilation 2 run conv3dnew even when spike-driven is allowed: same numbers as the forced path. */
    @ParameterizedTest(name = "stride {0}, dilation {1}")
    @CsvSource({"2, 1", "1, 2"})
    void unsupportedSettingsFallBackToConv3dnew(int stride, int dilation) {
        long[] shape = {2, 3, 2, 11, 11};
        INDArray x = spikes(shape, 0.05, 5);
        TimeConv layer = new TimeConv.Builder(4, 3).stride(stride).dilation(dilation).padding(1).build();
        FusedRuntime forced = runtime(layer.clone(), shape, null);
        FusedRuntime allowed = runtime(layer.clone(), shape, forced.params());
        INDArray a = allowed.activate(x, true, MGR).dup();
        assertThat(allowed.lastSynapseKernel()).as("fell back to conv3dnew").isEqualTo(CONV3D);
        try (Kernels.Scope stock = Kernels.stockOnly()) {
            assertThat(a).isEqualTo(forced.activate(x, true, MGR));
        }
        INDArray eps = Nd4j.randn(DataType.FLOAT, a.shape());
        assertThat(allowed.backpropGradient(eps.dup(), MGR).getSecond())
                .isEqualTo(forced.backpropGradient(eps.dup(), MGR).getSecond());
    }

    /** max |actual - expected| &lt;= 1e-4 * max |expected| (float32 sums in different orders). */
    private static void assertClose(String what, INDArray actual, INDArray expected) {
        double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-30);
        assertThat(scale).as(what + " not all zero").isGreaterThan(1e-6);
        double err = actual.castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertThat(err / scale).as(what + ": max abs difference " + err + " at scale " + scale).isLessThan(1e-4);
    }
}
