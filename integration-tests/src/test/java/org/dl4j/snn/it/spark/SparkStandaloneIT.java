package org.dl4j.snn.it.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark standalone cluster (a master and two 1-core workers, started from the Spark jars on 127.0.0.1) trains the
 * default preset for two epochs on the bundled N-MNIST sample through {@code spark://127.0.0.1:PORT}: the driver
 * ships the application jar, each executor reads its share of the event files and keeps their frames in its own
 * cache. No process of the test has a socket off loopback; every process is stopped at the end.
 */
class SparkStandaloneIT {
    private static final Pattern EPOCH_2 = Pattern.compile(
            "spark: epoch 2: 63 batches; (\\d+) samples read from the event files, (\\d+) from the executors' "
                    + "frame caches");

    @Test
    void twoWorkersTrainTwoEpochs(@TempDir Path tmp) throws Exception {
        List<ProcessHandle> started;
        SparkRun.Result run;
        try (Cluster cluster = Cluster.start(tmp.resolve("cluster"), 2, "2g", 180)) {
            started = cluster.processes();
            run = SparkRun.train(900, started, List.of("-Dspark.executor.memory=1g"), "--spark", cluster.url(),
                    "--epochs", "2", "--no-progress", "--output", tmp.resolve("run").toString());
        }
        assertThat(started).noneMatch(ProcessHandle::isAlive);
        assertThat(run.exitCode()).as(run.both()).isZero();
        assertThat(run.stdout()).contains("2 executor cores, ParameterAveragingTrainingMaster")
                .contains("spark: epoch 1: 63 batches; 1000 samples read from the event files, 0 from")
                .contains("63 fitted by the workers in 32 averaging rounds");
        Matcher m = EPOCH_2.matcher(run.stdout());
        assertThat(m.find()).as(run.both()).isTrue();
        // Two executor JVMs, two caches: a batch of epoch 2 that lands on the executor that read it in epoch 1 is
        // served from its cache, the others are read again.
        assertThat(Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2))).isEqualTo(1000);
        assertThat(Integer.parseInt(m.group(2))).isPositive();
        assertThat(run.accuracy()).isGreaterThanOrEqualTo(SparkLocalIT.MIN_ACCURACY);
        assertThat(run.networkViolations()).isEmpty();
    }
}
