package org.dl4j.snn.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.dl4j.snn.monitor.internal.SpikeCountsTest.dense;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The listener's wiring into DL4J's training loop (activation list/map, epochs, iteration windows, masks, files),
 * checked with hand-made spikes: the stand-in "spiking" layer is an identity ActivationLayer, so its training
 * activations are exactly the input spikes and every count below is computed by hand.
 */
class SpikeMonitorListenerTest {
    private static final int N = 3;
    private static final int T = 4;

    // Epoch A (iterations 0, 1, 2), 2 samples per batch, neurons n0 n1 n2:
    // k0 -> [0, 8, 2], k1 -> [0, 8, 2], k2 -> [0, 8, 4]; epoch A = [0, 24, 8], P = 24.
    private static final String[][][] EPOCH_A = {
            {{"0000", "1111", "1000"}, {"0000", "1111", "0100"}},
            {{"0000", "1111", "0000"}, {"0000", "1111", "0011"}},
            {{"0000", "1111", "1111"}, {"0000", "1111", "0000"}}};
    // Epoch B (iterations 3, 4, 5): k3 -> [1, 7, 0], k4 -> [0, 8, 0], k5 -> [0, 8, 0]; epoch B = [1, 23, 0].
    private static final String[][][] EPOCH_B = {
            {{"0001", "1111", "0000"}, {"0000", "1110", "0000"}},
            {{"0000", "1111", "0000"}, {"0000", "1111", "0000"}},
            {{"0000", "1111", "0000"}, {"0000", "1111", "0000"}}};

    private static ListDataSetIterator<DataSet> epoch(String[][][] batches) {
        List<DataSet> list = new ArrayList<>();
        for (String[][] b : batches) {
            list.add(new DataSet(dense(b), Nd4j.zeros(DataType.FLOAT, b.length, 2, T)));
        }
        // Batch size 1 of the list = one of these 2-sample DataSets per iteration.
        return new ListDataSetIterator<>(list, 1);
    }

