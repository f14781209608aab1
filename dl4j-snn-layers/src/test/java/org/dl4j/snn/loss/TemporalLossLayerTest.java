package org.dl4j.snn.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4j.snn.loss.internal.TemporalLossRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * {@link TemporalLossLayer} in MultiLayerNetwork and ComputationGraph: [batch, classes, T] outputs with plain
 * [batch, classes] labels, masks, training, and DL4J's numerical gradient check through the whole network.
 */
class TemporalLossLayerTest {
    private static final int N_IN = 2;
    private static final int K = 3;
    private DataType savedDefault;
    private DataType savedFloatingDefault;

    @BeforeEach
    void doublePrecision() {
        savedDefault = Nd4j.defaultFloatingPointType();
        savedFloatingDefault = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterEach
    void restorePrecision() {
        Nd4j.setDefaultDataTypes(savedFloatingDefault, savedDefault);
    }

    /** Simple RNN (tanh) -> time-distributed dense logits -> loss layer; stock DL4J layers only. */
    private static MultiLayerNetwork network(TemporalLoss loss, Activation readout, IUpdater updater, int hidden) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(12345).dataType(DataType.DOUBLE)
                .updater(updater).weightInit(WeightInit.XAVIER).list()
                .layer(new SimpleRnn.Builder().nOut(hidden).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut((long) K * loss.votesPerClass()).activation(Activation.IDENTITY)
                        .build())
                .layer(new TemporalLossLayer.Builder(loss).activation(readout).build())
                .setInputType(InputType.recurrent(N_IN)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Class = argmax of (mean x0, mean x1, -(mean x0 + mean x1)); labels [batch, K]. */
    private static DataSet data(int batch, int steps, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.DOUBLE, batch, N_IN, steps);
        INDArray m = x.mean(2);
        INDArray scores = Nd4j.concat(1, m, m.sum(true, 1).negi());
        INDArray cls = scores.argMax(1);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, batch, K);
        for (int i = 0; i < batch; i++) y.putScalar(i, cls.getInt(i), 1.0);
        return new DataSet(x, y);
    }

    @Test
    void configurationAddsNoRnnToFeedForwardPreprocessorBeforeTheLossLayer() {
        MultiLayerNetwork net = network(new TetLoss(), Activation.IDENTITY, new NoOp(), 4);
        // Dense (time distributed) -> loss layer: FF->RNN is added so the loss sees [batch, classes, T] again.
        assertThat(net.getLayerWiseConfigurations().getInputPreProcess(2)).isInstanceOf(FeedForwardToRnnPreProcessor.class);
        MultiLayerConfiguration direct = new NeuralNetConfiguration.Builder().list()
                .layer(new LSTM.Builder().nOut(K).build())
                .layer(new TemporalLossLayer.Builder(new LtsLoss()).build())
                .setInputType(InputType.recurrent(N_IN)).build();
        assertThat(direct.getInputPreProcess(1)).isNull();
        assertThat(((TemporalLossLayer) direct.getConf(1).getLayer()).getNIn()).isEqualTo(K);
    }

    @Test
    void fitReducesTheLossWithPlainTwoDimensionalLabels() {
        for (TemporalLoss loss : List.of(new TetLoss(0.05), SpikeRateMseLoss.voting(2))) {
            Activation act = loss instanceof SpikeRateMseLoss ? Activation.SIGMOID : Activation.IDENTITY;
            MultiLayerNetwork net = network(loss, act, new Adam(0.05), 8);
            DataSet ds = data(16, 5, 1);
            double before = net.score(ds);
            for (int i = 0; i < 60; i++) net.fit(ds);
            double after = net.score(ds);
            assertThat(net.output(ds.getFeatures()).shape()).containsExactly(16, (long) K * loss.votesPerClass(), 5);
            assertThat(after).as(loss.toString()).isLessThan(0.6 * before);
        }
    }

