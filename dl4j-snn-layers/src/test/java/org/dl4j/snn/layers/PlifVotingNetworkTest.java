package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.dl4j.snn.layers.TimeLayerFixtures.maxAbsDiff;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.preprocessor.TimeFlattenPreProcessor;
import org.dl4j.snn.loss.SpikeRateMseLoss;
import org.dl4j.snn.loss.TemporalLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.neuron.NeuronConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The PLIF paper's N-MNIST-style network in miniature, with the library's spiking layers: SpikingConv (PLIF) ->
 * TimeBatchNorm -> TimePooling -> TimeFlatten -> TimeDropoutLayer -> SpikingDense (PLIF, classes * votes) ->
 * VotingReadout -> spike-rate MSE against one-hot labels, in MultiLayerNetwork and ComputationGraph.
 */
class PlifVotingNetworkTest {
    private static final int T = 4;
    private static final int CLASSES = 3;
    private static final int VOTES = 4;

    /** PLIF: one learnable tau per layer (tau0 = 2), theta 1, hard reset to 0, detached reset, ATan(2). */
    private static NeuronConfig plif() {
        return NeuronConfig.builder().tau(2.0).learnTau(true).detachReset(true).build();
    }

    private static InputType input() {
        return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 8, 8, 2);
    }

    private static List<Layer> layers(boolean withFlatten, boolean withVoting, double dropProbability) {
        List<Layer> l = new ArrayList<>();
        l.add(new SpikingConv.Builder(4, 3).convolutionMode(ConvolutionMode.Same).neuron(plif()).build());
        l.add(new TimeBatchNorm.Builder().build());
        l.add(new TimePooling.Builder(PoolingType.MAX, 2).stride(2).build());
        if (withFlatten) {
            l.add(new TimeFlatten.Builder().build());
        }
        l.add(new TimeDropoutLayer.Builder(dropProbability).build());
        l.add(new SpikingDense.Builder(CLASSES * VOTES).neuron(plif()).build());
        TemporalLoss loss = new SpikeRateMseLoss();
        if (withVoting) {
            l.add(new VotingReadout.Builder(VOTES).build());
        } else {
            loss = SpikeRateMseLoss.voting(VOTES);
        }
        l.add(new TemporalLossLayer.Builder(loss).build());
        return l;
    }

    private static NeuralNetConfiguration.Builder base(DataType dt) {
        return new NeuralNetConfiguration.Builder().seed(11).dataType(dt).updater(new Adam(1e-2))
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED);
    }

    private static MultiLayerNetwork mln(DataType dt, boolean withFlatten, boolean withVoting, double p) {
        NeuralNetConfiguration.ListBuilder b = base(dt).list();
        layers(withFlatten, withVoting, p).forEach(b::layer);
        MultiLayerNetwork net = new MultiLayerNetwork(TimeLayerFixtures.jsonRoundTrip(b.setInputType(input())
                .build()));
        net.init();
        return net;
    }

    private static ComputationGraph graph(double p) {
        ComputationGraphConfiguration.GraphBuilder g = base(DataType.FLOAT).graphBuilder().addInputs("in")
                .setInputTypes(input());
        String prev = "in";
        int i = 0;
        for (Layer l : layers(true, true, p)) {
            String name = "l" + i++;
            g.addLayer(name, l, prev);
            prev = name;
        }
        ComputationGraphConfiguration conf = g.setOutputs(prev).build();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertThat(back).isEqualTo(conf);
        ComputationGraph net = new ComputationGraph(back);
        net.init();
        return net;
    }

    /** Class c brightens rows 2c..2c+2 of both polarity channels at every step; labels one-hot [n, classes]. */
    private static DataSet data(DataType dt) {
        int n = 12;
        INDArray x = TimeLayerFixtures.uniform(DataType.FLOAT, 31, 0, 0.3, n, 2, T, 8, 8);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, CLASSES);
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            y.putScalar(i, c, 1);
            x.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(2 * c, 2 * c + 3),
                    NDArrayIndex.all()).addi(1.5);
        }
        return new DataSet(x.castTo(dt), y.castTo(dt));
    }

    @Test
    void multiLayerNetworkTrainsAndSavesAndLoadsIdentically() {
        MultiLayerNetwork net = mln(DataType.FLOAT, true, true, 0.25);
        DataSet ds = data(DataType.FLOAT);
        double first = net.score(ds);
        for (int i = 0; i < 25; i++) {
            net.fit(ds);
        }
        double last = net.score(ds);
        assertThat(last).as("loss %s -> %s", first, last).isLessThan(0.7 * first);

        MultiLayerNetwork restored = TimeLayerFixtures.saveAndLoad(net);
        assertThat(restored.params()).isEqualTo(net.params());
        assertThat(restored.output(ds.getFeatures())).isEqualTo(net.output(ds.getFeatures()));
        Nd4j.getRandom().setSeed(3);
        net.fit(ds);
        Nd4j.getRandom().setSeed(3);
        restored.fit(ds);
        assertThat(restored.params()).isEqualTo(net.params());
    }

    @Test
    void computationGraphTrainsAndSavesAndLoadsIdentically() {
        ComputationGraph cg = graph(0.25);
        DataSet ds = data(DataType.FLOAT);
        double first = cg.score(ds);
        for (int i = 0; i < 25; i++) {
            cg.fit(ds);
        }
        double last = cg.score(ds);
        assertThat(last).as("loss %s -> %s", first, last).isLessThan(0.7 * first);
        ComputationGraph restored = TimeLayerFixtures.saveAndLoad(cg);
        assertThat(restored.params()).isEqualTo(cg.params());
        assertThat(restored.outputSingle(ds.getFeatures())).isEqualTo(cg.outputSingle(ds.getFeatures()));
    }

    /** The voting layer + plain rate MSE is the same objective as the loss's own voting, gradients included. */
    @Test
    void votingLayerThenRateMseEqualsTheVotingRateMse() {
        DataSet ds = data(DataType.DOUBLE);
        MultiLayerNetwork withLayer = mln(DataType.DOUBLE, true, true, 0.0);
        MultiLayerNetwork inLoss = mln(DataType.DOUBLE, true, false, 0.0);
        inLoss.setParams(withLayer.params());
        MultiLayerNetwork[] nets = {withLayer, inLoss};
        for (MultiLayerNetwork n : nets) {
            n.setInput(ds.getFeatures());
            n.setLabels(ds.getLabels());
            n.computeGradientAndScore();
        }
        assertThat(inLoss.score()).isCloseTo(withLayer.score(), within(1e-12));
        assertThat(maxAbsDiff(inLoss.gradient().gradient(), withLayer.gradient().gradient())).isLessThan(1e-12);
    }

    /** SpikingDense after TimePooling gets TimeFlattenPreProcessor from DL4J: the same as the explicit layer. */
    @Test
    void theAutomaticFlattenEqualsTheExplicitTimeFlattenLayer() {
        MultiLayerNetwork explicit = mln(DataType.FLOAT, true, true, 0.0);
        MultiLayerNetwork automatic = mln(DataType.FLOAT, false, true, 0.0);
        assertThat(automatic.getLayerWiseConfigurations().getInputPreProcess(4))
                .isEqualTo(new TimeFlattenPreProcessor(4, 4, 4));
        automatic.setParams(explicit.params());
        INDArray x = data(DataType.FLOAT).getFeatures();
        assertThat(automatic.output(x)).isEqualTo(explicit.output(x));
    }

    /** As {@code .dropOut(...)} of SpikingDense the mask acts on its input, shared over the T steps. */
    @Test
    void timeDropoutOnSpikingDenseMasksItsInputNeuronsForAllSteps() {
        MultiLayerNetwork net = new MultiLayerNetwork(base(DataType.FLOAT).trainingWorkspaceMode(WorkspaceMode.NONE)
                .list().layer(new SpikingDense.Builder(6).neuron(plif()).dropOut(new TimeDropout(0.5)).build())
                .setInputType(InputType.recurrent(20, T)).build());
        net.init();
        LayerWorkspaceMgr noWs = LayerWorkspaceMgr.noWorkspaces();
        INDArray x = TimeLayerFixtures.uniform(DataType.FLOAT, 5, 0, 2, 3, 20, T);
        Nd4j.getRandom().setSeed(8);
        INDArray train = net.getLayer(0).activate(x, true, noWs).dup();
        INDArray mask = ((TimeDropout) net.getLayer(0).conf().getLayer().getIDropout()).lastMask().dup();
        assertThat(mask.shape()).containsExactly(3, 20);
        INDArray expected = net.getLayer(0).activate(x.mul(mask.reshape(3, 20, 1)), false, noWs);
        assertThat(train).isEqualTo(expected);
    }
}
