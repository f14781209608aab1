package org.dl4j.snn.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dl4j.snn.examples.bench.BenchResult;
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
    void invalidOptionsAreRejectedWithUsageExitCode() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(run(new ByteArrayOutputStream(), err, "--steps", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--steps must be >= 1");
        assertThat(run(new ByteArrayOutputStream(), new ByteArrayOutputStream(), "--net", "resnet")).isEqualTo(2);
        assertThat(run(new ByteArrayOutputStream(), new ByteArrayOutputStream(), "--density", "1.5")).isEqualTo(2);
        ByteArrayOutputStream sdErr = new ByteArrayOutputStream();
        assertThat(run(new ByteArrayOutputStream(), sdErr, "--samediff", "--engine", "samediff")).isEqualTo(2);
        assertThat(sdErr.toString(StandardCharsets.UTF_8)).contains("--samediff compares with --engine fused");
    }
}
