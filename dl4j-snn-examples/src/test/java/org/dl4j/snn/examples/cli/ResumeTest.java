package org.dl4j.snn.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4j.snn.examples.train.Checkpoints;
import org.dl4j.snn.examples.train.MetricsCsv;
import org.dl4j.snn.examples.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --resume}: 2 epochs, then resumed to 4, equals an uninterrupted 4-epoch run bit for bit
 * (parameters, per-epoch loss and test accuracy). The conv preset has dropout, so this also checks that the
 * random generator state is restored.
 */
class ResumeTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void data() throws Exception {
        data = TinyDatasets.nmnist(tmp.resolve("nmnist"), new Random(3), 2, 1);
    }

    private static String[] train(Path out, int epochs, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--preset", "nmnist", "--root",
                data.toString(), "--width", "8", "-T", "4", "--lr", "1e-2", "--batch", "4", "--no-progress", "--seed", "5",
                "--epochs", Integer.toString(epochs), "--output", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void twoEpochsResumedToFourEqualFourUninterruptedEpochs() throws Exception {
        Path whole = tmp.resolve("whole");
        Path split = tmp.resolve("split");
        CliRun a = CliRun.of(train(whole, 4));
        assertThat(a.exitCode()).as(a.both()).isZero();
        CliRun b1 = CliRun.of(train(split, 2));
        assertThat(b1.exitCode()).as(b1.both()).isZero();
        assertThat(new Checkpoints(split).latest().orElseThrow().epoch()).isEqualTo(2);

        // Only the run folder and the new epoch count: the rest comes from its config.json.
        CliRun b2 = CliRun.of("train", "--resume", "--output", split.toString(), "--epochs", "4", "--no-progress");

        assertThat(b2.exitCode()).as(b2.both()).isZero();
        assertThat(b2.out()).contains("resuming after epoch 2").contains("epoch 3/4").contains("epoch 4/4")
                .doesNotContain("epoch 1/4");
        float[] wholeParams = ModelSerializer.restoreMultiLayerNetwork(whole.resolve("model.zip").toFile())
                .params().toFloatVector();
        float[] splitParams = ModelSerializer.restoreMultiLayerNetwork(split.resolve("model.zip").toFile())
                .params().toFloatVector();
        assertThat(splitParams).containsExactly(wholeParams);
        List<Trainer.EpochResult> m1 = MetricsCsv.read(whole.resolve("metrics.csv"));
        List<Trainer.EpochResult> m2 = MetricsCsv.read(split.resolve("metrics.csv"));
        assertThat(m2).hasSize(4);
        // The network learns (so equal parameters are no accident of frozen weights).
        assertThat(m1.get(3).loss()).isLessThan(m1.get(0).loss());
        for (int e = 0; e < 4; e++) {
            assertThat(m2.get(e).loss()).as("loss of epoch %d", e + 1).isEqualTo(m1.get(e).loss());
            assertThat(m2.get(e).testAccuracy()).as("accuracy of epoch %d", e + 1)
                    .isEqualTo(m1.get(e).testAccuracy());
        }
        // The spike monitor's file has each epoch once (monitor epochs 0..3), as in the uninterrupted run.
        assertThat(epochsOf(split.resolve("spike-monitor.csv"))).isEqualTo(epochsOf(whole.resolve("spike-monitor.csv")));
        // Only the last checkpoint's model is kept.
        try (var files = Files.list(split.resolve("checkpoints"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("epoch-0004.zip");
        }
    }

    private static List<String> epochsOf(Path monitorCsv) throws Exception {
        return Files.readAllLines(monitorCsv).stream().skip(1).map(l -> l.split(",")[0] + "," + l.split(",")[1]
                + "," + l.split(",")[5]).toList();
    }

    @Test
    void resumeRefusesChangedSettingsAndAFolderWithoutCheckpoint() throws Exception {
        Path run = tmp.resolve("refuse");
        assertThat(CliRun.of(train(run, 1)).exitCode()).isZero();

        CliRun changed = CliRun.of(train(run, 2, "--resume", "--tau", "1.5"));
        assertThat(changed.exitCode()).isEqualTo(1);
        assertThat(changed.err()).contains("--resume").contains("tau: 2.0 -> 1.5");

        CliRun none = CliRun.of("train", "--resume", "--output", tmp.resolve("empty").toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("has no checkpoint");
    }

    @Test
    void resumeOfAFinishedRunTrainsNothing() throws Exception {
        Path run = tmp.resolve("finished");
        assertThat(CliRun.of(train(run, 1)).exitCode()).isZero();
        CliRun again = CliRun.of("train", "--resume", "--output", run.toString(), "--epochs", "1");
        assertThat(again.exitCode()).as(again.both()).isZero();
        assertThat(again.out()).contains("nothing to train").containsPattern("test accuracy: \\d\\.\\d{4}");
    }
}
