package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Truncated BPTT through DL4J's own {@code backpropType(TruncatedBPTT)} / {@code tBPTTLength(k)}: each layer's neuron
 * state (V, the CUBA current, the readout's potential) is carried from one segment to the next and the gradient stops
 * at the segment boundary. Network: CUBA LIF (learned theta) -> LIF (learned tau and v0) -> leaky-integrator readout
 * -> SDT loss, T = 6.
 */
class TruncatedBpttTest {
    private static final int IN = 5;
    private static final int T = 6;
    private static final int CLASSES = 3;
    private static final int BATCH = 4;

    private static NeuralNetConfiguration.Builder base(DataType dt) {
        return new NeuralNetConfiguration.Builder().seed(3).dataType(dt).updater(new Sgd(0.5));
    }

    private static NeuronConfig cuba() {
        return NeuronConfig.builder().model(NeuronModel.CUBA_LIF).decayInput(false).tau(4.0).currentDecay(0.5)
                .learnTheta(true).thetaScope(Scope.NEURON).build();
    }

    private static NeuronConfig lif() {
        return NeuronConfig.builder().tau(2.0).learnTau(true).v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.NEURON).build();
    }

    /** The network with full BPTT ({@code k <= 0}) or truncated BPTT in segments of {@code k} steps. */
    private static MultiLayerNetwork mln(DataType dt, int k) {
        NeuralNetConfiguration.ListBuilder b = base(dt).list()
                .layer(new SpikingDense.Builder(8).neuron(cuba()).build())
                .layer(new SpikingDense.Builder(6).neuron(lif()).build())
                .layer(new LeakyIntegratorReadout.Builder(CLASSES).tau(2.0).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(IN, T));
        if (k > 0) {
            b.backpropType(BackpropType.TruncatedBPTT).tBPTTLength(k);
        }
        MultiLayerConfiguration conf = b.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static ComputationGraph graph(int k) {
        ComputationGraphConfiguration.GraphBuilder b = base(DataType.FLOAT).graphBuilder().addInputs("in")
                .addLayer("cuba", new SpikingDense.Builder(8).neuron(cuba()).build(), "in")
                .addLayer("lif", new SpikingDense.Builder(6).neuron(lif()).build(), "cuba")
                .addLayer("readout", new LeakyIntegratorReadout.Builder(CLASSES).tau(2.0).build(), "lif")
                .addLayer("loss", new TemporalLossLayer.Builder(new SdtLoss()).build(), "readout")
                .setOutputs("loss").setInputTypes(InputType.recurrent(IN, T));
        if (k > 0) {
            b.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(k).tBPTTBackwardLength(k);
        }
        ComputationGraph net = new ComputationGraph(b.build());
        net.init();
        return net;
    }

    private static INDArray input(DataType dt) {
        return SpikingFixtures.input(dt, 11, BATCH, IN, T).muli(1.5);
    }

    /** One-hot labels repeated at every step, {@code [batch, classes, T]} (what MultiLayerNetwork's TBPTT splits). */
    private static INDArray stepLabels(DataType dt) {
        INDArray y = Nd4j.zeros(dt, BATCH, CLASSES, T);
        for (int i = 0; i < BATCH; i++) {
            y.get(NDArrayIndex.point(i), NDArrayIndex.point(i % CLASSES), NDArrayIndex.all()).assign(1);
        }
        return y;
    }

    private static INDArray steps(INDArray x, int from, int to) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup();
    }

    private static double maxDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    @Test
    void aSegmentCoveringTheWholeSequenceTrainsExactlyLikeFullBptt() {
        MultiLayerNetwork full = mln(DataType.FLOAT, 0);
        MultiLayerNetwork tbptt = mln(DataType.FLOAT, T);
        tbptt.setParams(full.params().dup());
        DataSet ds = new DataSet(input(DataType.FLOAT), stepLabels(DataType.FLOAT));
        INDArray before = full.params().dup();
        for (int i = 0; i < 3; i++) {
            full.fit(ds);
            tbptt.fit(ds);
        }
        assertThat(maxDiff(full.params(), before)).as("the step moved the parameters").isGreaterThan(1e-3);
        assertThat(maxDiff(tbptt.params(), full.params())).isLessThanOrEqualTo(1e-6);
        assertThat(maxDiff(tbptt.output(ds.getFeatures()), full.output(ds.getFeatures()))).isLessThanOrEqualTo(1e-6);
    }

    @Test
    void shorterSegmentsCarryEveryLayersStateSoTheirForwardPassIsTheFullOne() {
        for (int k : new int[] {1, 2, 4}) {
            MultiLayerNetwork net = mln(DataType.FLOAT, k);
            INDArray x = input(DataType.FLOAT);
            List<INDArray> whole = net.feedForward(x, true);
            // The layers with state (not the stateless loss layer, whose full-sequence output is reduced over T).
            int stateful = whole.size() - 1;
            net.rnnClearPreviousState();
            INDArray[] joined = new INDArray[whole.size()];
            for (int from = 0; from < T; from += k) {
                // What DL4J's doTruncatedBPTT does per segment: forward from the stored state, then carry it on.
                List<INDArray> seg = net.rnnActivateUsingStoredState(steps(x, from, Math.min(T, from + k)), true,
                        true);
                net.updateRnnStateWithTBPTTState();
                for (int l = 1; l < stateful; l++) {
                    joined[l] = joined[l] == null ? seg.get(l).dup() : Nd4j.concat(2, joined[l], seg.get(l));
                }
            }
            for (int l = 1; l < stateful; l++) {
                assertThat(maxDiff(joined[l], whole.get(l))).as("k=%d, layer %d", k, l - 1).isLessThanOrEqualTo(1e-6);
            }
            assertThat(whole.get(1).sumNumber().doubleValue()).as("layer 0 spikes").isGreaterThan(0);
            assertThat(whole.get(2).sumNumber().doubleValue()).as("layer 1 spikes").isGreaterThan(0);
        }
    }

    @Test
    void aLaterSegmentsGradientIsTheGradientWithTheCarriedStateHeldFixed() {
        // Smooth spikes (the surrogate's primitive) so that finite differences see the surrogate gradient.
        MultiLayerNetwork net = mln(DataType.DOUBLE, 3);
        SpikingFixtures.smoothForGradientChecks(net);
        INDArray x = input(DataType.DOUBLE);
        INDArray y = stepLabels(DataType.DOUBLE);
        net.rnnClearPreviousState();
        net.rnnActivateUsingStoredState(steps(x, 0, 3), true, true);
        net.updateRnnStateWithTBPTTState();
        Map<String, INDArray> carried = ((RecurrentLayer) net.getLayer(0)).rnnGetPreviousState();
        assertThat(carried).as("layer 0 carries V and I").containsKeys("v", "i");

        net.setInput(steps(x, 3, T));
        net.setLabels(steps(y, 3, T));
        net.computeGradientAndScore();
        // DL4J's gradient is summed over the minibatch (the updater divides it), the score averaged.
        INDArray analytic = net.getFlattenedGradients().div(BATCH);
        INDArray params = net.params();
        double h = 1e-6;
        double worst = 0;
        for (long j = 0; j < params.length(); j++) {
            double p = params.getDouble(j);
            params.putScalar(j, p + h);
            net.computeGradientAndScore();
            double plus = net.score();
            params.putScalar(j, p - h);
            net.computeGradientAndScore();
            double minus = net.score();
            params.putScalar(j, p);
            double numeric = (plus - minus) / (2 * h);
            double a = analytic.getDouble(j);
            worst = Math.max(worst, Math.abs(a - numeric) / Math.max(1e-4, Math.abs(a) + Math.abs(numeric)));
        }
        assertThat(worst).isLessThan(1e-4);
        // v0 acts only before the first segment: from a carried state its gradient is zero.
        long offset = 0;
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            if (e.getKey().equals("1_v0")) break;
            offset += e.getValue().length();
        }
        INDArray v0Grad = analytic.reshape(analytic.length()).get(NDArrayIndex.interval(offset,
                offset + net.getParam("1_v0").length()));
        assertThat(v0Grad.amaxNumber().doubleValue()).isEqualTo(0.0);
        assertThat(analytic.amaxNumber().doubleValue()).isGreaterThan(1e-3);
    }

    @Test
    void computationGraphWithOneWholeSegmentEqualsFullBpttAndItsSegmentsEqualTheMultiLayerNetworks() {
        DataSet ds3 = new DataSet(input(DataType.FLOAT), stepLabels(DataType.FLOAT));
        DataSet ds2 = new DataSet(ds3.getFeatures(), ds3.getLabels().get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.point(0)).dup());
        // One segment over all of T, labels [batch, classes] (ComputationGraph does not split 2-D labels).
        ComputationGraph full = graph(0);
        ComputationGraph whole = graph(T);
        whole.setParams(full.params().dup());
        INDArray start = full.params().dup();
        full.fit(ds2);
        whole.fit(ds2);
        assertThat(maxDiff(whole.params(), full.params())).isLessThanOrEqualTo(1e-6);
        assertThat(maxDiff(whole.outputSingle(ds2.getFeatures()), full.outputSingle(ds2.getFeatures())))
                .isLessThanOrEqualTo(1e-6);

        // Segments of 2: the graph trains exactly as the same layers in a MultiLayerNetwork.
        ComputationGraph cg = graph(2);
        MultiLayerNetwork mln = mln(DataType.FLOAT, 2);
        cg.setParams(start.dup());
        mln.setParams(start.dup());
        for (int i = 0; i < 2; i++) {
            cg.fit(ds3);
            mln.fit(ds3);
        }
        assertThat(maxDiff(cg.params(), start)).isGreaterThan(1e-3);
        assertThat(maxDiff(cg.params(), mln.params())).isLessThanOrEqualTo(1e-6);
        // ...and differently from one segment over all of T (the boundaries cut the gradient).
        MultiLayerNetwork one = mln(DataType.FLOAT, T);
        one.setParams(start.dup());
        for (int i = 0; i < 2; i++) {
            one.fit(ds3);
        }
        assertThat(maxDiff(one.params(), mln.params())).isGreaterThan(1e-4);
    }

    @Test
    void aBackwardLengthShorterThanTheSegmentIsRefusedWithTheLayerName() {
        // DL4J 1.0.0-M2.1's fit never passes a backward length (it calls backpropGradient: the whole segment);
        // ComputationGraph.backpropGradient under TBPTT does, through tbpttBackpropGradient.
        MultiLayerNetwork net = mln(DataType.FLOAT, 4);
        net.initGradientsView();
        RecurrentLayer layer = (RecurrentLayer) net.getLayer(0);
        INDArray x = steps(input(DataType.FLOAT), 0, 4);
        INDArray out = layer.rnnActivateUsingStoredState(x, true, true, LayerWorkspaceMgr.noWorkspaces());
        assertThat(layer.tbpttBackpropGradient(Nd4j.onesLike(out), 4, LayerWorkspaceMgr.noWorkspaces()).getFirst()
                .getGradientFor("W")).isNotNull();
        layer.rnnActivateUsingStoredState(x, true, true, LayerWorkspaceMgr.noWorkspaces());
        assertThatThrownBy(() -> layer.tbpttBackpropGradient(Nd4j.onesLike(out), 2, LayerWorkspaceMgr.noWorkspaces()))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("SpikingDense").hasMessageContaining("tBPTTLength");
    }

    /** Every layer with a neuron keeps a state between segments; the ones without keep none. */
    @Test
    void everyNeuronLayerCarriesItsStateAndClearingDropsIt() {
        MultiLayerNetwork net = mln(DataType.FLOAT, 2);
        net.rnnClearPreviousState();
        net.rnnActivateUsingStoredState(steps(input(DataType.FLOAT), 0, 2), true, true);
        net.updateRnnStateWithTBPTTState();
        for (int i = 0; i < 3; i++) {
            Layer l = net.getLayer(i);
            assertThat(((RecurrentLayer) l).rnnGetPreviousState()).as("layer %d", i).containsKey("v");
        }
        assertThat(((RecurrentLayer) net.getLayer(0)).rnnGetPreviousState()).containsKey("i");
        net.rnnClearPreviousState();
        assertThat(((RecurrentLayer) net.getLayer(0)).rnnGetPreviousState()).isEmpty();
    }
}
