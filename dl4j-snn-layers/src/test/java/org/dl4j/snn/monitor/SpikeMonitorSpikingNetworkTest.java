package org.dl4j.snn.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.layers.SpikingConv;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.TimePooling;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * End to end with the library's spiking layers: SpikingConv -> TimePooling -> SpikingDense -> non-spiking readout.
 * The monitor must find exactly the two spiking layers, count the same spikes as an independent inference pass on
 * the same parameters before every update, and report tau, theta and v0 of the current parameters.
 */
class SpikeMonitorSpikingNetworkTest {
    private static final int T = 4;
    private static final int B = 6;
    private static final int CLASSES = 3;

    private static NeuronConfig learnable() {
        // tau 2 -> w = 0: tau stays close to 2; theta per channel, v0 per neuron.
        return NeuronConfig.builder().tau(2.0).learnTau(true).learnTheta(true).thetaScope(Scope.CHANNEL)
                .theta(0.5).v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.NEURON).build();
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).updater(new Adam(5e-2))
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED);
    }

    private static InputType input() {
        return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 6, 6, 2);
    }

    private static MultiLayerNetwork mln() {
        MultiLayerNetwork net = new MultiLayerNetwork(base().list()
                .layer(new SpikingConv.Builder(4, 3).convolutionMode(ConvolutionMode.Same).neuron(learnable())
                        .name("conv").build())
                .layer(new TimePooling.Builder(PoolingType.MAX, 2, 2).stride(2, 2).build())
                .layer(new SpikingDense.Builder(10).neuron(learnable()).name("fc").build())
                .layer(new SpikingDense.Builder(CLASSES).neuron(NeuronConfig.builder().spiking(false).build())
                        .name("readout").build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(input()).build());
        net.init();
        return net;
    }

    private static ComputationGraph graph() {
        ComputationGraph net = new ComputationGraph(base().graphBuilder().addInputs("in")
                .addLayer("conv", new SpikingConv.Builder(4, 3).convolutionMode(ConvolutionMode.Same)
                        .neuron(learnable()).build(), "in")
                .addLayer("pool", new TimePooling.Builder(PoolingType.MAX, 2, 2).stride(2, 2).build(), "conv")
                .addLayer("fc", new SpikingDense.Builder(10).neuron(learnable()).build(), "pool")
                .addLayer("readout", new SpikingDense.Builder(CLASSES)
                        .neuron(NeuronConfig.builder().spiking(false).build()).build(), "fc")
                .addLayer("loss", new TemporalLossLayer.Builder(new SdtLoss()).build(), "readout")
                .setOutputs("loss").setInputTypes(input()).build());
        net.init();
        return net;
    }

    private static List<DataSet> batches(int n) {
        Nd4j.getRandom().setSeed(42);
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            INDArray y = Nd4j.zeros(DataType.FLOAT, B, CLASSES);
            for (int s = 0; s < B; s++) {
                y.putScalar(s, s % CLASSES, 1);
            }
            out.add(new DataSet(Nd4j.rand(DataType.FLOAT, B, 2, T, 6, 6).muli(2), y));
        }
        return out;
    }

    /** Per-neuron counts of the spiking layers' inference outputs (the same as training: no dropout here). */
    private static Map<String, INDArray> counts(Model net, INDArray x) {
        Map<String, INDArray> out = new HashMap<>();
        if (net instanceof MultiLayerNetwork m) {
            List<INDArray> acts = m.feedForward(x, false);
            out.put("conv", acts.get(1).sum(0, 2).castTo(DataType.DOUBLE).reshape(-1));
            out.put("fc", acts.get(3).sum(0, 2).castTo(DataType.DOUBLE).reshape(-1));
        } else {
            Map<String, INDArray> acts = ((ComputationGraph) net).feedForward(x, false);
            out.put("conv", acts.get("conv").sum(0, 2).castTo(DataType.DOUBLE).reshape(-1));
            out.put("fc", acts.get("fc").sum(0, 2).castTo(DataType.DOUBLE).reshape(-1));
        }
        return out;
    }

    private static void fit(Model net, DataSet ds) {
        if (net instanceof MultiLayerNetwork m) {
            m.fit(ds);
        } else {
            ((ComputationGraph) net).fit(ds);
        }
    }

    private static Map<String, INDArray> params(Model net, String layer) {
        return net instanceof MultiLayerNetwork m ? m.getLayer(layer).paramTable()
                : ((ComputationGraph) net).getLayer(layer).paramTable();
    }

    @Test
    void multiLayerNetworkCountsMatchAnIndependentPassAndParametersAreCurrent() {
        checkAgainstIndependentCounts(mln(), 0, 2);
    }

    @Test
    void computationGraphCountsMatchAnIndependentPassAndParametersAreCurrent() {
        ComputationGraph g = graph();
        checkAgainstIndependentCounts(g, g.getVertex("conv").getVertexIndex(), g.getVertex("fc").getVertexIndex());
    }

    private static void checkAgainstIndependentCounts(Model net, int convIndex, int fcIndex) {
        List<DataSet> data = batches(3);
        Map<String, INDArray> expected = new HashMap<>();
        try (SpikeMonitor m = SpikeMonitor.builder().build()) {
            net.setListeners(m);
            for (DataSet ds : data) {
                // The parameters the next fit will use: count its spikes first.
                counts(net, ds.getFeatures()).forEach((k, v) -> expected.merge(k, v, INDArray::add));
                fit(net, ds);
            }
            m.endEpoch();

            assertThat(m.layers()).extracting(MonitoredLayer::index, MonitoredLayer::name, MonitoredLayer::type)
                    .containsExactly(org.assertj.core.api.Assertions.tuple(convIndex, "conv", "SpikingConv"),
                            org.assertj.core.api.Assertions.tuple(fcIndex, "fc", "SpikingDense"));
            List<MonitorRecord> records = m.records();
            assertThat(records).hasSize(2);
            for (MonitorRecord r : records) {
                double[] c = expected.get(r.layer().name()).toDoubleVector();
                SpikeSummary e = SpikeSummary.of(c, 3L * B, 3L * B * T);
                assertThat(r.spikes()).isEqualTo(e);
                assertThat(r.batches()).isEqualTo(3);
            }
            assertThat(records.get(0).spikes().neurons()).isEqualTo(4 * 6 * 6);
            assertThat(records.get(1).spikes().neurons()).isEqualTo(10);
            // The network really spikes (the comparison above is not between two zeros).
            assertThat(records).allSatisfy(r -> assertThat(r.spikes().spikes()).isPositive());

            for (MonitorRecord r : records) {
                Map<String, INDArray> p = params(net, r.layer().name());
                assertThat(r.params().keySet()).containsExactly("tau", "theta", "v0");
                double w = p.get("tauW").getDouble(0);
                assertThat(r.params().get("tau").count()).isEqualTo(1);
                assertThat(r.params().get("tau").mean()).isCloseTo(1 / (1 / (1 + Math.exp(-w))), within(1e-9));
                assertThat(w).isNotEqualTo(0.0); // tau was trained away from its initial 2
                assertThat(r.params().get("theta").count()).isEqualTo(r.layer().name().equals("conv") ? 4 : 10);
                assertThat(r.params().get("theta").mean()).isCloseTo(p.get("theta").meanNumber().doubleValue(),
                        within(1e-6));
                assertThat(r.params().get("v0").count()).isEqualTo(r.spikes().neurons());
                assertThat(r.params().get("v0").max()).isCloseTo(p.get("v0").maxNumber().doubleValue(),
                        within(1e-6));
            }
        }
    }
}
