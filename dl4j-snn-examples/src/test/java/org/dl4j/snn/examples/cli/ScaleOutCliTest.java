package org.dl4j.snn.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --workers N}: the flags, the header line, checkpoints and {@code --resume} with replicas. */
class ScaleOutCliTest {

    @Test
    void workersTrainCheckpointAndResume(@TempDir Path tmp) throws Exception {
        Path data = TinyDatasets.nmnist(tmp.resolve("data"), new Random(3), 3, 1);
        Path out = tmp.resolve("run");
        String[] common = {"train", "--preset", "nmnist", "--root", data.toString(), "--width", "2", "-T", "3",
                "--batch", "4", "--no-progress", "--output", out.toString(), "--workers", "2"};

        CliRun first = CliRun.of(concat(common, "--epochs", "1"));
        assertThat(first.exitCode()).as(first.both()).isZero();
        assertThat(first.out()).contains("2 workers (ParallelWrapper, averaging every batch, learning rate x2)")
                .contains("epoch 1/1").containsPattern("(?m)^test accuracy: \\d\\.\\d{4}$");
        assertThat(out.resolve("checkpoint.json")).isRegularFile();

        CliRun resumed = CliRun.of(concat(common, "--epochs", "2", "--resume", "--training-mode",
                "shared-gradients"));
        assertThat(resumed.exitCode()).as(resumed.both()).isZero();
        assertThat(resumed.out()).contains("2 workers (ParallelWrapper, gradient sharing)")
                .contains("resuming after epoch 1").contains("epoch 2/2");
    }

    @Test
    void badValuesAreNamed(@TempDir Path tmp) {
        CliRun zero = CliRun.of("train", "--workers", "0", "--output", tmp.toString());
        assertThat(zero.exitCode()).isNotZero();
        assertThat(zero.both()).contains("--workers must be >= 1, got 0");
        CliRun mode = CliRun.of("train", "--workers", "2", "--training-mode", "sync", "--output", tmp.toString());
        assertThat(mode.both()).contains("--training-mode: unknown training mode 'sync'");
        CliRun both = CliRun.of("train", "--workers", "2", "--spark", "local[2]", "--output", tmp.toString());
        assertThat(both.both()).contains("--workers and --spark exclude each other");
        CliRun master = CliRun.of("train", "--spark", "localhost", "--output", tmp.toString());
        assertThat(master.both()).contains("'localhost' is not a Spark master URL");
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