    @Test
    void networkScoreHonoursLabelMaskAndFeatureMask() {
        TemporalLoss loss = new TetLoss(0.05);
        MultiLayerNetwork net = network(loss, Activation.IDENTITY, new NoOp(), 4);
        DataSet ds = data(3, 4, 2);
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1}, {1, 1, 0, 0}, {1, 1, 1, 0}});
        INDArray output = net.output(ds.getFeatures());
        double unmasked = net.score(ds);
        assertThat(unmasked).isCloseTo(loss.computeScore(ds.getLabels(), output, new ActivationIdentity(), null, true),
                within(1e-12));

        DataSet labelMasked = new DataSet(ds.getFeatures(), ds.getLabels(), null, mask);
        assertThat(net.score(labelMasked)).isCloseTo(
                loss.computeScore(ds.getLabels(), output, new ActivationIdentity(), mask, true), within(1e-12))
                .isNotCloseTo(unmasked, within(1e-6));

        // A per-class labels mask with constant rows (what DataSet.merge makes of per-sample masks for 2-D labels)
        // masks whole samples; one that differs between classes of a sample is rejected.
        INDArray perSample = Nd4j.createFromArray(new double[][] {{1}, {0}, {1}});
        INDArray perClass = perSample.repeat(1, K);
        assertThat(net.score(new DataSet(ds.getFeatures(), ds.getLabels(), null, perClass))).isCloseTo(
                loss.computeScore(ds.getLabels(), output, new ActivationIdentity(), perSample, true), within(1e-12));
        perClass.putScalar(0, 1, 0.0);
        assertThatThrownBy(() -> net.score(new DataSet(ds.getFeatures(), ds.getLabels(), null, perClass)))
                .hasMessageContaining("per-class label mask");

        DataSet featureMasked = new DataSet(ds.getFeatures(), ds.getLabels(), mask, null);
        INDArray maskedOutput = net.output(ds.getFeatures(), false, mask, null);
        assertThat(net.score(featureMasked)).isCloseTo(
                loss.computeScore(ds.getLabels(), maskedOutput, new ActivationIdentity(), mask, true), within(1e-12));
    }

    @Test
    void gradientsThroughTheNetworkPassDl4jGradientCheck() {
        // The loss formulas are checked numerically in TemporalLossMathTest; here the plumbing: the layer's
        // epsilon, DL4J's division by the minibatch, feature masks through preprocessors, label masks, 3-D labels.
        DataSet ds = data(3, 4, 3);
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1}, {1, 1, 0, 0}, {1, 1, 1, 0}});
        INDArray labels3d = ds.getLabels().reshape(3, K, 1).repeat(2, 4);
        MultiLayerNetwork tet = network(new TetLoss(0.2, 0.5, TetLoss.Weighting.ADDITIVE, 0.1), Activation.IDENTITY,
                new NoOp(), 3);
        assertThat(check(tet, ds.getFeatures(), ds.getLabels(), mask, null)).as("TET, feature mask").isTrue();
        MultiLayerNetwork lts = network(new LtsLoss(), Activation.IDENTITY, new NoOp(), 3);
        assertThat(check(lts, ds.getFeatures(), labels3d, null, mask)).as("LTS, label mask, 3-D labels").isTrue();
        MultiLayerNetwork rate = network(SpikeRateMseLoss.voting(2), Activation.SIGMOID, new NoOp(), 3);
        assertThat(check(rate, ds.getFeatures(), ds.getLabels(), mask, null)).as("voting rate MSE, sigmoid").isTrue();
    }

    private static boolean check(MultiLayerNetwork net, INDArray x, INDArray y, INDArray fMask, INDArray lMask) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .inputMask(fMask).labelMask(lMask).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(true));
    }

    private static ComputationGraph graph(TemporalLoss loss, IUpdater updater) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(updater).weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .addLayer("rnn", new SimpleRnn.Builder().nOut(4).activation(Activation.TANH).build(), "in")
                .addLayer("logits", new DenseLayer.Builder().nOut(K).activation(Activation.IDENTITY).build(), "rnn")
                .addLayer("loss", new TemporalLossLayer.Builder(loss).build(), "logits")
                .setOutputs("loss").setInputTypes(InputType.recurrent(N_IN)).build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    @Test
    void computationGraphTrainsAndPassesGradientCheck() {
        TemporalLoss loss = new TetLoss(0.05);
        DataSet ds = data(16, 4, 4);
        ComputationGraph trained = graph(loss, new Adam(0.05));
        double before = trained.score(ds);
        assertThat(before).isCloseTo(loss.computeScore(ds.getLabels(), trained.outputSingle(ds.getFeatures()),
                new ActivationIdentity(), null, true), within(1e-12));
        for (int i = 0; i < 25; i++) trained.fit(ds);
        assertThat(trained.score(ds)).isLessThan(0.6 * before);

        DataSet small = data(3, 4, 5);
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1}, {1, 1, 0, 0}, {1, 1, 1, 0}});
        ComputationGraph net = graph(new SdtLoss(), new NoOp());
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[] {small.getFeatures()}).labels(new INDArray[] {small.getLabels()})
                .inputMask(new INDArray[] {mask}).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(true));
        assertThat(ok).isTrue();
    }

    @Test
    void layerPredictUsesTheReadoutOfItsLoss() {
        MultiLayerNetwork net = network(new LtsLoss(), Activation.IDENTITY, new NoOp(), 4);
        TemporalLossRuntime layer = (TemporalLossRuntime) net.getOutputLayer();
        // logits [2, 3, 3]: the last step says class 2 / class 0, the mean says class 0 / class 1
        INDArray logits = Nd4j.createFromArray(new double[][][] {
                {{5, 5, 0}, {0, 0, 0}, {0, 0, 1}},
                {{0, 0, 1}, {4, 4, 0}, {0, 0, 0}}});
        assertThat(layer.predict(logits)).containsExactly(2, 0);
        INDArray labels = Nd4j.createFromArray(new double[][] {{0, 0, 1}, {1, 0, 0}});
        assertThat(layer.f1Score(logits, labels)).isEqualTo(1.0);
    }
}
