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
                .containsEntry("speedup_target", 3.0).containsEntry("meets_speedup", false)
                .containsEntry("rss_ratio", 0.833).containsEntry("meets_rss", true)
                .containsEntry("samples_per_s", 500.0);
    }

    @Test
    void convBelowItsTargetAndAboveTheReferencesRssIsReportedAsMissed() {
        Summary s = new Summary(Engine.FUSED, 2);
        s.add(r("conv", "ours", 90, 800), r("conv", "ref", 70, 730));

        Map<String, Object> line = s.lines().get(0);

        assertThat(line).containsEntry("speedup_target", 2.0).containsEntry("meets_speedup", false)
                .containsEntry("meets_rss", false);
    }

    private static BenchResult withExtra(String net, String impl, double samplesPerS, Map<String, Object> extra) {
        return new BenchResult(net, impl, "x", samplesPerS, 1000.0 / samplesPerS, 1, 300, 2, extra);
    }

    @Test
    void realisticRatesNeedEveryLayerInTwoToThirtyPercentAndAMeanOfFour() {
        assertThat(Summary.realistic(List.of(0.05, 0.1))).isTrue();
        assertThat(Summary.realistic(List.of(0.0213, 0.0))).isFalse();
        assertThat(Summary.realistic(List.of(0.03, 0.035))).isFalse();
        assertThat(Summary.realistic(List.of(0.1, 0.31))).isFalse();
        assertThat(Summary.realistic(List.of())).isFalse();
    }

    @Test
    void theSparseRowHasNoSpeedupTargetAndNoRateVerdict() {
        Summary s = new Summary(Engine.FUSED, 2);
        s.add(withExtra("mlp", "ours", 900, Map.of("firing_rates", List.of(0.1, 0.15), "cpu_ms_per_step", 50.0)),
                withExtra("mlp", "ref", 300, Map.of("firing_rates", List.of(0.1, 0.16), "cpu_ms_per_step", 200.0)));
        s.add(withExtra("mlp-sparse", "ours", 900, Map.of("firing_rates", List.of(0.02, 0.0))),
                withExtra("mlp-sparse", "ref", 450, Map.of("firing_rates", List.of(0.03, 0.0))));

        List<Map<String, Object>> lines = s.lines();

        assertThat(lines.get(0)).containsEntry("speedup", 3.0).containsEntry("meets_speedup", true)
                .containsEntry("cpu_speedup", 4.0)
                .containsEntry("rates_realistic", true).containsEntry("reference_rates_realistic", true);
        assertThat(lines.get(1)).containsEntry("summary", "mlp-sparse").containsEntry("speedup", 2.0)
                .doesNotContainKey("speedup_target").doesNotContainKey("rates_realistic")
                .doesNotContainKey("cpu_speedup")
                .containsEntry("firing_rates", List.of(0.02, 0.0));
    }

    @Test
    void nmnistRealComparesEpochTimesPerSeedAndEpochAndAveragesFinalAccuracyOverSeeds() {
        Summary s = new Summary(Engine.FUSED, 2);
        for (int seed = 0; seed < 2; seed++) {
            double acc = seed == 0 ? 0.9 : 0.96;
            s.addRealData(List.of(epoch(1, 4, 0.5), epoch(2, 4, acc)),
                    List.of(epoch(1, 10, 0.6), epoch(2, 8, 0.92)));
        }

        Map<String, Object> line = s.lines().get(0);

        assertThat(line).containsEntry("summary", "nmnist-real").containsEntry("seeds", 2).containsEntry("epochs", 2)
                .containsEntry("epoch_time_ratio", 0.45).containsEntry("epoch_time_ratio_min", 0.4)
                .containsEntry("epoch_time_ratio_max", 0.5).containsEntry("meets_epoch_time", true)
                .containsEntry("test_acc_final_mean", 0.93).containsEntry("reference_test_acc_final_mean", 0.92)
                .containsEntry("meets_accuracy", true);
        assertThat(s.results()).hasSize(8);
    }

    private static BenchResult epoch(int epoch, double epochS, double acc) {
        return withExtra("nmnist-real", "x", 250, Map.of("epoch", epoch, "epoch_s", epochS, "test_acc", acc));
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
