package org.dl4j.snn.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.dl4j.snn.layers.Engine;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static BenchResult r(String net, String impl, double samplesPerS, double rss) {
        return new BenchResult(net, impl, "x", samplesPerS, 1000.0 / samplesPerS, 1, rss, 2, Map.of());
    }

    @Test
    void speedupIsTheMedianOfPerRoundRatiosNotTheRatioOfMedians() {
        Summary s = new Summary(Engine.FUSED, 2);
        // Round 2 was slow for both (a neighbour's burst): its ratio still counts as 2.
        s.add(r("mlp", "ours", 600, 300), r("mlp", "ref", 300, 360));
        s.add(r("mlp", "ours", 200, 300), r("mlp", "ref", 100, 360));
        s.add(r("mlp", "ours", 500, 300), r("mlp", "ref", 200, 360));

        Map<String, Object> line = s.lines().get(0);

        assertThat(line).containsEntry("summary", "mlp").containsEntry("rounds", 3)
                .containsEntry("speedup", 2.0).containsEntry("speedup_min", 2.0).containsEntry("speedup_max", 2.5)
                .containsEntry("speedup_target", 2.0).containsEntry("meets_speedup", true)
                .containsEntry("rss_ratio", 0.833).containsEntry("meets_rss", true)
                .containsEntry("samples_per_s", 500.0);
    }

    @Test
    void convBelowItsTargetAndAboveTheReferencesRssIsReportedAsMissed() {
        Summary s = new Summary(Engine.FUSED, 2);
        s.add(r("conv", "ours", 90, 800), r("conv", "ref", 70, 730));

        Map<String, Object> line = s.lines().get(0);

        assertThat(line).containsEntry("speedup_target", 1.5).containsEntry("meets_speedup", false)
                .containsEntry("meets_rss", false);
    }

    @Test
    void sameDiffSlowdownIsTheMedianOfPerRoundFusedOverSameDiffRatiosAgainstTen() {
        Summary s = new Summary(Engine.FUSED, 2);
        s.add(r("mlp", "ours", 800, 220), null);
        s.addSameDiff(r("mlp", "ours", 100, 700));
        s.add(r("mlp", "ours", 600, 220), null);
        s.addSameDiff(r("mlp", "ours", 100, 700));
        s.add(r("conv", "ours", 140, 560), null);
        s.addSameDiff(r("conv", "ours", 10, 600));

        List<Map<String, Object>> lines = s.lines();

        assertThat(lines).hasSize(4);
        assertThat(lines.get(2)).containsEntry("summary", "mlp samediff").containsEntry("rounds", 2)
                .containsEntry("slowdown", 7.0).containsEntry("slowdown_min", 6.0).containsEntry("slowdown_max", 8.0)
                .containsEntry("slowdown_target", 10.0).containsEntry("meets_slowdown", true);
        assertThat(lines.get(3)).containsEntry("summary", "conv samediff").containsEntry("slowdown", 14.0)
                .containsEntry("meets_slowdown", false);
        assertThat(s.results()).hasSize(6);
    }

    @Test
    void pipelineIsComparedWithTheConvNetsTrainingRate() {
        Summary s = new Summary(Engine.FUSED, 2);
        s.add(r("conv", "ours", 100, 800), null);
        s.addPipeline(r("pipeline", "ours", 900, 100));

        List<Map<String, Object>> lines = s.lines();

        assertThat(lines.get(0)).doesNotContainKey("speedup");
        assertThat(lines.get(1)).containsEntry("summary", "pipeline").containsEntry("ratio", 9.0)
                .containsEntry("meets_ratio", true);
        assertThat(s.results()).hasSize(2);
    }
}
