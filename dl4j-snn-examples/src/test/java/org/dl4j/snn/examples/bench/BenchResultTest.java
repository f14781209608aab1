package org.dl4j.snn.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchResultTest {

    @Test
    void jsonLineStartsWithTheIssueFieldsInOrderAndKeepsExtrasAfterThem() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("loss", 2.5);
        extra.put("firing_rates", List.of(0.1, 0.2));
        BenchResult r = new BenchResult("mlp", "dl4j-snn", "fused", 612.3456, 52.26789, 48.0001, 301.26, 2, extra);

        String json = r.toJson();

        assertThat(json).startsWith("{\"net\":\"mlp\",\"impl\":\"dl4j-snn\",\"engine\":\"fused\","
                + "\"samples_per_s\":612.35,\"step_ms_median\":52.268,\"step_ms_min\":48.0,\"peak_rss_mib\":301.3,"
                + "\"threads\":2,\"loss\":2.5,\"firing_rates\":[0.1,0.2]}");
    }

    @Test
    void parseReadsTheReferenceScriptsLine() {
        String line = "{\"net\":\"conv\",\"impl\":\"torch-sj-reimpl\",\"engine\":\"torch\",\"samples_per_s\":70.5,"
                + "\"step_ms_median\":227.0,\"step_ms_min\":210.1,\"peak_rss_mib\":730.0,\"threads\":2,\"T\":10}";

        BenchResult r = BenchResult.parse(line);

        assertThat(r.net()).isEqualTo("conv");
        assertThat(r.impl()).isEqualTo("torch-sj-reimpl");
        assertThat(r.samplesPerS()).isEqualTo(70.5);
        assertThat(r.stepMsMedian()).isEqualTo(227.0);
        assertThat(r.peakRssMib()).isEqualTo(730.0);
        assertThat(r.threads()).isEqualTo(2);
        assertThat(r.extra()).containsEntry("T", 10).doesNotContainKey("net");
        assertThat(BenchResult.parse(r.toJson())).isEqualTo(r);
    }

    @Test
    void parseNamesTheMissingField() {
        assertThatThrownBy(() -> BenchResult.parse("{\"net\":\"mlp\",\"samples_per_s\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step_ms_median");
        assertThatThrownBy(() -> BenchResult.parse("not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not json");
        assertThatThrownBy(() -> BenchResult.parse("{\"net\":\"mlp\",\"samples_per_s\":\"fast\",\"step_ms_median\":1,"
                + "\"step_ms_min\":1,\"peak_rss_mib\":1,\"threads\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("samples_per_s");
    }
}
