package org.dl4j.snn.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --workers 2} with the default jar on the bundled sample; that jar refuses {@code --spark}. */
class ScaleOutIT {

    @Test
    void twoWorkersTrainTheDefaultPresetForTwoEpochs(@TempDir Path tmp) throws Exception {
        Jar.Run run = Jar.run(Jar.repo(), 900, "train", "--workers", "2", "--epochs", "2", "--no-progress",
                "--output", tmp.resolve("run").toString());
        assertThat(run.exitCode()).as("stderr:\n" + run.stderr()).isZero();
        assertThat(run.stdout()).contains("2 workers (ParallelWrapper, averaging every batch, learning rate x2)")
                .contains("epoch 2/2");
        Matcher m = Pattern.compile("(?m)^test accuracy: (\\d\\.\\d{4})$").matcher(run.stdout());
        assertThat(m.find()).as(run.stdout()).isTrue();
        // Alone, the default preset reaches 0.78 after 2 epochs (seed 42); the replicas within a few points of it.
        assertThat(Double.parseDouble(m.group(1))).isGreaterThanOrEqualTo(0.70);
    }

    @Test
    void theDefaultJarPointsToTheSparkJar(@TempDir Path tmp) throws Exception {
        Jar.Run run = Jar.run(Jar.repo(), 120, "train", "--spark", "local[2]", "--output", tmp.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stdout() + run.stderr()).contains("this jar has no Spark").contains("mvn -Pspark package")
                .contains("dl4j-snn-spark.jar");
    }
}
