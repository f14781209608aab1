package org.dl4j.snn.nir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.stream.Stream;
import org.dl4j.snn.monitor.SynOps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * SynOps / MACs / energy of every shared case's model.nir on its input.npy equal SpikingJelly's op_counter counts on
 * SpikingJelly's import of the same file ({@code op_counts.model_nir} in case.json), in total and per synapse node.
 */
class NirSynOpsTest {
    static Stream<String> cases() {
        return NirCases.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void countsEqualSpikingJellysOpCounterOnTheFile(String c) throws Exception {
        NirModel m = NirImport.read(NirCases.dir(c).resolve("model.nir"),
                NirImport.Options.defaults().withDt(NirCases.dt(c)));
        SynOps.Report r = SynOps.count(m.network(), NirModel.toNetworkLayout(NirCases.input(c)));
        JsonNode expected = NirCases.caseJson(c).get("op_counts").get("model_nir");
        assertThat(r.synops()).as(c + " synops").isEqualTo(expected.get("total").get("synops").asLong());
        assertThat(r.macs()).as(c + " macs").isEqualTo(expected.get("total").get("macs").asLong());
        assertThat(r.samples()).isEqualTo(NirCases.caseJson(c).get("B").asLong());
        assertThat(r.energyPjPerSample(SynOps.Precision.FP32)).as(c + " pJ/sample")
                .isCloseTo(expected.get("energy_pj_fp32_per_sample").asDouble(), within(1e-6));
        Map<String, SynOps.LayerOps> byName = SynOps.byName(r);
        expected.get("per_layer").fields().forEachRemaining(e -> {
            SynOps.LayerOps l = byName.get(m.layerOf(e.getKey()));
            assertThat(l).as(c + " layer of " + e.getKey()).isNotNull();
            assertThat(l.synops()).as(c + " " + e.getKey() + " synops").isEqualTo(e.getValue().get("synops").asLong());
            assertThat(l.macs()).as(c + " " + e.getKey() + " macs").isEqualTo(e.getValue().get("macs").asLong());
        });
        JsonNode json = new ObjectMapper().readTree(r.json(SynOps.Precision.FP32));
        assertThat(json.get("synops").asLong()).isEqualTo(r.synops());
        assertThat(json.get("macs").asLong()).isEqualTo(r.macs());
        assertThat(json.get("samples").asLong()).isEqualTo(r.samples());
        assertThat(json.get("energy_pj_per_sample").asDouble()).isEqualTo(r.energyPjPerSample(SynOps.Precision.FP32));
        assertThat(json.get("layers")).hasSize(r.layers().size());
        for (JsonNode l : json.get("layers")) {
            assertThat(l.has("name") && l.has("synops") && l.has("macs") && l.has("firing_rate")).isTrue();
        }
        for (String node : NirCases.spikingNodes(c)) {
            double rate = byName.get(m.layerOf(node)).firingRate();
            assertThat(rate).as(c + " rate of " + node)
                    .isCloseTo(NirCases.sjNir(c, node, "s").castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue(), within(1e-9));
        }
    }
}
