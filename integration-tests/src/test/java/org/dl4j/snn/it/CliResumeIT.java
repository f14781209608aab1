package org.dl4j.snn.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints, {@code --resume} and Ctrl-C with the runnable jar on the bundled real N-MNIST sample: a run
 * trained for 2 epochs, stopped, and resumed to 4 ends with the same parameters and prints the same per-epoch
 * numbers as an uninterrupted 4-epoch run; SIGINT and SIGTERM stop a run after the current batch with a message,
 * leaving a checkpoint that {@code --resume} continues to the same result.
 */
class CliResumeIT {
    /** Small enough for seconds per epoch on 2 cores; the conv preset has dropout, so RNG state matters. */
    private static final List<String> SETTINGS = List.of("--preset", "nmnist", "--width", "4", "-T", "4",
            "--batch", "32", "--seed", "7", "--no-progress");
    private static final Pattern EPOCH_LINE = Pattern.compile("(?m)^epoch (\\d+)/\\d+  loss (\\S+)  test-acc (\\S+)");

    @TempDir
    static Path tmp;
    static Path whole;
    static Jar.Run wholeRun;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        whole = tmp.resolve("whole");
        wholeRun = train(whole, 4);
        assertThat(wholeRun.exitCode()).as(wholeRun.stderr()).isZero();
        assertThat(epochLines(wholeRun.stdout())).hasSize(4);
    }

    @Test
    void twoEpochsThenResumeToFourEqualsAnUninterruptedRun() throws Exception {
        Path split = tmp.resolve("split");
        Jar.Run first = train(split, 2);
        assertThat(first.exitCode()).as(first.stderr()).isZero();

        Jar.Run resumed = Jar.run(Jar.repo(), 900, "train", "--resume", "--output", split.toString(), "--epochs", "4",
                "--no-progress");

        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        List<String> expected = epochLines(wholeRun.stdout());
        assertThat(epochLines(first.stdout() + resumed.stdout())).containsExactlyElementsOf(expected);
        assertThat(finalAccuracy(resumed.stdout())).isEqualTo(finalAccuracy(wholeRun.stdout()));
        assertSameParameters(split.resolve("model.zip"), whole.resolve("model.zip"));
    }

    @Test
    void sigintStopsAfterTheCurrentBatchAndResumeContinuesIdentically() throws Exception {
        stopAndResume("INT", 130, tmp.resolve("sigint"));
    }

    @Test
    void sigtermFromProcessDestroyStopsTheSameWay() throws Exception {
        stopAndResume("TERM", 143, tmp.resolve("sigterm"));
    }

    private static void stopAndResume(String signal, int exitCode, Path run) throws Exception {
        List<String> cmd = command(run, 20);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(Jar.repo().toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (!Files.readString(out).contains("epoch 1/20")) {
            assertThat(p.isAlive()).as("still training; stderr:\n" + Files.readString(err)).isTrue();
            assertThat(System.nanoTime()).as("epoch 1 within 600 s").isLessThan(deadline);
            Thread.sleep(200);
        }
        if (signal.equals("TERM")) {
            p.destroy();   // SIGTERM on Linux
        } else {
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor()).isZero();
        }
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("stops after the current batch").isTrue();
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);

        assertThat(p.exitValue()).as(stdout + stderr).isEqualTo(exitCode);
        assertThat(stderr).contains("SIG" + signal + ": stopping after the current batch");
        assertThat(stdout).contains("interrupted (SIG" + signal + ")").contains("train --resume --output")
                .doesNotContain("test accuracy:");
        int done = epochLines(stdout).size();
        assertThat(done).isBetween(1, 3);
        assertThat(stdout).contains("the checkpoint of epoch " + done + " in");
        assertThat(run.resolve("checkpoints").resolve(String.format("epoch-%04d.zip", done))).isRegularFile();
        try (var files = Files.list(run.resolve("checkpoints"))) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList())
                    .as("no half-written file").isEmpty();
        }
        ModelSerializer.restoreMultiLayerNetwork(run.resolve("checkpoints")
                .resolve(String.format("epoch-%04d.zip", done)).toFile(), true);

        Jar.Run resumed = Jar.run(Jar.repo(), 900, "train", "--resume", "--output", run.toString(), "--epochs", "4",
                "--no-progress");

        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        assertThat(resumed.stdout()).contains("resuming after epoch " + done);
        assertThat(epochLines(stdout + resumed.stdout())).containsExactlyElementsOf(epochLines(wholeRun.stdout()));
        assertSameParameters(run.resolve("model.zip"), whole.resolve("model.zip"));
    }

    private static Jar.Run train(Path out, int epochs) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("train", "--epochs", Integer.toString(epochs), "--output",
                out.toString()));
        args.addAll(SETTINGS);
        return Jar.run(Jar.repo(), 1200, args.toArray(String[]::new));
    }

    private static List<String> command(Path out, int epochs) {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx2g", "-jar", Jar.path().toAbsolutePath().toString(), "train", "--epochs",
                Integer.toString(epochs), "--output", out.toString()));
        cmd.addAll(SETTINGS);
        return cmd;
    }

    /** "epoch E loss L test-acc A" of each epoch line (without the total, the time and the speed). */
    private static List<String> epochLines(String stdout) {
        List<String> lines = new ArrayList<>();
        Matcher m = EPOCH_LINE.matcher(stdout);
        while (m.find()) {
            lines.add("epoch " + m.group(1) + " loss " + m.group(2) + " test-acc " + m.group(3));
        }
        return lines;
    }

    private static String finalAccuracy(String stdout) {
        Matcher m = Pattern.compile("(?m)^test accuracy: (\\S+)$").matcher(stdout);
        assertThat(m.find()).as(stdout).isTrue();
        return m.group(1);
    }

    private static void assertSameParameters(Path a, Path b) throws IOException {
        float[] pa = ModelSerializer.restoreMultiLayerNetwork(a.toFile()).params().toFloatVector();
        float[] pb = ModelSerializer.restoreMultiLayerNetwork(b.toFile()).params().toFloatVector();
        assertThat(pa).as("parameters of " + a + " and " + b).containsExactly(pb);
    }
}
