package org.dl4j.snn.examples.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.dl4j.snn.monitor.MonitorRecord;
import org.dl4j.snn.monitor.MonitorRecordFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

class SnnUiDataTest {

    @Test
    void newestSessionIsServedByDefaultWithItsRecordsInTimeOrderAndItsLayers() {
        StatsStorage storage = new InMemoryStatsStorage();
        List<MonitorRecord> older = TinySnn.records(3, 1, 1_000);
        List<MonitorRecord> newer = TinySnn.records(4, 2, 5_000);
        TinySnn.post(storage, "old", older);
        TinySnn.post(storage, "new", newer);

        ObjectNode json = SnnUiData.json(List.of(storage), null);

        assertThat(json.get("session").asText()).isEqualTo("new");
        assertThat(texts(json.get("sessions"))).containsExactly("new", "old");
        assertThat(json.get("worker").asText()).isEqualTo("w");
        assertThat(json.get("layers")).hasSize(2);
        assertThat(json.get("layers").get(1).get("name").asText()).isEqualTo("layer1");
        assertThat(json.get("records")).hasSize(newer.size());
        for (int i = 0; i < newer.size(); i++) {
            assertThat(MonitorRecordFormat.fromJsonNode(json.get("records").get(i))).isEqualTo(newer.get(i));
        }
    }

    @Test
    void epochsWithAFullyDeadOrSaturatedLayerAreListedAsWarnings() {
        StatsStorage storage = new InMemoryStatsStorage();
        org.dl4j.snn.monitor.MonitoredLayer layer = new org.dl4j.snn.monitor.MonitoredLayer(1, "fc", "SpikingDense");
        List<MonitorRecord> records = List.of(
                epoch(0, layer, new org.dl4j.snn.monitor.SpikeSummary(10, 8, 40, 0, 0, 10, 0)),
                epoch(1, layer, new org.dl4j.snn.monitor.SpikeSummary(10, 8, 40, 100, 0.25, 2, 1)),
                epoch(2, layer, new org.dl4j.snn.monitor.SpikeSummary(10, 8, 40, 400, 1, 0, 10)));
        TinySnn.post(storage, "s", records);

        JsonNode warnings = SnnUiData.json(List.of(storage), null).get("warnings");

        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0).get("epoch").asInt()).isEqualTo(0);
        assertThat(warnings.get(0).get("problem").asText()).isEqualTo("dead");
        assertThat(warnings.get(0).get("name").asText()).isEqualTo("fc");
        assertThat(warnings.get(0).get("message").asText())
                .isEqualTo(records.get(0).spikes().warning(layer.describe()).orElseThrow());
        assertThat(warnings.get(1).get("epoch").asInt()).isEqualTo(2);
        assertThat(warnings.get(1).get("problem").asText()).isEqualTo("saturated");
    }

    private static MonitorRecord epoch(int epoch, org.dl4j.snn.monitor.MonitoredLayer layer,
            org.dl4j.snn.monitor.SpikeSummary s) {
        return new MonitorRecord(MonitorRecord.Kind.EPOCH, epoch, 10 * epoch + 9, 10, layer, s, java.util.Map.of(),
                1_000 + epoch);
    }

    @Test
    void aSessionCanBeChosenAndAnUnknownOneIsNull() {
        StatsStorage storage = new InMemoryStatsStorage();
        TinySnn.post(storage, "old", TinySnn.records(3, 1, 1_000));
        TinySnn.post(storage, "new", TinySnn.records(1, 1, 5_000));

        assertThat(SnnUiData.json(List.of(storage), "old").get("records")).hasSize(3);
        assertThat(SnnUiData.json(List.of(storage), "missing")).isNull();
    }

    @Test
    void withoutMonitorDataThereIsNoSessionAndNoRecords() {
        ObjectNode json = SnnUiData.json(List.of(new InMemoryStatsStorage()), null);
        assertThat(json.get("session").isNull()).isTrue();
        assertThat(json.get("sessions")).isEmpty();
        assertThat(json.get("records")).isEmpty();
    }

    @Test
    void recordsOfARealTrainingSurviveAFileStatsStorageAndItsReopening(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stats.dl4j");
        MultiLayerNetwork net = TinySnn.network();
        List<MonitorRecord> made;
        String session;
        StatsStorage storage = new FileStatsStorage(file.toFile());
        try (UiListeners listeners = UiListeners.create(storage, 2)) {
            listeners.attachTo(net);
            for (int i = 0; i < 4; i++) {
                net.fit(TinySnn.batch(i));
            }
            session = listeners.sessionId();
            listeners.close();
            made = listeners.monitor().records();
        }
        storage.close();
        // Windows after iterations 2 and 4, plus the epoch at close; only the spiking layer is monitored.
        assertThat(made).extracting(MonitorRecord::kind).containsExactly(MonitorRecord.Kind.ITERATIONS,
                MonitorRecord.Kind.ITERATIONS, MonitorRecord.Kind.EPOCH);
        assertThat(made.get(0).layer().name()).isEqualTo("hidden");
        assertThat(made.get(0).params()).containsOnlyKeys("tau", "theta", "v0");

        StatsStorage reopened = new FileStatsStorage(file.toFile());
        try {
            ObjectNode json = SnnUiData.json(List.of(reopened), null);
            assertThat(json.get("session").asText()).isEqualTo(session);
            assertThat(json.get("records")).hasSize(made.size());
            for (int i = 0; i < made.size(); i++) {
                assertThat(MonitorRecordFormat.fromJsonNode(json.get("records").get(i))).isEqualTo(made.get(i));
            }
            // DL4J's own listener wrote into the same session, so the /train pages show the same run.
            assertThat(reopened.listTypeIDsForSession(session)).contains("StatsListener", "SpikeMonitor");
        } finally {
            reopened.close();
        }
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
