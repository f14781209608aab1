package org.dl4j.snn.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.dl4j.snn.examples.train.RunConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --config FILE}: the settings of config.json as JSON or YAML, overridden by explicit flags. */
class ConfigFileTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void data() throws Exception {
        data = TinyDatasets.nmnist(tmp.resolve("nmnist"), new Random(1), 1, 1);
    }

    @Test
    void yamlSettingsApplyAndFlagsGivenOnTheCommandLineOverrideThem() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("run.yaml"), """
                # a user's settings file
                preset: nmnist_mlp
                root: %s
                steps: 3
                epochs: 1
                width: 4
                learningRate: 1.0e-2
                neuron: lif
                learnTheta: true
                """.formatted(data));
        Path out = tmp.resolve("yaml-run");

        CliRun run = CliRun.of("train", "--config", yaml.toString(), "--width", "3", "--no-progress", "--output",
                out.toString());

        assertThat(run.exitCode()).as(run.both()).isZero();
        RunConfig c = RunConfig.read(out.resolve("config.json"));
        assertThat(c.preset()).isEqualTo("nmnist_mlp");
        assertThat(c.steps()).isEqualTo(3);
        assertThat(c.width()).as("the flag wins over the file").isEqualTo(3);
        assertThat(c.learningRate()).isEqualTo(0.01);
        assertThat(c.neuron()).isEqualTo("lif");
        assertThat(c.learnTheta()).isTrue();
        assertThat(c.loss()).as("not in the file: the preset's default").isEqualTo("sdt");
        assertThat(c.batch()).as("not in the file: the flag's default").isEqualTo(16);
        assertThat(c.root()).isEqualTo(data.toAbsolutePath().normalize().toString());

        // A run's config.json is itself a valid --config: the same settings again.
        Path again = tmp.resolve("again");
        CliRun rerun = CliRun.of("train", "--config", out.resolve("config.json").toString(), "--no-progress",
                "--output", again.toString());
        assertThat(rerun.exitCode()).as(rerun.both()).isZero();
        assertThat(RunConfig.read(again.resolve("config.json"))).isEqualTo(c);
    }

    @Test
    void anUnknownKeyIsAnErrorNamingTheFileAndTheKey() throws Exception {
        Path json = Files.writeString(tmp.resolve("typo.json"), "{\"preset\": \"nmnist_mlp\", \"lrate\": 0.1}");

        CliRun run = CliRun.of("train", "--config", json.toString(), "--output", tmp.resolve("x").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("typo.json").contains("unknown key 'lrate'").contains("learningRate")
                .doesNotContain("\tat ");
    }

    @Test
    void aValueOfTheWrongTypeIsAnErrorNamingTheKey() throws Exception {
        Path json = Files.writeString(tmp.resolve("bad.json"),
                "{\"root\": \"" + data.toString().replace("\\", "\\\\") + "\", \"epochs\": \"ten\"}");

        CliRun run = CliRun.of("train", "--config", json.toString(), "--output", tmp.resolve("y").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("bad.json").contains("'epochs'");
    }

    @Test
    void aMissingConfigFileIsNamed() {
        CliRun run = CliRun.of("train", "--config", tmp.resolve("nope.yml").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("nope.yml").contains("does not exist");
    }
}
