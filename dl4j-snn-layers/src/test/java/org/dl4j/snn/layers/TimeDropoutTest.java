package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.dl4j.snn.layers.TimeLayerFixtures.gradientsMatch;
import static org.dl4j.snn.layers.TimeLayerFixtures.maxAbsDiff;
import static org.dl4j.snn.layers.TimeLayerFixtures.network;
import static org.dl4j.snn.layers.TimeLayerFixtures.randn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class TimeDropoutTest {
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void denseMaskIsOnePerSampleAndNeuronSharedOverTimeWithInvertedScaling(DataType dt) {
        int b = 4;
        int n = 100;
        int t = 6;
        double p = 0.3;
        Nd4j.getRandom().setSeed(7);
        Layer layer = network(dt, WorkspaceMode.NONE, InputType.recurrent(n, t),
                new TimeDropoutLayer.Builder(p).build()).getLayer(0);
        INDArray y = layer.activate(Nd4j.ones(dt, b, n, t), true, NO_WS);
        int dropped = 0;
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < n; j++) {
                double first = y.getDouble(i, j, 0);
                assertThat(first == 0.0 || Math.abs(first - 1 / (1 - p)) < 1e-6).as("value %s", first).isTrue();
                for (int s = 1; s < t; s++) {
                    assertThat(y.getDouble(i, j, s)).as("sample %d neuron %d step %d", i, j, s).isEqualTo(first);
                }
                dropped += first == 0.0 ? 1 : 0;
            }
        }
        // 400 Bernoulli(0.3) draws: the fraction is 0.3 +- 0.023 (1 sd).
        assertThat(dropped / (double) (b * n)).isCloseTo(p, within(0.1));
    }

    @Test
    void convMaskIsOnePerSampleChannelAndPixelSharedOverTime() {
        Nd4j.getRandom().setSeed(8);
        Layer layer = network(DataType.FLOAT, WorkspaceMode.NONE,
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 5, 3, 4, 2),
                new TimeDropoutLayer.Builder(0.5).build()).getLayer(0);
        INDArray x = randn(DataType.FLOAT, 1, 3, 2, 5, 3, 4);
        INDArray y = layer.activate(x, true, NO_WS);
        INDArray mask = ((TimeDropoutLayer) layer.conf().getLayer()).getTimeDropout().lastMask();
        assertThat(mask.shape()).containsExactly(3, 2, 3, 4);
        INDArray expected = x.mul(mask.reshape(3, 2, 1, 3, 4));
        assertThat(maxAbsDiff(y, expected)).isLessThan(1e-6);
        double kept = mask.neq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertThat(kept).isBetween(0.25, 0.75);
    }

    @Test
    void inferenceIsTheIdentityAndBackpropAppliesTheForwardMask() {
        Nd4j.getRandom().setSeed(9);
        Layer layer = network(DataType.DOUBLE, WorkspaceMode.NONE, InputType.recurrent(20, 3),
                new TimeDropoutLayer.Builder(0.5).build()).getLayer(0);
        INDArray x = randn(DataType.DOUBLE, 2, 2, 20, 3);
        assertThat(layer.activate(x, false, NO_WS)).isEqualTo(x);

        layer.activate(x, true, NO_WS);
        INDArray mask = ((TimeDropoutLayer) layer.conf().getLayer()).getTimeDropout().lastMask().dup();
        INDArray eps = randn(DataType.DOUBLE, 3, 2, 20, 3);
        INDArray grad = layer.backpropGradient(eps, NO_WS).getSecond();
        assertThat(maxAbsDiff(grad, eps.mul(mask.reshape(2, 20, 1)))).isLessThan(1e-15);
    }

    /** As {@code .dropOut(...)} of a stock layer it acts on that layer's input: Convolution3D (rank 5), LSTM (3). */
    @Test
    void onStockLayersTheTrainingOutputIsTheInferenceOutputOfTheMaskedInput() {
        Nd4j.getRandom().setSeed(10);
        // No workspaces: the mask lives in the INPUT workspace, gone after the pass when workspaces are on.
        MultiLayerNetwork conv = network(DataType.DOUBLE, WorkspaceMode.NONE,
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 4, 3, 3, 2),
                new Convolution3D.Builder().kernelSize(1, 2, 2).stride(1, 1, 1).nOut(3)
                        .convolutionMode(ConvolutionMode.Same).dataFormat(Convolution3D.DataFormat.NCDHW)
                        .activation(Activation.TANH).dropOut(new TimeDropout(0.5)).build());
        INDArray x = randn(DataType.DOUBLE, 4, 2, 2, 4, 3, 3);
        INDArray train = conv.getLayer(0).activate(x, true, NO_WS).dup(); // the net's feedForward clears the mask
        INDArray mask = ((TimeDropout) conv.getLayer(0).conf().getLayer().getIDropout()).lastMask().dup();
        assertThat(mask.shape()).containsExactly(2, 2, 3, 3);
        INDArray masked = x.mul(mask.reshape(2, 2, 1, 3, 3));
        assertThat(maxAbsDiff(train, conv.output(masked, false))).isLessThan(1e-12);

        MultiLayerNetwork lstm = network(DataType.DOUBLE, WorkspaceMode.NONE, InputType.recurrent(6, 5),
                new LSTM.Builder().nOut(4).activation(Activation.TANH).dropOut(new TimeDropout(0.5)).build());
        INDArray s = randn(DataType.DOUBLE, 5, 3, 6, 5);
        INDArray trainSeq = lstm.getLayer(0).activate(s, true, NO_WS).dup();
        INDArray seqMask = ((TimeDropout) lstm.getLayer(0).conf().getLayer().getIDropout()).lastMask().dup();
        assertThat(seqMask.shape()).containsExactly(3, 6);
        assertThat(maxAbsDiff(trainSeq, lstm.output(s.mul(seqMask.reshape(3, 6, 1)), false))).isLessThan(1e-12);
    }

    @Test
    void gradientsThroughAFixedMaskPassTheNumericCheck() {
        MultiLayerNetwork net = network(DataType.DOUBLE, WorkspaceMode.NONE,
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 3, 2, 2, 2),
                new Convolution3D.Builder().kernelSize(1, 2, 2).stride(1, 1, 1).nOut(2)
                        .convolutionMode(ConvolutionMode.Same).dataFormat(Convolution3D.DataFormat.NCDHW)
                        .activation(Activation.TANH).build(),
                new TimeDropoutLayer.Builder(0.5).build(),
                new TimeFlatten.Builder().build(),
                new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
                        .dropOut(new TimeDropout(0.25)).build());
        INDArray x = randn(DataType.DOUBLE, 6, 2, 2, 3, 2, 2);
        assertThat(gradientsMatch(net, x, randn(DataType.DOUBLE, 7, 2, 2, 3),
                n -> Nd4j.getRandom().setSeed(12345))).isTrue();
    }

    @Test
    void jsonRoundTripKeepsTheDropProbabilityOnLayersAndAsDropOut() {
        MultiLayerNetwork net = network(DataType.FLOAT, WorkspaceMode.ENABLED, InputType.recurrent(6, 5),
                new TimeDropoutLayer.Builder(0.25).name("dp").build(),
                new LSTM.Builder().nOut(4).dropOut(new TimeDropout(0.5)).build());
        MultiLayerConfiguration back = TimeLayerFixtures.jsonRoundTrip(net.getLayerWiseConfigurations());
        assertThat(((TimeDropoutLayer) back.getConf(0).getLayer()).getTimeDropout().getDropProbability())
                .isEqualTo(0.25);
        assertThat(back.getConf(1).getLayer().getIDropout()).isEqualTo(new TimeDropout(0.5));
    }

    @Test
    void invalidProbabilitiesAndLayoutsAreRejected() {
        assertThatThrownBy(() -> new TimeDropout(1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dropProbability must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> new TimeDropout(-0.1)).hasMessageContaining("got -0.1");
        assertThatThrownBy(() -> new TimeDropoutLayer.Builder(0.5).dropOut(0.8))
                .isInstanceOf(UnsupportedOperationException.class);
        INDArray rank4 = Nd4j.ones(DataType.FLOAT, 2, 3, 4, 4);
        assertThatThrownBy(() -> new TimeDropout(0.5).applyDropout(rank4, rank4.dup(), 0, 0, NO_WS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[batch, N, T] (rank 3)")
                .hasMessageContaining("[2, 3, 4, 4]");
    }

    @Test
    void zeroDropProbabilityKeepsEveryValue() {
        INDArray x = randn(DataType.FLOAT, 11, 2, 5, 3);
        INDArray y = new TimeDropout(0.0).applyDropout(x, x.ulike(), 0, 0, NO_WS);
        assertThat(y).isEqualTo(x);
    }
}
