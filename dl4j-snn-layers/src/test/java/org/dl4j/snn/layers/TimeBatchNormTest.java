package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.dl4j.snn.layers.TimeLayerFixtures.gradientsMatch;
import static org.dl4j.snn.layers.TimeLayerFixtures.maxAbsDiff;
import static org.dl4j.snn.layers.TimeLayerFixtures.network;
import static org.dl4j.snn.layers.TimeLayerFixtures.randn;
import static org.dl4j.snn.layers.TimeLayerFixtures.uniform;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class TimeBatchNormTest {
    private static final int B = 3;
    private static final int C = 2;
    private static final int T = 4;
    private static final int H = 3;
    private static final int W = 2;
    private static final double EPS = 1e-5;

    private static InputType convType() {
        return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, H, W, C);
    }

    /** One TimeBatchNorm with gamma = [1.5, -0.5], beta = [0.25, 2]. */
    private static Layer bnLayer(DataType dt, InputType type) {
        MultiLayerNetwork net = network(dt, WorkspaceMode.NONE, type, new TimeBatchNorm.Builder().eps(EPS).build());
        net.initGradientsView();
        Layer layer = net.getLayer(0);
        layer.getParam(BatchNormalizationParamInitializer.GAMMA).assign(Nd4j.createFromArray(1.5, -0.5));
        layer.getParam(BatchNormalizationParamInitializer.BETA).assign(Nd4j.createFromArray(0.25, 2.0));
        return layer;
    }

    /**
     * The reference of a training forward pass, in plain loops: per channel c, biased mean and variance over every
     * element x[b, c, rest] (rest = T*H*W, or T for dense), y = gamma (x - mu) / sqrt(var + eps) + beta.
     */
    private static double[] referenceTrainingForward(double[] x, int batch, int channels, int rest, double[] gamma,
            double[] beta) {
        double[] y = new double[x.length];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int b = 0; b < batch; b++) {
                for (int r = 0; r < rest; r++) {
                    sum += x[(b * channels + c) * rest + r];
                }
            }
            double mu = sum / (batch * rest);
            double sq = 0;
            for (int b = 0; b < batch; b++) {
                for (int r = 0; r < rest; r++) {
                    double d = x[(b * channels + c) * rest + r] - mu;
                    sq += d * d;
                }
            }
            double var = sq / (batch * rest);
            for (int b = 0; b < batch; b++) {
                for (int r = 0; r < rest; r++) {
                    int i = (b * channels + c) * rest + r;
                    y[i] = gamma[c] * (x[i] - mu) / Math.sqrt(var + EPS) + beta[c];
                }
            }
        }
        return y;
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void convTrainingOutputNormalisesEachChannelOverBatchTimeAndSpace(DataType dt) {
        Layer layer = bnLayer(dt, convType());
        INDArray x = uniform(dt, 1, -1, 3, B, C, T, H, W);
        INDArray y = layer.activate(x, true, LayerWorkspaceMgr.noWorkspaces());
        double[] expected = referenceTrainingForward(x.castTo(DataType.DOUBLE).data().asDouble(), B, C, T * H * W,
                new double[] {1.5, -0.5}, new double[] {0.25, 2.0});
        assertThat(y.shape()).isEqualTo(x.shape());
        assertThat(maxAbsDiff(y, Nd4j.createFromArray(expected).reshape(x.shape())))
                .isLessThan(dt == DataType.DOUBLE ? 1e-12 : 1e-5);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void denseTrainingOutputNormalisesEachNeuronOverBatchAndTime(DataType dt) {
        Layer layer = bnLayer(dt, InputType.recurrent(C, T));
        INDArray x = uniform(dt, 2, -2, 1, B, C, T);
        INDArray y = layer.activate(x, true, LayerWorkspaceMgr.noWorkspaces());
        double[] expected = referenceTrainingForward(x.castTo(DataType.DOUBLE).data().asDouble(), B, C, T,
                new double[] {1.5, -0.5}, new double[] {0.25, 2.0});
        assertThat(maxAbsDiff(y, Nd4j.createFromArray(expected).reshape(x.shape())))
                .isLessThan(dt == DataType.DOUBLE ? 1e-12 : 1e-5);
    }

    /** SpikingJelly's SeqToANNContainer(BatchNorm2d): stock BN on the [b*T, C, H, W] merge of batch and time. */
    @Test
    void forwardAndBackwardEqualStockBatchNormOnBatchTimesTimeImages() {
        Layer layer = bnLayer(DataType.DOUBLE, convType());
        MultiLayerNetwork stockNet = network(DataType.DOUBLE, WorkspaceMode.NONE, InputType.convolutional(H, W, C),
                new BatchNormalization.Builder().eps(EPS).build());
        stockNet.initGradientsView();
        Layer stock = stockNet.getLayer(0);
        stock.setParams(layer.params().dup());
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();

        INDArray x = randn(DataType.DOUBLE, 3, B, C, T, H, W);
        INDArray eps = randn(DataType.DOUBLE, 4, B, C, T, H, W);
        INDArray y = layer.activate(x, true, mgr);
        var grads = layer.backpropGradient(eps, mgr);

        INDArray yRef = stock.activate(mergeBatchAndTime(x), true, mgr);
        var gradsRef = stock.backpropGradient(mergeBatchAndTime(eps), mgr);

        assertThat(maxAbsDiff(mergeBatchAndTime(y), yRef)).isLessThan(1e-12);
        assertThat(maxAbsDiff(mergeBatchAndTime(grads.getSecond()), gradsRef.getSecond())).isLessThan(1e-12);
        for (String p : new String[] {BatchNormalizationParamInitializer.GAMMA, BatchNormalizationParamInitializer.BETA,
                BatchNormalizationParamInitializer.GLOBAL_MEAN, BatchNormalizationParamInitializer.GLOBAL_LOG_STD}) {
            assertThat(maxAbsDiff(grads.getFirst().getGradientFor(p), gradsRef.getFirst().getGradientFor(p)))
                    .as(p).isLessThan(1e-12);
        }
    }

    /** [b, C, T, H, W] -> [b*T, C, H, W] (sample-major, as torch's flatten(0, 1) of [T, b, ...] up to order). */
    private static INDArray mergeBatchAndTime(INDArray a) {
        return a.permute(0, 2, 1, 3, 4).dup('c').reshape(a.size(0) * a.size(2), a.size(1), a.size(3), a.size(4));
    }

    @Test
    void oneTrainingStepMovesTheRunningStatisticsAndInferenceUsesThem() {
        double decay = 0.75;
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.DOUBLE).updater(new Sgd(0.0))
                .list()
                .layer(new TimeBatchNorm.Builder().decay(decay).eps(EPS).build())
                .layer(new RnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(C, T))
                .build());
        net.init();
        INDArray x = uniform(DataType.DOUBLE, 5, 1, 4, B, C, T);
        net.fit(x, randn(DataType.DOUBLE, 6, B, C, T));

        double[] mu = new double[C];
        double[] var = new double[C];
        double[] xs = x.data().asDouble();
        for (int c = 0; c < C; c++) {
            for (int b = 0; b < B; b++) {
                for (int t = 0; t < T; t++) {
                    mu[c] += xs[(b * C + c) * T + t] / (B * T);
                }
            }
            for (int b = 0; b < B; b++) {
                for (int t = 0; t < T; t++) {
                    double d = xs[(b * C + c) * T + t] - mu[c];
                    var[c] += d * d / (B * T);
                }
            }
        }
        Layer layer = net.getLayer(0);
        INDArray runningMean = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        double[] expectedMean = new double[C];
        double[] expectedVar = new double[C];
        for (int c = 0; c < C; c++) {
            expectedMean[c] = (1 - decay) * mu[c];          // initial running mean 0
            expectedVar[c] = decay * 1.0 + (1 - decay) * var[c]; // initial running variance 1
        }
        double[] log10Std = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).data().asDouble();
        for (int c = 0; c < C; c++) {
            assertThat(runningMean.getDouble(c)).isCloseTo(expectedMean[c], within(1e-12));
            assertThat(Math.pow(10, 2 * log10Std[c])).isCloseTo(expectedVar[c],
                    within(1e-12));
        }

        INDArray out = net.output(x, false);
        double[] o = out.dup('c').data().asDouble(); // the loss layer's output is a strided view
        for (int b = 0; b < B; b++) {
            for (int c = 0; c < C; c++) {
                for (int t = 0; t < T; t++) {
                    int i = (b * C + c) * T + t;
                    double expected = (xs[i] - expectedMean[c]) / Math.sqrt(expectedVar[c] + EPS);
                    assertThat(o[i]).isCloseTo(expected, within(1e-12));
                }
            }
        }
    }

    @Test
    void convGradientsPassTheNumericCheck() {
        MultiLayerNetwork net = network(DataType.DOUBLE, WorkspaceMode.NONE, convType(),
                new Convolution3D.Builder().kernelSize(1, 2, 2).stride(1, 1, 1).nOut(C)
                        .convolutionMode(ConvolutionMode.Same).dataFormat(Convolution3D.DataFormat.NCDHW)
                        .activation(Activation.TANH).build(),
                new TimeBatchNorm.Builder().build(),
                new org.deeplearning4j.nn.conf.layers.ActivationLayer(Activation.TANH),
                new TimeFlatten.Builder().build(),
                new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
                        .build());
        randomiseGammaBeta(net.getLayer(1));
        INDArray x = randn(DataType.DOUBLE, 7, B, C, T, H, W);
        assertThat(gradientsMatch(net, x, randn(DataType.DOUBLE, 8, B, 2, T), "1_mean", "1_log10stdev")).isTrue();
    }

    @Test
    void denseGradientsPassTheNumericCheck() {
        MultiLayerNetwork net = network(DataType.DOUBLE, WorkspaceMode.NONE, InputType.recurrent(3, T),
                new SimpleRnn.Builder().nOut(C).activation(Activation.TANH).build(),
                new TimeBatchNorm.Builder().build(),
                new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.TANH)
                        .build());
        randomiseGammaBeta(net.getLayer(1));
        INDArray x = randn(DataType.DOUBLE, 9, B, 3, T);
        assertThat(gradientsMatch(net, x, randn(DataType.DOUBLE, 10, B, 2, T), "1_mean", "1_log10stdev")).isTrue();
    }

    private static void randomiseGammaBeta(Layer bn) {
        bn.getParam(BatchNormalizationParamInitializer.GAMMA).assign(uniform(DataType.DOUBLE, 11, 0.5, 1.5, 1, C));
        bn.getParam(BatchNormalizationParamInitializer.BETA).assign(uniform(DataType.DOUBLE, 12, -0.5, 0.5, 1, C));
    }

    @Test
    void jsonRoundTripKeepsEverySetting() {
        MultiLayerNetwork net = network(DataType.FLOAT, WorkspaceMode.ENABLED, convType(),
                new TimeBatchNorm.Builder().decay(0.8).eps(1e-3).useLogStd(false).name("bn").build());
        MultiLayerConfiguration back = TimeLayerFixtures.jsonRoundTrip(net.getLayerWiseConfigurations());
        TimeBatchNorm bn = (TimeBatchNorm) back.getConf(0).getLayer();
        assertThat(bn.getDecay()).isEqualTo(0.8);
        assertThat(bn.getEps()).isEqualTo(1e-3);
        assertThat(bn.isUseLogStd()).isFalse();
        assertThat(bn.getNOut()).isEqualTo(C);
        assertThat(bn.getLayerName()).isEqualTo("bn");
    }

    @Test
    void aStockConfigurationIsCopiedFieldByField() {
        BatchNormalization stock = new BatchNormalization.Builder().decay(0.6).eps(1e-4).lockGammaBeta(true)
                .gamma(2.0).beta(-1.0).name("x").build();
        TimeBatchNorm bn = TimeBatchNorm.of(stock);
        assertThat(bn.getDecay()).isEqualTo(0.6);
        assertThat(bn.getEps()).isEqualTo(1e-4);
        assertThat(bn.isLockGammaBeta()).isTrue();
        assertThat(bn.getGamma()).isEqualTo(2.0);
        assertThat(bn.getBeta()).isEqualTo(-1.0);
        assertThat(bn.getLayerName()).isEqualTo("x");
        assertThatThrownBy(() -> TimeBatchNorm.of(new BatchNormalization.Builder().dataFormat(CNN2DFormat.NHWC)
                .build())).hasMessageContaining("dataFormat must be NCHW");
    }

    @Test
    void inputsWithoutATimeAxisOrWithTheWrongChannelCountAreRejected() {
        TimeBatchNorm bn = new TimeBatchNorm.Builder().name("bn").build();
        assertThatThrownBy(() -> bn.getOutputType(4, InputType.feedForward(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TimeBatchNorm 'bn' (layer 4)")
                .hasMessageContaining("recurrent");
        assertThatThrownBy(() -> bn.getOutputType(4, InputType.convolutional(3, 3, 2)))
                .hasMessageContaining("convolutional3D");
        Layer layer = bnLayer(DataType.FLOAT, convType());
        assertThatThrownBy(() -> layer.activate(randn(DataType.FLOAT, 1, B, C + 1, T, H, W), true,
                LayerWorkspaceMgr.noWorkspaces()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 2 channels")
                .hasMessageContaining("[3, 3, 4, 3, 2]");
        assertThatThrownBy(() -> layer.activate(randn(DataType.FLOAT, 1, B, C, H, W), true,
                LayerWorkspaceMgr.noWorkspaces()))
                .hasMessageContaining("[batch, N, T] (rank 3) or [batch, C, T, H, W] (rank 5)");
    }
}
