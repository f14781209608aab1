package org.dl4j.snn.datasets;

import org.dl4j.snn.datasets.datavec.BadSampleException;
import org.dl4j.snn.datasets.datavec.DatasetFolders;
import org.dl4j.snn.datasets.datavec.DatasetNotFoundException;
import org.dl4j.snn.datasets.datavec.FileSampleSource;
import org.dl4j.snn.datasets.datavec.FrameDataset;
import org.dl4j.snn.datasets.datavec.SampleSource;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.format.BadTimestampsException;
import org.dl4j.snn.datasets.format.EventFormatException;
import org.dl4j.snn.datasets.format.Events;
import org.dl4j.snn.datasets.format.IoErrors;
import org.dl4j.snn.datasets.format.TimestampPolicy;
import org.dl4j.snn.datasets.iterator.EventDatasetBuilder;
import org.dl4j.snn.datasets.iterator.Layout;
import org.dl4j.snn.datasets.iterator.SnnDataSetIterator;
import org.dl4j.snn.datasets.testing.AtisBinWriter;
import org.dl4j.snn.datasets.testing.GestureFilesWriter;
import org.dl4j.snn.datasets.testing.IdxWriter;
import org.dl4j.snn.datasets.testing.RandomEvents;
import org.dl4j.snn.datasets.testing.ShdWriter;
import org.dl4j.snn.datasets.transform.ToFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the facades say about bad files: the reader's precise message (file, offset / line / sample, what was
 * expected) reaches the user through every wrapper, with the cause kept; hidden files, other extensions and dangling
 * links are not read and are named; CIFAR10-DVS takes a subset of its classes.
 */
class DatasetErrorsTest {
    @TempDir
    Path root;

    private static final List<ShdWriter.Sample> SHD = List.of(
            new ShdWriter.Sample(new double[] {0.001, 0.002}, new int[] {1, 2}, 3, 0),
            new ShdWriter.Sample(new double[] {0.001}, new int[] {5}, 20, 0));

