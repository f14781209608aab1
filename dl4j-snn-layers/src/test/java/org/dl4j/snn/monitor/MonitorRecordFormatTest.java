package org.dl4j.snn.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorRecordFormatTest {

    static MonitorRecord record(String layerName, Map<String, ParamStats> params) {
        SpikeSummary s = SpikeSummary.of(new double[] {0, 6, 2, 5}, 2, 6);
        return new MonitorRecord(MonitorRecord.Kind.EPOCH, 3, 41, 10, new MonitoredLayer(2, layerName,
                "SpikingDense"), s, params, 1700000000123L);
    }

    static Map<String, ParamStats> tauAndTheta() {
        Map<String, ParamStats> p = new LinkedHashMap<>();
        p.put("tau", ParamStats.of("tau", new double[] {2.0}));
        p.put("theta", ParamStats.of("theta", new double[] {1, 2, 3, 4, 5}));
        return p;
    }

    @Test
    void csvHasOneFixedColumnPerFieldAndEmptyColumnsForAbsentParameters() {
        String header = MonitorRecordFormat.csvHeader();
        assertThat(header).startsWith("kind,epoch,iteration,batches,layer_index,layer_name,layer_type,neurons,"
                + "samples,sample_steps,spikes,mean_rate,dead_fraction,saturated_fraction,dead,saturated,"
                + "timestamp_ms,tau_count,tau_min,tau_mean,tau_max,tau_q05,tau_q25,tau_q50,tau_q75,tau_q95,"
                + "theta_count,");
        assertThat(header).endsWith("v0_q75,v0_q95");

        String row = MonitorRecordFormat.toCsv(record("dense1", tauAndTheta()));
        assertThat(row).isEqualTo("epoch,3,41,10,2,dense1,SpikingDense,4,2,6,13.0," + (13.0 / 24) + ",0.25,0.25,1,1,"
                + "1700000000123,"
                + "1,2.0,2.0,2.0,2.0,2.0,2.0,2.0,2.0,"
                + "5,1.0,3.0,5.0,1.2,2.0,3.0,4.0,4.8,"
                + ",,,,,,,,");
        assertThat(row.split(",", -1)).hasSize(MonitorRecordFormat.CSV_COLUMNS.size());
    }

    @Test
    void csvQuotesLayerNamesThatWouldBreakTheRow() {
        String row = MonitorRecordFormat.toCsv(record("conv \"a\",b", Map.of()));
        assertThat(row).contains(",\"conv \"\"a\"\",b\",SpikingDense,");
    }

    @Test
    void jsonLineRoundTripsEveryField() {
        MonitorRecord r = record("dense1", tauAndTheta());
        String json = MonitorRecordFormat.toJson(r);
        assertThat(json).doesNotContain("\n");
        assertThat(json).contains("\"kind\":\"epoch\"", "\"layer\":{\"index\":2,\"name\":\"dense1\","
                + "\"type\":\"SpikingDense\"}", "\"dead_fraction\":0.25", "\"params\":{\"tau\":{\"count\":1,");
        assertThat(MonitorRecordFormat.fromJson(json)).isEqualTo(r);
    }

    @Test
    void nonFiniteNumbersAreWrittenAsEmptyOrNullAndReadBackAsNaN() {
        Map<String, ParamStats> p = Map.of("v0", new ParamStats("v0", 1, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        MonitorRecord r = record("d", p);
        assertThat(MonitorRecordFormat.toCsv(r)).endsWith(",1,,,,,,,,");
        String json = MonitorRecordFormat.toJson(r);
        assertThat(json).contains("\"min\":null");
        assertThat(MonitorRecordFormat.fromJson(json).params().get("v0").mean()).isNaN();
    }

    @Test
    void badJsonIsRejectedWithTheReason() {
        assertThatThrownBy(() -> MonitorRecordFormat.fromJson("{\"kind\":\"epoch\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing key 'layer'");
        assertThatThrownBy(() -> MonitorRecordFormat.fromJson("not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON object");
    }

    @Test
    void fileSinksWriteHeaderOnceAndOneLinePerRecord(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("run/m.csv");
        Path jsonl = dir.resolve("run/m.jsonl");
        MonitorRecord a = record("a", tauAndTheta());
        MonitorRecord b = record("b", Map.of());
        try (FileMonitorSink c = FileMonitorSink.csv(csv, false);
             FileMonitorSink j = FileMonitorSink.jsonLines(jsonl, false)) {
            c.accept(a);
            j.accept(a);
            c.flush();
            j.flush();
            // Readable while the sink is still open.
            assertThat(Files.readAllLines(csv)).hasSize(2);
            c.accept(b);
            j.accept(b);
        }
        try (FileMonitorSink c = FileMonitorSink.csv(csv, true)) {
            c.accept(b);
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines).containsExactly(MonitorRecordFormat.csvHeader(), MonitorRecordFormat.toCsv(a),
                MonitorRecordFormat.toCsv(b), MonitorRecordFormat.toCsv(b));
        assertThat(Files.readAllLines(jsonl).stream().map(MonitorRecordFormat::fromJson)).containsExactly(a, b);

        try (FileMonitorSink c = FileMonitorSink.csv(csv, false)) {
            c.accept(a);
        }
        assertThat(Files.readAllLines(csv)).containsExactly(MonitorRecordFormat.csvHeader(),
                MonitorRecordFormat.toCsv(a));
    }
}
