package org.dl4j.snn.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dl4j.snn.datasets.datavec.BadSampleException;
import org.dl4j.snn.datasets.format.EventFormatException;
import org.dl4j.snn.datasets.testing.Aedat20Writer;
import org.dl4j.snn.datasets.testing.RandomEvents;
import org.dl4j.snn.datasets.testing.ShdWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every user error of the issue "bad input" through the real command line: a non-zero exit, an {@code error:} message
 * that says what is wrong and where (flag, file, offset, sample), and no stack trace unless {@code --debug}.
 */
class CliErrorsTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path run;

    @BeforeAll
    static void trainATinyRun() throws Exception {
        data = TinyDatasets.nmnist(tmp.resolve("nmnist"), new Random(11), 2, 1);
        run = tmp.resolve("run");
        CliRun r = CliRun.of("train", "--root", data.toString(), "--width", "8", "-T", "4", "--batch", "10",
                "--epochs", "1", "--no-progress", "--output", run.toString());
        assertThat(r.exitCode()).as(r.both()).isZero();
    }

    /** A failed run: the exit code, the message's parts, and no stack trace. */
    private static CliRun fails(int exit, List<String> says, String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.exitCode()).as(r.both()).isEqualTo(exit);
        assertThat(r.err()).as(r.both()).contains("error: ").doesNotContain("\tat ").doesNotContain("Exception in");
        for (String s : says) {
            assertThat(r.err()).as(r.both()).contains(s);
        }
        return r;
    }

    private static String[] train(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--root", data.toString(), "--epochs", "1",
                "--no-progress", "--output", tmp.resolve("out").toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void timeStepsWidthAndLearningRateAreCheckedNamingTheFlag() {
        fails(1, List.of("-T must be 1..10,000 time steps, got 1,000,000"), train("-T", "1000000"));
        fails(1, List.of("--width must be 1..65,536 units or channels, got 200,000"), train("--width", "200000"));
        fails(1, List.of("--lr must be a finite number in (0, 1.0]", "got Infinity"), train("--lr", "Infinity"));
        fails(1, List.of("--lr must be", "got NaN"), train("--lr", "NaN"));
        fails(1, List.of("--lr must be", "got 5.0"), train("--lr", "5"));
        fails(1, List.of("--batch must be 1..65,536"), train("--batch", "0"));
    }

    @Test
    void theMemoryASettingImpliesIsCheckedBeforeAnythingIsAllocated() {
        CliRun r = fails(1, List.of("these settings need at least", "GiB of memory to train",
                "lower --width, -T or --batch"), train("--width", "60000"));
        assertThat(r.err()).doesNotContain(".bin").doesNotContain("bad_alloc");
    }

    @Test
    void resumeWithoutACheckpointSaysSo() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-run"));
        CliRun r = fails(1, List.of("--resume: " + empty + " has no checkpoint (no checkpoint.json"),
                "train", "--resume", "--output", empty.toString());
        assertThat(r.err()).doesNotContain("bundled");
    }

    @Test
    void corruptModelAndCheckpointFilesAreNamedAndLeftoversAreCleanedOnResume() throws Exception {
        Path bad = copyRun("bad-model");
        byte[] zip = Files.readAllBytes(bad.resolve("model.zip"));
        Files.write(bad.resolve("model.zip"), Arrays.copyOf(zip, zip.length / 2));
        fails(1, List.of(bad.resolve("model.zip") + ": not a readable dl4j-snn model"), "evaluate", "--model",
                bad.toString());

        Path cp = copyRun("bad-checkpoint");
        Path epoch = cp.resolve("checkpoints/epoch-0001.zip");
        Files.write(epoch, Arrays.copyOf(Files.readAllBytes(epoch), 500));
        Path leftover = cp.resolve("checkpoints/.epoch-0002.zip.4711.tmp");
        Files.write(leftover, new byte[1000]);
        Files.write(cp.resolve(".checkpoint.json.815.tmp"), new byte[10]);
        CliRun r = fails(1, List.of(epoch + ": not a readable dl4j-snn model"), "train", "--resume", "--output",
                cp.toString(), "--epochs", "2", "--no-progress");
        assertThat(r.out()).contains("removed 2 temporary file(s) of an interrupted write");
        assertThat(leftover).doesNotExist();
        assertThat(epoch).exists();
    }

    @Test
    void aCheckpointRecordWithANegativeEpochIsRefused() throws Exception {
        Path neg = copyRun("negative-epoch");
        Path state = neg.resolve("checkpoint.json");
        Files.writeString(state, Files.readString(state).replaceFirst("\"epoch\" : 1", "\"epoch\" : -5"));
        fails(1, List.of(state + ": \"epoch\": -5 is not a number of completed epochs"), "train", "--resume",
                "--output", neg.toString(), "--epochs", "2", "--no-progress");
    }

    @Test
    void aStatsFileThatIsNotOneIsExplained() throws Exception {
        Path garbage = tmp.resolve("garbage.dl4j");
        Files.write(garbage, "not a stats file at all".getBytes());
        CliRun r = fails(1, List.of("--stats-file " + garbage + ": not a DL4J stats file written by 'train "
                + "--stats-file'"), "ui", "--stats-file", garbage.toString(), "--ui-port", "0");
        assertThat(r.err()).doesNotContain("error: null");
    }

    @Test
    void anEmptyGestureTrialsListSaysSo() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("dvsgesture"));
        Files.writeString(root.resolve("trials_to_train.txt"), "");
        Files.writeString(root.resolve("trials_to_test.txt"), "");
        fails(1, List.of(root.resolve("trials_to_train.txt") + ": lists no recording (the file is empty)"),
                "dataset", "stats", "--dataset", "dvsgesture", "--root", root.toString(), "--split", "train");
    }

    @Test
    void experimentRefusesZeroSeedsAndWritesNothing() {
        Path out = tmp.resolve("experiments");
        CliRun r = CliRun.of("experiment", "--seeds", "0", "--out", out.toString());
        assertThat(r.exitCode()).as(r.both()).isEqualTo(2);
        assertThat(r.err()).contains("--seeds must be 1..1000 (the number of seeds), got 0").doesNotContain("\tat ");
        assertThat(r.out()).doesNotContain("results:");
        assertThat(out).doesNotExist();
    }

    @Test
    void predictMatchesFileNamesNotEverySample() throws Exception {
        fails(1, List.of("FILE '/' names a folder, not a sample file"), "predict", "--model", run.toString(), "/");
        fails(1, List.of("matches [Test]"), "predict", "--model", run.toString(), "Test");
        fails(1, List.of("matches [.bin]"), "predict", "--model", run.toString(), ".bin");
        String one;
        try (var files = Files.list(data.resolve("Test/4"))) {
            one = files.findFirst().orElseThrow().getFileName().toString();
        }
        CliRun r = CliRun.of("predict", "--model", run.toString(), "4/" + one);
        assertThat(r.exitCode()).as(r.both()).isZero();
        assertThat(r.out().lines().toList()).hasSize(3).element(1).asString().contains(one);
    }

    @Test
    void aMissingDatasetAndABadSampleGiveNoTraceUnlessDebug() throws Exception {
        fails(1, List.of("N-MNIST not found: looked in " + tmp.resolve("nowhere"), "Expected layout:"), "dataset",
                "stats", "--dataset", "nmnist", "--root", tmp.resolve("nowhere").toString());
        CliRun debug = CliRun.of("dataset", "stats", "--debug", "--dataset", "nmnist", "--root",
                tmp.resolve("nowhere").toString());
        assertThat(debug.exitCode()).isEqualTo(1);
        assertThat(debug.err()).contains("\tat org.dl4j.snn.datasets").contains("error: N-MNIST not found");

        Path broken = copyDir(data, tmp.resolve("broken-nmnist"));
        Path file;
        try (var files = Files.list(broken.resolve("Train/0"))) {
            file = files.sorted().findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(file);
        b[5] = 40;                                       // event 1 at x = 40 on a 34 x 34 sensor
        Files.write(file, b);
        fails(1, List.of(file + ": byte offset 5: event 1 at x=40", "lies outside the 34x34 sensor"), "train",
                "--root", broken.toString(), "--width", "8", "-T", "4", "--epochs", "1", "--no-progress", "--output",
                tmp.resolve("broken-run").toString());
    }

    @Test
    void shdKeepsTheReadersReasonThroughTheCommandLine() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("shd"));
        ShdWriter.write(root.resolve("shd_test.h5"), List.of(
                new ShdWriter.Sample(new double[] {0.1}, new int[] {3}, 20, 0)), List.of(),
                ShdWriter.Options.defaults());
        fails(1, List.of("SHD: " + root.resolve("shd_test.h5") + ": sample 0: label 20 is outside the 20 classes"),
                "dataset", "stats", "--dataset", "shd", "--root", root.toString(), "--split", "test");
    }

    @Test
    void badTimestampsFollowThePolicyTheUserPicks() throws Exception {
        Path root = copyDir(data, tmp.resolve("late-nmnist"));
        Path file;
        try (var files = Files.list(root.resolve("Test/2"))) {
            file = files.sorted().findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(file);
        int n = b.length / 5;
        int k = n / 2;                                   // one event 8 s into a recording of milliseconds
        b[5 * k + 2] = (byte) ((b[5 * k + 2] & 0x80) | 0x7A);
        Files.write(file, b);
        String[] stats = {"dataset", "stats", "--dataset", "nmnist", "--root", root.toString(), "--split", "test"};

        CliRun drop = CliRun.of(stats);
        assertThat(drop.exitCode()).as(drop.both()).isZero();
        assertThat(drop.out()).contains(file + ": byte offset " + 5 * k)
                .contains(String.format(java.util.Locale.ROOT, "1 of %,d events", n))
                .contains("dropped them");
        CliRun skip = CliRun.of(concat(stats, "--bad-timestamps", "skip"));
        assertThat(skip.exitCode()).as(skip.both()).isZero();
        assertThat(skip.out()).contains("\"samples\":9").contains("\"skipped\":1");
        fails(1, List.of(file + ": byte offset " + 5 * k + ": event " + k, "timestamp policy: fail"),
                concat(stats, "--bad-timestamps", "fail"));
        fails(1, List.of("--bad-timestamps must be drop, skip or fail, got 'maybe'"),
                concat(stats, "--bad-timestamps", "maybe"));
    }

    @Test
    void cifar10DvsTakesSomeClassFoldersAndHiddenFilesAreNotSamples() throws Exception {
        Path root = tmp.resolve("cifar10dvs");
        for (String c : List.of("airplane", "cat", "truck")) {
            Path dir = Files.createDirectories(root.resolve(c));
            for (int i = 0; i < 10; i++) {
                Aedat20Writer.write(dir.resolve("cifar10_" + c + "_" + i + ".aedat"),
                        RandomEvents.generate(new Random(i), 100, 128, 128, 0, 50));
            }
        }
        Files.write(root.resolve("cat/._cifar10_cat_0.aedat"), new byte[] {0, 5, 22, 7});
        Files.writeString(root.resolve("cat/readme.txt"), "x");
        CliRun r = CliRun.of("dataset", "stats", "--dataset", "cifar10dvs", "--root", root.toString());
        assertThat(r.exitCode()).as(r.both()).isZero();
        assertThat(r.out()).contains("\"samples\":30").contains("\"classes\":10").contains("\"cat\":10")
                .contains("\"dog\":0").contains("labels keep the nominal indices")
                .contains("1 hidden file(s) (cat/._cifar10_cat_0.aedat)")
                .contains("1 file(s) not ending in .aedat (cat/readme.txt)");
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path root = copyDir(data, tmp.resolve("locked-nmnist"));
        Path file;
        try (var files = Files.list(root.resolve("Test/1"))) {
            file = files.findFirst().orElseThrow();
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        fails(1, List.of(file + ": permission denied"), "dataset", "stats", "--dataset", "nmnist", "--root",
                root.toString(), "--split", "test");
    }

    @Test
    void theErrorReportPrintsEachCauseOnceAndCallsABugABug() {
        EventFormatException reason = EventFormatException.atByte(Path.of("/d/Train/0/00002.bin"), 35, "event 7 lies "
                + "outside the 34x34 sensor");
        BadSampleException bad = new BadSampleException(0, "/d/Train/0/00002.bin", reason.getMessage(), reason);
        StringWriter out = new StringWriter();
        SnnCli.report(new RuntimeException(new IllegalStateException("epoch 1 failed", bad)), new PrintWriter(out),
                "dl4j-snn train", false, null);
        assertThat(out.toString().lines().toList()).containsExactly(
                "dl4j-snn train: error: epoch 1 failed",
                "dl4j-snn train: error:   because: sample 0 (/d/Train/0/00002.bin): /d/Train/0/00002.bin: byte offset "
                        + "35: event 7 lies outside the 34x34 sensor");

        StringWriter bug = new StringWriter();
        SnnCli.report(new NullPointerException(), new PrintWriter(bug), "dl4j-snn train", false, null);
        assertThat(bug.toString()).contains("error: NullPointerException")
                .contains("this looks like a bug in dl4j-snn (java.lang.NullPointerException); run again with --debug")
                .doesNotContain("\tat ");
    }

    private static Path copyRun(String name) throws Exception {
        return copyDir(run, tmp.resolve(name));
    }

    private static Path copyDir(Path from, Path to) throws Exception {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return to;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