    @Test
    void shdKeepsTheReadersReasonForALabelOutsideTheClasses() throws IOException {
        ShdWriter.write(root.resolve("shd_train.h5"), SHD, List.of(), ShdWriter.Options.defaults());
        Path file = root.resolve("shd_train.h5");
        assertThatThrownBy(() -> Shd.train(root)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("SHD: " + file + ": sample 1: label 20 is outside the 20 classes 0..19")
                .hasCauseInstanceOf(EventFormatException.class);
    }

    @Test
    void shdNamesAMissingDatasetATruncatedFileAndAStillGzippedOne() throws IOException {
        Path file = root.resolve("shd_test.h5");
        ShdWriter.write(file, SHD.subList(0, 1), List.of(), ShdWriter.Options.defaults().omitting("spikes/times"));
        assertThatThrownBy(() -> Shd.test(root)).hasMessageStartingWith("SHD: " + file + ": missing dataset "
                + "'spikes/times' (expected one variable-length float array");

        ShdWriter.write(file, SHD.subList(0, 1), List.of(), ShdWriter.Options.defaults());
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> Shd.test(root)).hasMessageStartingWith("SHD: " + file + ": ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotEndWith(file.toString()));

        Files.write(file, IdxWriter.gzip(whole));
        assertThatThrownBy(() -> Shd.test(root)).hasMessageStartingWith("SHD: " + file + ": not a readable HDF5 file")
                .hasMessageContaining("gunzip it first");
    }

    @Test
    void mnistKeepsTheReadersReasonForAWrongCountATruncatedGzipAndAGzipBomb() throws IOException {
        byte[] pixels = new byte[3 * 28 * 28];
        IdxWriter.writeImages(root.resolve("t10k-images-idx3-ubyte.gz"), 3, 28, 28, pixels, true);
        IdxWriter.writeLabels(root.resolve("t10k-labels-idx1-ubyte.gz"), new int[] {1, 2}, true);
        assertThatThrownBy(() -> Mnist.test(root)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("MNIST: " + root.resolve("t10k-labels-idx1-ubyte.gz") + ": 2 labels for 3 images in "
                        + root.resolve("t10k-images-idx3-ubyte.gz") + " (expected one label per image: are both files "
                        + "of the same split and dataset?)");

        byte[] gz = Files.readAllBytes(root.resolve("t10k-images-idx3-ubyte.gz"));
        Files.write(root.resolve("t10k-images-idx3-ubyte.gz"), Arrays.copyOf(gz, gz.length - 10));
        assertThatThrownBy(() -> Mnist.test(root)).hasMessageStartingWith("MNIST: "
                + root.resolve("t10k-images-idx3-ubyte.gz") + ": ");

        // 3 images declared, then 200 MB of zeros that compress to about 200 KB: inflation stops after 3 images.
        byte[] bomb = new byte[200 << 20];
        System.arraycopy(IdxWriter.encodeImages(3, 28, 28, pixels, false), 0, bomb, 0, 16 + pixels.length);
        Files.write(root.resolve("t10k-images-idx3-ubyte.gz"), IdxWriter.gzip(bomb));
        bomb = null;
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Mnist.test(root)).hasMessageContaining("oversized idx images file: the header "
                + "declares 2352 bytes of data");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds to refuse").isLessThan(5);
    }

    @Test
    void anEmptyGestureTrialsListSaysSo() throws IOException {
        Files.writeString(root.resolve("trials_to_train.txt"), "\n\n");
        assertThatThrownBy(() -> DvsGesture.train(root)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("DVS128 Gesture: " + root.resolve("trials_to_train.txt") + ": lists no recording (only "
                        + "blank lines); expected one userNN_<lighting>.aedat name per line");
        GestureFilesWriter.writeTrials(root, true, List.of("user01_led.aedat", "notes.txt"));
        Files.writeString(root.resolve("user01_led.aedat"), "x");
        assertThatThrownBy(() -> DvsGesture.train(root)).hasMessageContaining("trials_to_train.txt: line 2: "
                + "expected a recording file name (printable, "
                + "no folder) ending in '.aedat', found 'notes.txt'");
    }

    @Test
    void hiddenFilesOtherExtensionsAndDanglingLinksAreNotReadAndAreNamed() throws IOException {
        Path train = root.resolve("Train");
        for (int d = 0; d < 10; d++) {
            Path dir = Files.createDirectories(train.resolve(Integer.toString(d)));
            AtisBinWriter.write(dir.resolve("00001.bin"), RandomEvents.generate(new Random(d), 50, 34, 34, 0, 100));
        }
        Files.write(train.resolve("3/._00001.bin"), new byte[] {0, 5, 22, 7});   // macOS resource fork
        Files.writeString(train.resolve("3/notes.txt"), "n");
        Files.createSymbolicLink(train.resolve("5/00002.bin"), root.resolve("gone.bin"));
        Files.createDirectories(train.resolve(".ipynb_checkpoints"));

        DatasetFolders.Listing listing = DatasetFolders.list(NMnist.NAME, train, ".bin",
                DatasetFolders.numericOrder(), "layout");
        assertThat(listing.classes()).hasSize(10).allSatisfy(c -> assertThat(c.files()).hasSize(1));
        assertThat(listing.notRead()).startsWith("not read as samples in " + train + ": ")
                .contains("1 hidden folder(s) (.ipynb_checkpoints)")
                .contains("1 hidden file(s) (3/._00001.bin)")
                .contains("1 file(s) not ending in .bin (3/notes.txt)")
                .contains("1 dangling symbolic link(s) (5/00002.bin -> " + root.resolve("gone.bin") + ")");
        assertThat(NMnist.samples(root, Split.TRAIN).size()).isEqualTo(10);
    }

    @Test
    void cifar10DvsAcceptsSomeClassFoldersAndKeepsTheirNominalLabels() throws IOException {
        for (String c : List.of("airplane", "cat", "truck")) {
            Path dir = Files.createDirectories(root.resolve(c));
            for (int i = 0; i < 2; i++) {
                TestAedat.write(dir.resolve("cifar10_" + c + "_" + i + ".aedat"));
            }
        }
        FileSampleSource train = Cifar10Dvs.samples(root, Split.TRAIN, Cifar10Dvs.DEFAULT_HOLDOUT);
        assertThat(train.classNames()).isEqualTo(Cifar10Dvs.CLASSES);
        assertThat(IntStream.range(0, train.size()).map(train::label).distinct().toArray()).containsExactly(0, 3, 9);
        assertThat(train.describe(train.size() - 1)).contains("truck");

        Files.createDirectories(root.resolve("kitten"));
        Files.write(root.resolve("kitten/a.aedat"), new byte[1]);
        assertThatThrownBy(() -> Cifar10Dvs.train(root)).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("found class folder(s) [kitten] that are not CIFAR10-DVS classes");
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() {
        SampleSource<Events> locked = new NamedFailingSource(new AccessDeniedException("/data/Train/3/00007.bin"));
        FrameDataset<Events> ds = new EventDatasetBuilder(locked, Layout.CONV, ToFrames.Polarity.SPLIT).frames(2)
                .dataset();
        assertThatThrownBy(() -> ds.frames(0, null)).isInstanceOf(BadSampleException.class)
                .hasMessage("sample 0 (/data/Train/3/00007.bin): /data/Train/3/00007.bin: permission denied");
        assertThat(IoErrors.describe(new java.nio.file.NoSuchFileException("/x"))).isEqualTo("/x: no such file or "
                + "folder");
    }

    @Test
    void theSkipTimestampPolicyLeavesTheSampleOutEvenWhenBadSamplesFail() throws IOException {
        Path train = root.resolve("Train");
        for (int d = 0; d < 10; d++) {
            Path dir = Files.createDirectories(train.resolve(Integer.toString(d)));
            Events e = RandomEvents.generate(new Random(d), 400, 34, 34, 0, 100);
            if (d == 4) {
                long[] t = e.t().clone();
                t[200] = 7_000_000;
                e = new Events(34, 34, e.x(), e.y(), t, e.p());
            }
            AtisBinWriter.write(dir.resolve("00001.bin"), e);
        }
        SnnDataSetIterator skip = NMnist.train(root).badTimestamps(TimestampPolicy.SKIP_SAMPLE).frames(2).batch(10)
                .baseIterator();
        assertThat(skip.next().numExamples()).isEqualTo(9);
        assertThat(skip.skipped().report()).contains("4/00001.bin").contains("1 of 400 events have implausible");

        SnnDataSetIterator fail = NMnist.train(root).badTimestamps(TimestampPolicy.FAIL).frames(2).batch(10)
                .baseIterator();
        assertThatThrownBy(fail::next).isInstanceOf(BadSampleException.class)
                .hasMessageContaining("4/00001.bin: byte offset 1000: event 200: 1 of 400 events")
                .hasCauseInstanceOf(BadTimestampsException.class);

        assertThat(NMnist.train(root).frames(2).batch(10).baseIterator().next().numExamples()).as("drop: default")
                .isEqualTo(10);
    }

    /** A tiny valid AEDAT 2.0 file. */
    private static final class TestAedat {
        static void write(Path file) throws IOException {
            org.dl4j.snn.datasets.testing.Aedat20Writer.write(file,
                    RandomEvents.generate(new Random(file.hashCode()), 20, 128, 128, 0, 100));
        }
    }

    /** One sample whose file cannot be read. */
    private record NamedFailingSource(IOException error) implements SampleSource<Events> {
        @Override public int size() { return 1; }
        @Override public int label(int i) { return 0; }
        @Override public String describe(int i) { return "/data/Train/3/00007.bin"; }
        @Override public org.dl4j.snn.datasets.cache.SourceId sourceId(int i) { return null; }
        @Override public Events load(int i) throws IOException { throw error; }
        @Override public List<String> classNames() { return List.of("0"); }
    }
}
