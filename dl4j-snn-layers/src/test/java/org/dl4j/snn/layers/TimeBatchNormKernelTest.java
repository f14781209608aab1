package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dl4j.snn.layers.TimeLayerFixtures.maxAbsDiff;
import static org.dl4j.snn.layers.TimeLayerFixtures.randn;
import static org.dl4j.snn.layers.TimeLayerFixtures.uniform;

import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.internal.kernel.Kernels;
import org.dl4j.snn.layers.internal.runtime.TimeBatchNormRuntime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The float32 training kernel of {@link TimeBatchNormRuntime} ({@link BatchNormKernel}) against DL4J's stock
 * batch-norm path on the same layer (fast kernels switched off, {@link Kernels#stockOnly()}): outputs, input gradients, gamma/beta gradients, the
 * running-statistics gradients and the parameters after one fit step agree to float precision.
 */
class TimeBatchNormKernelTest {
    private static final double REL_TOL = 1e-5;
    private static final double REL_TOL_FLOAT32_STOCK = 1e-3;

    /** Rank 5 conv activations (one large enough for the parallel channel loop) and rank 3 dense activations. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new long[] {3, 4, 5, 3, 2}, true),
                Arguments.of(new long[] {3, 4, 5, 3, 2}, false),
                Arguments.of(new long[] {4, 3, 8, 30, 30}, true),
                Arguments.of(new long[] {5, 6, 7}, true),
                Arguments.of(new long[] {5, 6, 7}, false));
    }

    private static InputType inputType(long[] shape) {
        return shape.length == 3 ? InputType.recurrent(shape[1], shape[2])
                : InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, shape[2], shape[3], shape[4], shape[1]);
    }

    /** TimeBatchNorm (decay 0.7) -> [TimeFlatten] -> MSE loss, SGD 0.1, with non-trivial gamma/beta/running stats. */
    private static MultiLayerNetwork network(long[] shape, boolean useLogStd) {
        return network(shape, useLogStd, DataType.FLOAT);
    }

    private static MultiLayerNetwork network(long[] shape, boolean useLogStd, DataType dt) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(42).dataType(dt).updater(new Sgd(0.1))
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list()
                .layer(new TimeBatchNorm.Builder().decay(0.7).eps(1e-4).useLogStd(useLogStd).build());
        if (shape.length == 5) {
            b.layer(new TimeFlatten.Builder().build());
        }
        b.layer(new RnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.setInputType(inputType(shape)).build());
        net.init();
        int c = (int) shape[1];
        Layer bn = net.getLayer(0);
        bn.getParam(BatchNormalizationParamInitializer.GAMMA).assign(uniform(DataType.FLOAT, 11, 0.5, 1.5, 1, c));
        bn.getParam(BatchNormalizationParamInitializer.BETA).assign(uniform(DataType.FLOAT, 12, -0.5, 0.5, 1, c));
        bn.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).assign(uniform(DataType.FLOAT, 13, -1, 1, 1, c));
        bn.getParam(varKey(useLogStd)).assign(uniform(DataType.FLOAT, 14, useLogStd ? -0.3 : 0.5,
                useLogStd ? 0.3 : 2, 1, c));
        return net;
    }

    private static String varKey(boolean useLogStd) {
        return useLogStd ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD : BatchNormalizationParamInitializer.GLOBAL_VAR;
    }

    /** Input with a channel-dependent offset and scale, so mean and variance differ per channel. */
    private static INDArray input(long[] shape) {
        INDArray x = randn(DataType.FLOAT, 3, shape);
        INDArray offset = uniform(DataType.FLOAT, 4, -2, 3, shape[1]);
        INDArray scale = uniform(DataType.FLOAT, 5, 0.2, 3, shape[1]);
        return x.muli(bcast(scale, shape)).addi(bcast(offset, shape));
    }

    private static INDArray bcast(INDArray perChannel, long[] shape) {
        long[] s = new long[shape.length];
        java.util.Arrays.fill(s, 1);
        s[1] = shape[1];
        return perChannel.reshape(s).broadcast(shape);
    }

    private static double relDiff(INDArray actual, INDArray expected) {
        double scale = Math.max(expected.castTo(DataType.DOUBLE).amaxNumber().doubleValue(), 1e-30);
        return maxAbsDiff(actual, expected) / scale;
    }

    /**
     * Reference: the stock path in float64 on the same values (the stock float32 path sums tens of thousands of
     * terms in float and is itself ~1e-4 off on the larger case, so it is held to a looser bound).
     */
    @ParameterizedTest
    @MethodSource("cases")
    void forwardAndGradientsEqualTheStockPath(long[] shape, boolean useLogStd) {
        Layer fast = layer(shape, useLogStd, DataType.FLOAT);
        Layer stock32 = layer(shape, useLogStd, DataType.FLOAT);
        Layer stock64 = layer(shape, useLogStd, DataType.DOUBLE);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray x = input(shape);
        INDArray eps = randn(DataType.FLOAT, 6, shape).muli(2).addi(0.3);

        INDArray y = fast.activate(x, true, mgr).dup();
        // An F-order gradient exercises the copy of a non-dense array.
        Pair<Gradient, INDArray> g = fast.backpropGradient(eps.dup('f'), mgr);
        INDArray y32;
        Pair<Gradient, INDArray> g32;
        INDArray y64;
        Pair<Gradient, INDArray> g64;
        try (Kernels.Scope stock = Kernels.stockOnly()) {
            y32 = stock32.activate(x, true, mgr).dup();
            g32 = stock32.backpropGradient(eps, mgr);
            y64 = stock64.activate(x.castTo(DataType.DOUBLE), true, mgr).dup();
            g64 = stock64.backpropGradient(eps.castTo(DataType.DOUBLE), mgr);
        }

        assertThat(y.shape()).isEqualTo(shape);
        assertThat(g.getSecond().shape()).isEqualTo(shape);
        assertThat(relDiff(y, y64)).as("output").isLessThan(REL_TOL);
        assertThat(relDiff(y, y32)).as("output vs float32").isLessThan(REL_TOL_FLOAT32_STOCK);
        assertThat(relDiff(g.getSecond(), g64.getSecond())).as("input gradient").isLessThan(REL_TOL);
        assertThat(relDiff(g.getSecond(), g32.getSecond())).as("input gradient vs float32")
                .isLessThan(REL_TOL_FLOAT32_STOCK);
        assertThat(g.getFirst().gradientForVariable().keySet())
                .containsExactlyElementsOf(g64.getFirst().gradientForVariable().keySet());
        for (String p : g64.getFirst().gradientForVariable().keySet()) {
            assertThat(relDiff(g.getFirst().getGradientFor(p), g64.getFirst().getGradientFor(p))).as(p)
                    .isLessThan(REL_TOL);
            assertThat(relDiff(g.getFirst().getGradientFor(p), g32.getFirst().getGradientFor(p))).as(p + " vs float32")
                    .isLessThan(REL_TOL_FLOAT32_STOCK);
        }
        // Inference stays on the stock path and reads the same (untouched) running statistics.
        assertThat(relDiff(fast.activate(x, false, mgr), stock32.activate(x, false, mgr))).isLessThan(REL_TOL);
    }

    private static Layer layer(long[] shape, boolean useLogStd, DataType dt) {
        MultiLayerNetwork net = network(shape, useLogStd, dt);
        net.initGradientsView();
        return net.getLayer(0);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void inferenceWithTheRunningStatisticsEqualsTheStockPathBitForBit(long[] shape, boolean useLogStd) {
        Layer bn = network(shape, useLogStd).getLayer(0);
        assertThat(bn).isInstanceOf(TimeBatchNormRuntime.class);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray x = input(shape);
        INDArray fast = bn.activate(x, false, mgr).dup();
        INDArray stock;
        try (Kernels.Scope s = Kernels.stockOnly()) {
            stock = bn.activate(x, false, mgr).dup();
        }
        assertThat(fast.shape()).containsExactly(x.shape());
        assertThat(maxAbsDiff(fast, stock)).isEqualTo(0.0);
        // The running statistics, not the batch's: training mode normalises differently.
        assertThat(maxAbsDiff(fast, bn.activate(x, true, mgr))).isGreaterThan(1e-3);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void oneFitStepUpdatesGammaBetaAndRunningStatisticsAsTheStockPath(long[] shape, boolean useLogStd) {
        MultiLayerNetwork fast = network(shape, useLogStd);
        MultiLayerNetwork stock = network(shape, useLogStd);
        assertThat(fast.params()).isEqualTo(stock.params());
        INDArray x = input(shape);
        long[] labelShape = shape.length == 3 ? shape : new long[] {shape[0], shape[1] * shape[3] * shape[4], shape[2]};
        INDArray labels = randn(DataType.FLOAT, 7, labelShape);
        INDArray before = fast.params().dup();

        fast.fit(x, labels);
        try (Kernels.Scope stockOnly = Kernels.stockOnly()) {
            stock.fit(x, labels);
        }

        for (String p : new String[] {BatchNormalizationParamInitializer.GAMMA, BatchNormalizationParamInitializer.BETA,
                BatchNormalizationParamInitializer.GLOBAL_MEAN, varKey(useLogStd)}) {
            INDArray moved = fast.getLayer(0).getParam(p);
            assertThat(relDiff(moved, stock.getLayer(0).getParam(p))).as(p).isLessThan(REL_TOL);
        }
        assertThat(maxAbsDiff(fast.params(), before)).as("the step moved the parameters").isGreaterThan(1e-3);
        assertThat(relDiff(fast.output(x, false), stock.output(x, false))).isLessThan(REL_TOL);
    }
}
