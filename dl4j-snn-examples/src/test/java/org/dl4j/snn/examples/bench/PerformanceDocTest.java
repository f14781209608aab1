package org.dl4j.snn.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dl4j.snn.layers.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerformanceDocTest {

    @Test
    void rewriteReplacesOnlyTheGeneratedBlockAndKeepsTheProse(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("performance.md");
        Files.writeString(doc, "# Performance\n\nProse before.\n\n" + PerformanceDoc.BEGIN + "\nold numbers\n"
                + PerformanceDoc.END + "\n\nProse after.\n");
        Summary s = new Summary(Engine.FUSED, 2);
        s.add(new BenchResult("mlp", "dl4j-snn", "fused", 640, 50, 45, 300, 2, Map.of()),
                new BenchResult("mlp", "torch-sj-reimpl", "torch", 290, 110, 100, 360, 2, Map.of()));

        PerformanceDoc.rewrite(doc, s, "dl4j-snn bench --net mlp --reference");

        String text = Files.readString(doc);
        assertThat(text).startsWith("# Performance\n\nProse before.\n\n" + PerformanceDoc.BEGIN)
                .endsWith(PerformanceDoc.END + "\n\nProse after.\n")
                .doesNotContain("old numbers")
                .contains("`dl4j-snn bench --net mlp --reference`")
                .contains("| mlp | dl4j-snn | fused | 640.0 | 50.0 | 45.0 | 300 | 2 |")
                .contains("| mlp (fused) | 640.0 | 290.0 | 2.207 | >= 3.0 | - | 0.833 | speed false, RSS true |")
                .contains("{\"net\":\"mlp\",\"impl\":\"dl4j-snn\"");
    }

    @Test
    void sameDiffRunsGetASlowdownRow() {
        Summary s = new Summary(Engine.FUSED, 2);
        s.add(new BenchResult("mlp", "dl4j-snn", "fused", 800, 40, 30, 220, 2, Map.of()), null);
        s.addSameDiff(new BenchResult("mlp", "dl4j-snn", "samediff", 160, 200, 170, 700, 2, Map.of()));

        String block = PerformanceDoc.block(s, "dl4j-snn bench --net mlp --samediff");

        assertThat(block).contains("| mlp | dl4j-snn | samediff | 160.0 | 200.0 | 170.0 | 700 | 2 |")
                .contains("| mlp samediff vs fused | 160.0 | 800.0 (fused) | 5.0x slower | <= 10.0 | | | true |");
    }

    @Test
    void firingRatesAndTheNmnistRealRunGetTheirOwnTables() {
        Summary s = new Summary(Engine.FUSED, 2);
        s.add(new BenchResult("conv", "dl4j-snn", "fused", 300, 50, 45, 500, 2,
                        Map.of("firing_rates", List.of(0.08, 0.09))),
                new BenchResult("conv", "torch-sj-reimpl", "torch", 100, 160, 150, 800, 2,
                        Map.of("firing_rates", List.of(0.085, 0.09))));
        s.addRealData(List.of(new BenchResult("nmnist-real", "dl4j-snn", "fused", 400, 30, 25, 600, 2,
                        Map.of("epoch", 1, "epoch_s", 3.0, "test_acc", 0.95, "cpu_s", 5.0))),
                List.of(new BenchResult("nmnist-real", "torch-sj-reimpl", "torch", 100, 130, 120, 900, 2,
                        Map.of("epoch", 1, "epoch_s", 10.0, "test_acc", 0.94, "cpu_s", 20.0))));

        String block = PerformanceDoc.block(s, "dl4j-snn bench --net all --reference");

        assertThat(block).contains("| conv | [0.08, 0.09] | [0.085, 0.09] | true / true |")
                .contains("| nmnist-real | 1 x 1 | 3.0 | 10.0 | 0.3 (0.3-0.3) | <= 0.5 | 0.25 | 0.95 | 0.94 | time true, "
                        + "accuracy true |")
                .doesNotContain("| nmnist-real (fused)");
    }

    @Test
    void aSparseRowHasNoTarget() {
        Summary s = new Summary(Engine.FUSED, 2);
        s.add(new BenchResult("mlp-sparse", "dl4j-snn", "fused", 600, 50, 45, 230, 2, Map.of()),
                new BenchResult("mlp-sparse", "torch-sj-reimpl", "torch", 300, 100, 90, 420, 2, Map.of()));

        assertThat(PerformanceDoc.block(s, "dl4j-snn bench --regime sparse --reference"))
                .contains("| mlp-sparse (fused) | 600.0 | 300.0 | 2.0 | - | - | 0.548 | - |");
    }

    @Test
    void aDocumentWithoutMarkersGetsTheBlockAppended() {
        String out = PerformanceDoc.replaceBlock("# Title\nText", PerformanceDoc.BEGIN + "\nX\n" + PerformanceDoc.END);

        assertThat(out).isEqualTo("# Title\nText\n\n" + PerformanceDoc.BEGIN + "\nX\n" + PerformanceDoc.END + "\n");
    }
}
