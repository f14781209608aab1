package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dl4j.snn.layers.TimeLayerFixtures.gradientsMatch;
import static org.dl4j.snn.layers.TimeLayerFixtures.network;
import static org.dl4j.snn.layers.TimeLayerFixtures.randn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.preprocessor.TimeFlattenPreProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class TimeFlattenTest {
    private static final int B = 2;
    private static final int C = 3;
    private static final int T = 4;
    private static final int H = 2;
    private static final int W = 3;

    private static InputType convType() {
        return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, H, W, C);
    }

    /** x[b, c, t, h, w] = a number that encodes its index, so that every placement can be checked. */
    private static INDArray indexCoded(DataType dt) {
        INDArray x = Nd4j.create(dt, B, C, T, H, W);
        for (int b = 0; b < B; b++) {
            for (int c = 0; c < C; c++) {
                for (int t = 0; t < T; t++) {
                    for (int h = 0; h < H; h++) {
                        for (int w = 0; w < W; w++) {
                            x.putScalar(new long[] {b, c, t, h, w}, code(b, c, t, h, w));
                        }
                    }
                }
            }
        }
        return x;
    }

    private static double code(int b, int c, int t, int h, int w) {
        return b * 10000 + c * 1000 + t * 100 + h * 10 + w;
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void featureIndexIsChannelThenRowThenColumnAsTorchFlattenAndBackpropInvertsIt(DataType dt) {
        Layer layer = network(dt, WorkspaceMode.NONE, convType(), new TimeFlatten.Builder().build()).getLayer(0);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray out = layer.activate(indexCoded(dt), true, mgr);
        assertThat(out.shape()).containsExactly(B, C * H * W, T);
        for (int b = 0; b < B; b++) {
            for (int c = 0; c < C; c++) {
                for (int t = 0; t < T; t++) {
                    for (int h = 0; h < H; h++) {
                        for (int w = 0; w < W; w++) {
                            assertThat(out.getDouble(b, (c * H + h) * W + w, t)).isEqualTo(code(b, c, t, h, w));
                        }
                    }
                }
            }
        }
        // The gradient of a permutation is the inverse permutation: feeding the output back recovers the input.
        INDArray back = layer.backpropGradient(out.dup(), mgr).getSecond();
        assertThat(back).isEqualTo(indexCoded(dt));
    }

    @Test
    void theLayerAndThePreprocessorGiveTheSameArrays() {
        INDArray x = randn(DataType.FLOAT, 1, B, C, T, H, W);
        INDArray g = randn(DataType.FLOAT, 2, B, C * H * W, T);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        Layer layer = network(DataType.FLOAT, WorkspaceMode.NONE, convType(), new TimeFlatten.Builder().build())
                .getLayer(0);
        TimeFlattenPreProcessor pre = TimeFlattenPreProcessor.forInputType(convType());
        assertThat(pre.preProcess(x, B, mgr)).isEqualTo(layer.activate(x, true, mgr));
        assertThat(pre.backprop(g, B, mgr)).isEqualTo(layer.backpropGradient(g, mgr).getSecond());
        assertThat(pre.getOutputType(convType())).isEqualTo(InputType.recurrent(C * H * W, T));
    }

    @Test
    void aNetworkWithThePreprocessorPassesTheGradientCheck() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(3).dataType(DataType.DOUBLE).updater(new NoOp())
                .list()
                .layer(new Convolution3D.Builder().kernelSize(1, 2, 2).stride(1, 1, 1).nOut(2)
                        .convolutionMode(ConvolutionMode.Same).dataFormat(Convolution3D.DataFormat.NCDHW)
                        .activation(Activation.TANH).build())
                .inputPreProcessor(1, new TimeFlattenPreProcessor(2, H, W))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(convType())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(TimeLayerFixtures.jsonRoundTrip(conf));
        net.init();
        assertThat(net.getLayerWiseConfigurations().getInputPreProcess(1)).isEqualTo(
                new TimeFlattenPreProcessor(2, H, W));
        INDArray x = randn(DataType.DOUBLE, 3, B, C, T, H, W);
        assertThat(gradientsMatch(net, x, randn(DataType.DOUBLE, 4, B, 2, T))).isTrue();
    }

    @Test
    void outputTypeIsRecurrentOfChannelsTimesHeightTimesWidthAndJsonRoundTrips() {
        MultiLayerNetwork net = network(DataType.FLOAT, WorkspaceMode.ENABLED, convType(),
                new TimeFlatten.Builder().name("flat").build());
        assertThat(net.getLayerWiseConfigurations().getConf(0).getLayer().getOutputType(0, convType()))
                .isEqualTo(InputType.recurrent(C * H * W, T));
        MultiLayerConfiguration back = TimeLayerFixtures.jsonRoundTrip(net.getLayerWiseConfigurations());
        assertThat(back.getConf(0).getLayer()).isInstanceOf(TimeFlatten.class);
    }

    @Test
    void wrongInputTypesAndShapesAreRejectedWithTheirSizes() {
        TimeFlatten flatten = new TimeFlatten.Builder().name("f").build();
        assertThatThrownBy(() -> flatten.getOutputType(5, InputType.recurrent(3, 4)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TimeFlatten 'f' (layer 5)")
                .hasMessageContaining("convolutional3D");
        TimeFlattenPreProcessor pre = new TimeFlattenPreProcessor(C, H, W);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        assertThatThrownBy(() -> pre.preProcess(randn(DataType.FLOAT, 1, B, C, T, H + 1, W), B, mgr))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("C=3, T, H=2, W=3")
                .hasMessageContaining("[2, 3, 4, 3, 3]");
        assertThatThrownBy(() -> pre.backprop(randn(DataType.FLOAT, 1, B, C * H * W + 1, T), B, mgr))
                .hasMessageContaining("C*H*W = 3*2*3 = 18");
        assertThatThrownBy(() -> new TimeFlattenPreProcessor(0, H, W)).hasMessageContaining("C=0");
    }

    @Test
    void aTimeStepMaskPassesThroughThePreprocessor() {
        INDArray mask = Nd4j.createFromArray(new float[][] {{1, 1, 0, 0}, {1, 1, 1, 1}});
        assertThat(new TimeFlattenPreProcessor(C, H, W).feedForwardMaskArray(mask, MaskState.Active, B).getFirst())
                .isSameAs(mask);
    }
}
