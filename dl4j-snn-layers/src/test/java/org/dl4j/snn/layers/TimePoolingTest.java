package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dl4j.snn.layers.TimeLayerFixtures.gradientsMatch;
import static org.dl4j.snn.layers.TimeLayerFixtures.maxAbsDiff;
import static org.dl4j.snn.layers.TimeLayerFixtures.network;
import static org.dl4j.snn.layers.TimeLayerFixtures.randn;

import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class TimePoolingTest {
    private static final int B = 2;
    private static final int C = 3;
    private static final int T = 4;
    private static final int H = 5;
    private static final int W = 6;

    static Stream<Arguments> poolingConfigs() {
        Stream.Builder<Arguments> s = Stream.builder();
        for (PoolingType type : new PoolingType[] {PoolingType.MAX, PoolingType.AVG}) {
            for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                s.add(Arguments.of(type, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, ConvolutionMode.Truncate,
                        dt));
                s.add(Arguments.of(type, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, ConvolutionMode.Truncate,
                        dt));
                s.add(Arguments.of(type, new int[] {3, 2}, new int[] {2, 1}, new int[] {0, 0}, ConvolutionMode.Same,
                        dt));
            }
        }
        return s.build();
    }

    @ParameterizedTest(name = "{0} k{1} s{2} p{3} {4} {5}")
    @MethodSource("poolingConfigs")
    void forwardAndBackwardEqualStockPoolingAppliedToEachTimeStep(PoolingType type, int[] k, int[] s, int[] p,
            ConvolutionMode mode, DataType dt) {
        TimePooling pooling = new TimePooling.Builder(type).kernelSize(k).stride(s).padding(p).convolutionMode(mode)
                .build();
        SubsamplingLayer stock = new SubsamplingLayer.Builder(type).kernelSize(k).stride(s).padding(p)
                .convolutionMode(mode).build();
        Layer timeLayer = network(dt, WorkspaceMode.NONE,
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, H, W, C), pooling).getLayer(0);
        Layer stepLayer = network(dt, WorkspaceMode.NONE, InputType.convolutional(H, W, C), stock).getLayer(0);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();

        INDArray x = randn(dt, 1, B, C, T, H, W);
        INDArray out = timeLayer.activate(x, true, mgr);
        INDArray eps = randn(dt, 2, out.shape());
        INDArray gradX = timeLayer.backpropGradient(eps, mgr).getSecond();

        assertThat(out.shape()).containsExactly(B, C, T, out.size(3), out.size(4));
        assertThat(gradX.shape()).isEqualTo(x.shape());
        for (int t = 0; t < T; t++) {
            INDArray refOut = stepLayer.activate(step(x, t), true, mgr);
            INDArray refGrad = stepLayer.backpropGradient(step(eps, t), mgr).getSecond();
            assertThat(maxAbsDiff(step(out, t), refOut)).as("output at t=%d", t).isLessThan(1e-6);
            assertThat(maxAbsDiff(step(gradX, t), refGrad)).as("gradient at t=%d", t).isLessThan(1e-6);
        }
    }

    /** {@code a[:, :, t]} as a C-order copy. */
    private static INDArray step(INDArray a, int t) {
        INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all(),
                NDArrayIndex.all()};
        return a.get(idx).dup('c');
    }

    @Test
    void outputTypeKeepsChannelsAndTimeAndPoolsHeightAndWidth() {
        TimePooling pooling = new TimePooling.Builder(PoolingType.MAX, 2).stride(2)
                .convolutionMode(ConvolutionMode.Truncate).build();
        InputType out = pooling.getOutputType(0, InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 7, 8, 5,
                3));
        assertThat(out).isEqualTo(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 7, 4, 2, 3));
    }

    @Test
    void maxPoolingGradientsPassTheNumericCheckInsideANetwork() {
        MultiLayerNetwork net = gradNet(PoolingType.MAX);
        INDArray x = randn(DataType.DOUBLE, 3, B, 2, T, 4, 4);
        INDArray labels = randn(DataType.DOUBLE, 4, B, 3, T);
        assertThat(gradientsMatch(net, x, labels)).isTrue();
    }

    @Test
    void averagePoolingGradientsPassTheNumericCheckInsideANetwork() {
        MultiLayerNetwork net = gradNet(PoolingType.AVG);
        INDArray x = randn(DataType.DOUBLE, 5, B, 2, T, 4, 4);
        INDArray labels = randn(DataType.DOUBLE, 6, B, 3, T);
        assertThat(gradientsMatch(net, x, labels)).isTrue();
    }

    /** conv (kernel depth 1, tanh) -> TimePooling -> TimeFlatten -> RnnOutputLayer (MSE), float64. */
    private static MultiLayerNetwork gradNet(PoolingType type) {
        return network(DataType.DOUBLE, WorkspaceMode.NONE,
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 4, 4, 2),
                new Convolution3D.Builder().kernelSize(1, 2, 2).stride(1, 1, 1).nOut(3)
                        .convolutionMode(ConvolutionMode.Same).dataFormat(Convolution3D.DataFormat.NCDHW)
                        .activation(Activation.TANH).weightInit(WeightInit.XAVIER).build(),
                new TimePooling.Builder(type, 2).stride(2).build(),
                new TimeFlatten.Builder().build(),
                new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(3).activation(Activation.IDENTITY)
                        .build());
    }

    @Test
    void jsonRoundTripKeepsEverySettingAndTheOutput() {
        MultiLayerNetwork net = network(DataType.FLOAT, WorkspaceMode.ENABLED,
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, H, W, C),
                new TimePooling.Builder(PoolingType.AVG, 3, 2).stride(1, 2).padding(1, 0).dilation(1, 1)
                        .convolutionMode(ConvolutionMode.Truncate).name("pool").build());
        MultiLayerConfiguration back = TimeLayerFixtures.jsonRoundTrip(net.getLayerWiseConfigurations());
        assertThat(back.getConf(0).getLayer()).isInstanceOf(TimePooling.class);
        MultiLayerNetwork restored = new MultiLayerNetwork(back);
        restored.init();
        INDArray x = randn(DataType.FLOAT, 7, B, C, T, H, W);
        assertThat(restored.output(x)).isEqualTo(net.output(x));
    }

    @Test
    void aKernelLargerThanTheInputIsRejectedNamingLayerAndSizes() {
        TimePooling pooling = new TimePooling.Builder(PoolingType.MAX, 5).stride(1)
                .convolutionMode(ConvolutionMode.Truncate).name("pool1").build();
        assertThatThrownBy(() -> pooling.getOutputType(2,
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 4, 9, C)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TimePooling 'pool1' (layer 2)")
                .hasMessageContaining("kernel height 5")
                .hasMessageContaining("input height 4");
    }

    @Test
    void aRecurrentOrChannelsLastInputTypeIsRejected() {
        TimePooling pooling = new TimePooling.Builder(PoolingType.MAX, 2).name("p").build();
        assertThatThrownBy(() -> pooling.getOutputType(1, InputType.recurrent(10, 4)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TimePooling 'p' (layer 1)")
                .hasMessageContaining("convolutional3D");
        assertThatThrownBy(() -> pooling.getOutputType(1,
                InputType.convolutional3D(Convolution3D.DataFormat.NDHWC, T, H, W, C)))
                .hasMessageContaining("NCDHW");
        assertThatThrownBy(() -> new TimePooling.Builder(PoolingType.MAX, 2).dataFormat(CNN2DFormat.NHWC).build())
                .hasMessageContaining("dataFormat must be NCHW");
    }

    @Test
    void anArrayOfTheWrongRankIsRejectedWithItsShape() {
        Layer layer = network(DataType.FLOAT, WorkspaceMode.NONE,
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, H, W, C),
                new TimePooling.Builder(PoolingType.MAX, 2).build()).getLayer(0);
        assertThatThrownBy(() -> layer.activate(randn(DataType.FLOAT, 1, B, C, H, W), false,
                LayerWorkspaceMgr.noWorkspaces()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[batch, C, T, H, W]")
                .hasMessageContaining("[2, 3, 5, 6]");
    }

    @Test
    void aTimeStepMaskPassesThroughUnchanged() {
        Layer layer = network(DataType.FLOAT, WorkspaceMode.NONE,
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, H, W, C),
                new TimePooling.Builder(PoolingType.MAX, 2).build()).getLayer(0);
        INDArray mask = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{1, 1, 1, 0}, {1, 1, 0, 0}});
        Pair<INDArray, MaskState> out = layer.feedForwardMaskArray(mask, MaskState.Active, B);
        assertThat(out.getFirst()).isSameAs(mask);
        assertThat(out.getSecond()).isEqualTo(MaskState.Active);
    }
}