    private static NeuralNetConfiguration.Builder base(WorkspaceMode ws) {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).updater(new Sgd(0.01))
                .trainingWorkspaceMode(ws).inferenceWorkspaceMode(ws);
    }

    static MultiLayerNetwork mln(WorkspaceMode ws) {
        MultiLayerNetwork net = new MultiLayerNetwork(base(ws).list()
                .layer(new ActivationLayer.Builder().activation(Activation.IDENTITY).name("spikes").build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(2).build())
                .setInputType(InputType.recurrent(N, T)).build());
        net.init();
        return net;
    }

    static ComputationGraph graph(WorkspaceMode ws) {
        ComputationGraphConfiguration conf = base(ws).graphBuilder().addInputs("in")
                .addLayer("spikes", new ActivationLayer.Builder().activation(Activation.IDENTITY).build(), "in")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).nOut(2).build(), "spikes")
                .setOutputs("out").setInputTypes(InputType.recurrent(N, T)).build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    private static SpikeMonitor.Builder monitor() {
        return SpikeMonitor.builder().spikingLayers(l -> l instanceof ActivationLayer);
    }

    private static void fitTwoEpochs(Model model) {
        if (model instanceof MultiLayerNetwork m) {
            m.fit(epoch(EPOCH_A));
            m.fit(epoch(EPOCH_B));
        } else {
            ComputationGraph g = (ComputationGraph) model;
            g.fit(epoch(EPOCH_A));
            g.fit(epoch(EPOCH_B));
        }
    }

    private static void assertHandComputedRecords(List<MonitorRecord> records, int layerIndex) {
        // Windows of 2 iterations: {0,1} = [0,16,4], {2,3} = [1,15,4], {4,5} = [0,16,0], P = 16 each.
        assertThat(records).extracting(MonitorRecord::kind, MonitorRecord::epoch, MonitorRecord::iteration,
                MonitorRecord::batches).containsExactly(
                tuple(MonitorRecord.Kind.ITERATIONS, 0, 1, 2),
                tuple(MonitorRecord.Kind.EPOCH, 0, 2, 3),
                tuple(MonitorRecord.Kind.ITERATIONS, 1, 3, 2),
                tuple(MonitorRecord.Kind.ITERATIONS, 1, 5, 2),
                tuple(MonitorRecord.Kind.EPOCH, 1, 5, 3));
        assertThat(records).extracting(r -> r.layer().index(), r -> r.layer().name(), r -> r.layer().type())
                .containsOnly(tuple(layerIndex, "spikes", "ActivationLayer"));
        assertThat(records).extracting(r -> r.spikes().neurons()).containsOnly(3L);
        assertThat(records).extracting(r -> r.spikes().sampleSteps()).containsExactly(16L, 24L, 16L, 16L, 24L);
        assertThat(records).extracting(r -> r.spikes().samples()).containsExactly(4L, 6L, 4L, 4L, 6L);
        assertThat(records).extracting(r -> r.spikes().spikes()).containsExactly(20.0, 32.0, 20.0, 16.0, 24.0);
        assertThat(records).extracting(r -> r.spikes().dead()).containsExactly(1L, 1L, 0L, 2L, 1L);
        assertThat(records).extracting(r -> r.spikes().saturated()).containsExactly(1L, 1L, 0L, 1L, 0L);
        assertThat(records.get(1).spikes().meanRate()).isEqualTo(32.0 / 72);
        assertThat(records.get(1).spikes().deadFraction()).isEqualTo(1.0 / 3);
        assertThat(records).allSatisfy(r -> assertThat(r.params()).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(WorkspaceMode.class)
    void multiLayerNetworkRecordsEpochsAndWindowsAsComputedByHand(WorkspaceMode ws) {
        MultiLayerNetwork net = mln(ws);
        try (SpikeMonitor m = monitor().everyIterations(2).build()) {
            net.setListeners(m);
            fitTwoEpochs(net);
            assertThat(m.layers()).containsExactly(new MonitoredLayer(0, "spikes", "ActivationLayer"));
            assertHandComputedRecords(m.records(), 0);
        }
    }

    @ParameterizedTest
    @EnumSource(WorkspaceMode.class)
    void computationGraphRecordsEpochsAndWindowsAsComputedByHand(WorkspaceMode ws) {
        ComputationGraph net = graph(ws);
        try (SpikeMonitor m = monitor().everyIterations(2).build()) {
            net.setListeners(m);
            fitTwoEpochs(net);
            assertHandComputedRecords(m.records(), net.getVertex("spikes").getVertexIndex());
        }
    }

    @Test
    void timeMaskOfTheBatchExcludesPaddedSteps() {
        // Sample 1 has 2 valid steps: its padding spikes in n0 (ignored), n1 is on at all valid steps (saturated).
        INDArray spikes = dense(new String[][] {{"0000", "1111", "0100"}, {"0011", "1100", "1000"}});
        INDArray mask = Nd4j.createFromArray(new float[][] {{1, 1, 1, 1}, {1, 1, 0, 0}});
        DataSet ds = new DataSet(spikes, Nd4j.zeros(DataType.FLOAT, 2, 2, T), mask, mask);
        for (Model model : List.<Model>of(mln(WorkspaceMode.ENABLED), graph(WorkspaceMode.ENABLED))) {
            try (SpikeMonitor m = monitor().build()) {
                model.setListeners(m);
                if (model instanceof MultiLayerNetwork mn) {
                    mn.fit(ds);
                } else {
                    ((ComputationGraph) model).fit(ds);
                }
                m.endEpoch();
                SpikeSummary s = m.records().get(0).spikes();
                assertThat(s.sampleSteps()).isEqualTo(6);
                assertThat(s.spikes()).isEqualTo(8);
                assertThat(s.dead()).isEqualTo(1);
                assertThat(s.saturated()).isEqualTo(1);
            }
        }
    }

    @Test
    void loopsOverFitDataSetGetAnEpochRecordWhenTheEpochCountChangesAndOnClose() {
        MultiLayerNetwork net = mln(WorkspaceMode.ENABLED);
        SpikeMonitor m = monitor().build();
        net.setListeners(m);
        for (String[][] b : EPOCH_A) {
            net.fit(new DataSet(dense(b), Nd4j.zeros(DataType.FLOAT, 2, 2, T)));
        }
        assertThat(m.records()).isEmpty();
        net.incrementEpochCount();
        net.fit(new DataSet(dense(EPOCH_B[0]), Nd4j.zeros(DataType.FLOAT, 2, 2, T)));
        assertThat(m.records()).hasSize(1);
        assertThat(m.records().get(0).spikes().spikes()).isEqualTo(32.0);
        m.close();
        assertThat(m.records()).extracting(MonitorRecord::epoch, r -> r.spikes().spikes())
                .containsExactly(tuple(0, 32.0), tuple(1, 8.0));
    }

    @Test
    void runFolderGetsCsvAndJsonLinesOfEveryRecord(@TempDir Path dir) throws IOException {
        MultiLayerNetwork net = mln(WorkspaceMode.ENABLED);
        List<MonitorRecord> records;
        try (SpikeMonitor m = monitor().everyIterations(2).runFolder(dir).build()) {
            net.setListeners(m);
            fitTwoEpochs(net);
            records = m.records();
            // Visible while the monitor is still open (flushed at every reporting point).
            assertThat(Files.readAllLines(dir.resolve(FileMonitorSink.CSV_FILE))).hasSize(1 + records.size());
        }
        List<String> csv = Files.readAllLines(dir.resolve(FileMonitorSink.CSV_FILE));
        assertThat(csv.get(0)).isEqualTo(MonitorRecordFormat.csvHeader());
        assertThat(csv.subList(1, csv.size())).containsExactlyElementsOf(
                records.stream().map(MonitorRecordFormat::toCsv).toList());
        assertThat(csv.get(2)).startsWith("epoch,0,2,3,0,spikes,ActivationLayer,3,6,24,32.0,");
        assertThat(Files.readAllLines(dir.resolve(FileMonitorSink.JSONL_FILE)).stream()
                .map(MonitorRecordFormat::fromJson).toList()).isEqualTo(records);
    }

    @Test
    void networksWithoutSpikingLayersRecordNothing() {
        MultiLayerNetwork net = mln(WorkspaceMode.ENABLED);
        try (SpikeMonitor m = SpikeMonitor.builder().spikingLayers(l -> false).build()) {
            net.setListeners(m);
            net.fit(epoch(EPOCH_A));
            assertThat(m.layers()).isEmpty();
            assertThat(m.records()).isEmpty();
        }
    }
}
