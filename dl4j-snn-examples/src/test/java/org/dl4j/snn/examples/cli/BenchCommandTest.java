package org.dl4j.snn.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dl4j.snn.examples.bench.BenchResult;
import org.dl4j.snn.examples.data.BundledData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {

    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        CommandLine cl = new CommandLine(new BenchCommand(new PrintStream(out, true, StandardCharsets.UTF_8)))
                .setCaseInsensitiveEnumValuesAllowed(true);
        cl.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        return cl.execute(args);
    }

    @Test
    void oneInProcessMlpStepPrintsOneResultLineThatTrained(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path jsonl = dir.resolve("bench.jsonl");

        int rc = run(out, new ByteArrayOutputStream(), "--in-process", "--net", "mlp", "--steps", "1", "--warmup",
                "0", "--threads", "1", "--jsonl", jsonl.toString());

        assertThat(rc).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\\R");
        assertThat(lines).hasSize(1);
        BenchResult r = BenchResult.parse(lines[0]);
        assertThat(r.net()).isEqualTo("mlp");
        assertThat(r.engine()).isEqualTo("fused");
        assertThat(r.threads()).isEqualTo(1);
        assertThat(r.samplesPerS()).isPositive();
        assertThat(r.stepMsMin()).isEqualTo(r.stepMsMedian());
        assertThat(r.peakRssMib()).isPositive();
        assertThat((Double) r.extra().get("loss")).isBetween(0.0, 10.0);
        assertThat(r.extra().get("firing_rates")).asList().hasSize(2);
        assertThat(Files.readAllLines(jsonl)).containsExactly(lines[0]);
    }

    @Test
    void theSparseRegimeIsMeasuredUnderItsOwnLabel() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int rc = run(out, new ByteArrayOutputStream(), "--in-process", "--net", "mlp", "--regime", "sparse",
                "--steps", "1", "--warmup", "0", "--threads", "1");

        assertThat(rc).isZero();
        BenchResult r = BenchResult.parse(out.toString(StandardCharsets.UTF_8).trim());
        assertThat(r.net()).isEqualTo("mlp-sparse");
        assertThat(r.extra()).containsEntry("regime", "sparse");
    }

    @Test
    void nmnistRealPrintsOneLinePerEpochWithEpochTimeAccuracyAndThroughput(@TempDir Path dir) throws Exception {
        Path sample = BundledData.nmnistSample();
        for (String split : new String[] {"Train", "Test"}) {
            for (int digit = 0; digit < 10; digit++) {
                Path from = sample.resolve(split).resolve(String.valueOf(digit));
                Path to = Files.createDirectories(dir.resolve(split).resolve(String.valueOf(digit)));
                try (var files = Files.list(from)) {
                    for (Path f : files.sorted().limit(1).toList()) {
                        Files.copy(f, to.resolve(f.getFileName()));
                    }
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int rc = run(out, new ByteArrayOutputStream(), "--in-process", "--net", "nmnist-real", "--root",
                dir.toString(), "--epochs", "2", "--threads", "1");

        assertThat(rc).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\\R");
        assertThat(lines).hasSize(2);
        for (int e = 0; e < 2; e++) {
            BenchResult r = BenchResult.parse(lines[e]);
            assertThat(r.net()).isEqualTo("nmnist-real");
            assertThat(r.extra()).containsEntry("epoch", e + 1).containsEntry("train_samples", 10)
                    .containsKeys("epoch_s", "train_s", "test_acc");
            assertThat((Double) r.extra().get("test_acc")).isBetween(0.0, 1.0);
            assertThat((Double) r.extra().get("epoch_s")).isGreaterThanOrEqualTo((Double) r.extra().get("train_s"));
            assertThat(r.samplesPerS()).isPositive();
            assertThat(r.peakRssMib()).isPositive();
        }
    }

    @Test
    void invalidOptionsAreRejectedWithUsageExitCode() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(run(new ByteArrayOutputStream(), err, "--steps", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--steps must be >= 1");
        assertThat(run(new ByteArrayOutputStream(), new ByteArrayOutputStream(), "--net", "resnet")).isEqualTo(2);
        assertThat(run(new ByteArrayOutputStream(), new ByteArrayOutputStream(), "--density", "1.5")).isEqualTo(2);
        ByteArrayOutputStream sdErr = new ByteArrayOutputStream();
        assertThat(run(new ByteArrayOutputStream(), sdErr, "--samediff", "--engine", "samediff")).isEqualTo(2);
        assertThat(sdErr.toString(StandardCharsets.UTF_8)).contains("--samediff compares with --engine fused");
        ByteArrayOutputStream rootErr = new ByteArrayOutputStream();
        assertThat(run(new ByteArrayOutputStream(), rootErr, "--net", "mlp", "--root", "/tmp")).isEqualTo(2);
        assertThat(rootErr.toString(StandardCharsets.UTF_8)).contains("--root applies to --net nmnist-real");
        assertThat(run(new ByteArrayOutputStream(), new ByteArrayOutputStream(), "--net", "nmnist-real", "--epochs",
                "0")).isEqualTo(2);
    }
}
