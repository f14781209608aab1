package org.dl4j.snn.examples.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.monitor.MonitorRecord;
import org.dl4j.snn.monitor.MonitoredLayer;
import org.dl4j.snn.monitor.ParamStats;
import org.dl4j.snn.monitor.SpikeSummary;
import org.dl4j.snn.monitor.storage.SpikeMonitorMetaData;
import org.dl4j.snn.monitor.storage.SpikeMonitorReport;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.dl4j.snn.surrogate.ATan;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** Test fixtures of the UI tests: a tiny spiking MLP with learnable tau, theta and v0, and synthetic monitor records. */
final class TinySnn {
    static final int INPUTS = 6;
    static final int HIDDEN = 8;
    static final int CLASSES = 3;
    static final int STEPS = 5;
    static final int BATCH = 4;

    private TinySnn() {
    }

    /** 6 - SpikingDense(8, PLIF, learnable theta and v0) - non-spiking readout(3) - SDT loss, T = 5. */
    static MultiLayerNetwork network() {
        NeuronConfig hidden = NeuronConfig.builder().model(NeuronModel.LIF).tau(2.0).learnTau(true)
                .tauScope(Scope.LAYER).learnTheta(true).thetaScope(Scope.NEURON).v0Mode(V0Mode.LEARNABLE)
                .v0Scope(Scope.NEURON).surrogate(new ATan(2.0)).build();
        NeuronConfig readout = NeuronConfig.builder().model(NeuronModel.LIF).tau(2.0).spiking(false).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER).updater(new Adam(1e-2)).list()
                .layer(new SpikingDense.Builder(HIDDEN).neuron(hidden).name("hidden").build())
                .layer(new SpikingDense.Builder(CLASSES).neuron(readout).name("readout").build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(INPUTS, STEPS)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** A batch of positive inputs {@code [4, 6, 5]} (strong enough to make the hidden layer fire) and labels. */
    static DataSet batch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        var features = Nd4j.rand(DataType.FLOAT, BATCH, INPUTS, STEPS).muli(3);
        var labels = Nd4j.zeros(DataType.FLOAT, BATCH, CLASSES);
        for (int i = 0; i < BATCH; i++) {
            labels.putScalar(i, i % CLASSES, 1);
        }
        return new DataSet(features, labels);
    }

    /** Synthetic window records: {@code count} intervals of {@code layers} layers, rates rising with time. */
    static List<MonitorRecord> records(int count, int layers, long t0) {
        List<MonitorRecord> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (int l = 0; l < layers; l++) {
                double rate = 0.05 * (i + 1) / (l + 1);
                SpikeSummary s = new SpikeSummary(10, 8, 40, rate * 400, rate, 3 - Math.min(i, 3), i % 2);
                Map<String, ParamStats> params = new LinkedHashMap<>();
                params.put("tau", ParamStats.of("tau", new double[] {2.0 + 0.1 * i}));
                params.put("theta", ParamStats.of("theta", new double[] {0.9, 1.0 + 0.01 * i, 1.1}));
                out.add(new MonitorRecord(MonitorRecord.Kind.ITERATIONS, 0, 10 * (i + 1) - 1, 10,
                        new MonitoredLayer(l, "layer" + l, "SpikingDense"), s, params, t0 + i));
            }
        }
        return out;
    }

    /** Posts one report per distinct record timestamp, stamped with it (as StatsStorageSink does, but with fixed times). */
    static void post(StatsStorage storage, String session, List<MonitorRecord> records) {
        Map<Long, List<MonitorRecord>> byTime = new TreeMap<>();
        for (MonitorRecord r : records) {
            byTime.computeIfAbsent(r.timestampMs(), k -> new ArrayList<>()).add(r);
        }
        boolean first = true;
        for (Map.Entry<Long, List<MonitorRecord>> e : byTime.entrySet()) {
            SpikeMonitorReport report = new SpikeMonitorReport(session, "w", e.getKey(), e.getValue());
            if (first) {
                storage.putStorageMetaData(new SpikeMonitorMetaData(session, "w", e.getKey()));
                storage.putStaticInfo(report);
                first = false;
            }
            storage.putUpdate(report);
        }
    }
}
