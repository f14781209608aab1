package org.dl4j.snn.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dl4j.snn.examples.presets.Preset;
import org.dl4j.snn.examples.train.RunConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code train --preset NAME --root DIR} works for every preset: one epoch at width 2 and T = 3 on a tiny dataset
 * written in that dataset's published format.
 */
class PresetTrainingTest {

    @ParameterizedTest
    @EnumSource(Preset.class)
    void everyPresetTrainsAnEpochOnItsDatasetFormat(Preset preset, @TempDir Path tmp) throws Exception {
        Path root = TinyDatasets.write(preset, tmp.resolve("data"));
        Path out = tmp.resolve("run");

        CliRun run = CliRun.of("train", "--preset", preset.cliName(), "--root", root.toString(), "--epochs", "1",
                "--width", "2", "-T", "3", "--batch", "8", "--no-progress", "--output", out.toString());

        assertThat(run.exitCode()).as(run.both()).isZero();
        assertThat(run.out()).contains("epoch 1/1").containsPattern("(?m)^test accuracy: \\d\\.\\d{4}$");
        RunConfig config = RunConfig.read(out.resolve("config.json"));
        assertThat(config.preset()).isEqualTo(preset.cliName());
        assertThat(config.steps()).isEqualTo(3);
        assertThat(config.width()).isEqualTo(2);
        assertThat(out.resolve("model.zip")).isRegularFile();
        assertThat(out.resolve("metrics.csv")).isRegularFile();
        assertThat(out.resolve("checkpoint.json")).isRegularFile();
    }
}
