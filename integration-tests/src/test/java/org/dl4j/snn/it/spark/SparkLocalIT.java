package org.dl4j.snn.it.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dl4j-snn-spark.jar train --spark local[2]}: the default preset on the bundled N-MNIST sample with Spark's
 * executor threads in the driver JVM, with DL4J's parameter averaging and gradient sharing; everything on loopback.
 */
class SparkLocalIT {
    /** The default preset after 2 epochs alone reaches 0.78 (seed 42); replicas land within a few points of it. */
    static final double MIN_ACCURACY = 0.70;

    @Test
    void parameterAveragingTrainsTwoEpochsWithTheFrameCacheServingTheSecond(@TempDir Path tmp) throws Exception {
        SparkRun.Result run = SparkRun.train(600, List.of(), List.of(), "--spark", "local[2]", "--epochs", "2",
                "--no-progress", "--output", tmp.resolve("run").toString());
        assertThat(run.exitCode()).as(run.both()).isZero();
        assertThat(run.stdout()).contains("Spark local[2] (parameter averaging every batch)")
                .contains("ParameterAveragingTrainingMaster, learning rate 0.00100 x 2")
                .contains("spark: epoch 1: 63 batches; 1000 samples read from the event files, 0 from")
                // One executor JVM (local mode): its frame cache holds every sample after epoch 1.
                .contains("spark: epoch 2: 63 batches; 0 samples read from the event files, 1000 from")
                .contains("epoch 2/2");
        assertThat(run.accuracy()).isGreaterThanOrEqualTo(MIN_ACCURACY);
        assertThat(run.networkViolations()).isEmpty();
        assertThat(tmp.resolve("run").resolve("model.zip")).isRegularFile();
    }

    @Test
    void gradientSharingOverAeronTrainsAnEpoch(@TempDir Path tmp) throws Exception {
        SparkRun.Result run = SparkRun.train(600, List.of(), List.of(), "--spark", "local[2]", "--training-mode",
                "shared-gradients", "--epochs", "1", "--no-progress", "--output", tmp.resolve("run").toString());
        assertThat(run.exitCode()).as(run.both()).isZero();
        assertThat(run.stdout()).contains("SharedTrainingMaster").contains("epoch 1/1");
        assertThat(run.accuracy()).isGreaterThan(0.5);
        assertThat(run.networkViolations()).isEmpty();
    }
}
