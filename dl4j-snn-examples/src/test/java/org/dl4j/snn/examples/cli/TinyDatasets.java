package org.dl4j.snn.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dl4j.snn.datasets.Cifar10Dvs;
import org.dl4j.snn.datasets.DvsGesture;
import org.dl4j.snn.datasets.format.Events;
import org.dl4j.snn.datasets.testing.Aedat20Writer;
import org.dl4j.snn.datasets.testing.Aedat31Writer;
import org.dl4j.snn.datasets.testing.AtisBinWriter;
import org.dl4j.snn.datasets.testing.Cifar10BinWriter;
import org.dl4j.snn.datasets.testing.GestureFilesWriter;
import org.dl4j.snn.datasets.testing.IdxWriter;
import org.dl4j.snn.datasets.testing.RandomEvents;
import org.dl4j.snn.datasets.testing.ShdWriter;
import org.dl4j.snn.examples.presets.Preset;

/**
 * Tiny datasets in the published on-disk formats (written with dl4j-snn-datasets' testing writers), one per
 * preset's dataset, so that every preset can train for an epoch in seconds. Random events / pixels: the tests
 * check that the pipeline and the network run, not what they learn.
 */
public final class TinyDatasets {
    private TinyDatasets() {
    }

    /** Writes the dataset of {@code preset} under {@code root} and returns {@code root}. */
    public static Path write(Preset preset, Path root) throws IOException {
        Random rnd = new Random(7);
        switch (preset.dataset()) {
            case NMNIST -> nmnist(root, rnd, 2, 1);
            case DVSGESTURE -> dvsGesture(root, rnd);
            case CIFAR10DVS -> cifar10Dvs(root, rnd);
            case SHD -> shd(root, rnd);
            case MNIST, FASHIONMNIST -> idx(root, rnd);
            case CIFAR10 -> cifar10(root, rnd);
            default -> throw new IllegalArgumentException("no tiny dataset for " + preset);
        }
        return root;
    }

    /** N-MNIST: {@code Train/<digit>/<NNNNN>.bin} and {@code Test/...}, ATIS .bin events on 34 x 34. */
    public static Path nmnist(Path root, Random rnd, int trainPerClass, int testPerClass) throws IOException {
        int n = 0;
        for (String split : List.of("Train", "Test")) {
            int per = split.equals("Train") ? trainPerClass : testPerClass;
            for (int digit = 0; digit < 10; digit++) {
                Path dir = Files.createDirectories(root.resolve(split).resolve(Integer.toString(digit)));
                for (int i = 0; i < per; i++) {
                    Events ev = digitEvents(rnd, digit);
                    AtisBinWriter.write(dir.resolve(String.format("%05d.bin", ++n)), ev);
                }
            }
        }
        return root;
    }

    /** Events around a digit-dependent spot, so that a network can tell the classes apart. */
    private static Events digitEvents(Random rnd, int digit) {
        int count = 400;
        short[] x = new short[count];
        short[] y = new short[count];
        long[] t = new long[count];
        byte[] p = new byte[count];
        for (int i = 0; i < count; i++) {
            x[i] = (short) Math.min(33, Math.max(0, 3 + 3 * digit + rnd.nextInt(5) - 2));
            y[i] = (short) Math.min(33, Math.max(0, 17 + rnd.nextInt(9) - 4));
            t[i] = 100L * i;
            p[i] = (byte) rnd.nextInt(2);
        }
        return new Events(34, 34, x, y, t, p);
    }

    private static void dvsGesture(Path root, Random rnd) throws IOException {
        Files.createDirectories(root);
        int classes = DvsGesture.CLASSES.size();
        List<String> train = List.of("user01_fluorescent.aedat");
        List<String> test = List.of("user02_fluorescent.aedat");
        for (String name : List.of(train.get(0), test.get(0))) {
            Events ev = RandomEvents.generate(rnd, 3000, 128, 128, 0, 20);
            Aedat31Writer.write(root.resolve(name), ev, 512);
            int[] cls = new int[classes];
            long[] start = new long[classes];
            long[] end = new long[classes];
            for (int c = 0; c < classes; c++) {
                cls[c] = c + 1;
                start[c] = c * 2_500L;
                end[c] = (c + 1) * 2_500L;
            }
            GestureFilesWriter.writeLabels(root.resolve(name.replace(".aedat", "_labels.csv")), cls, start, end);
        }
        GestureFilesWriter.writeTrials(root, true, train);
        GestureFilesWriter.writeTrials(root, false, test);
    }

    private static void cifar10Dvs(Path root, Random rnd) throws IOException {
        // 10 files per class: the default 90 / 10 holdout gives 9 training and 1 test recording per class.
        for (String c : Cifar10Dvs.CLASSES) {
            Path dir = Files.createDirectories(root.resolve(c));
            for (int i = 0; i < 10; i++) {
                Aedat20Writer.write(dir.resolve("cifar10_" + c + "_" + i + ".aedat"),
                        RandomEvents.generate(rnd, 300, 128, 128, 0, 50));
            }
        }
    }

    private static void shd(Path root, Random rnd) throws IOException {
        Files.createDirectories(root);
        List<String> keys = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            keys.add("class-" + c);
        }
        for (String split : List.of("train", "test")) {
            List<ShdWriter.Sample> samples = new ArrayList<>();
            for (int c = 0; c < 20; c++) {
                int n = 200;
                double[] times = new double[n];
                int[] units = new int[n];
                for (int i = 0; i < n; i++) {
                    times[i] = i * 0.0002;
                    units[i] = rnd.nextInt(700);
                }
                samples.add(new ShdWriter.Sample(times, units, c, 0));
            }
            ShdWriter.write(root.resolve("shd_" + split + ".h5"), samples, keys, ShdWriter.Options.defaults());
        }
    }

    private static void idx(Path root, Random rnd) throws IOException {
        Files.createDirectories(root);
        for (String prefix : List.of("train", "t10k")) {
            int count = prefix.equals("train") ? 20 : 10;
            byte[] pixels = new byte[count * 28 * 28];
            rnd.nextBytes(pixels);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = i % 10;
            }
            IdxWriter.writeImages(root.resolve(prefix + "-images-idx3-ubyte.gz"), count, 28, 28, pixels, true);
            IdxWriter.writeLabels(root.resolve(prefix + "-labels-idx1-ubyte.gz"), labels, true);
        }
    }

    private static void cifar10(Path root, Random rnd) throws IOException {
        Files.createDirectories(root);
        List<String> files = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin", "test_batch.bin");
        for (String f : files) {
            int count = 4;
            byte[] pixels = new byte[count * 3072];
            rnd.nextBytes(pixels);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = rnd.nextInt(10);
            }
            Cifar10BinWriter.write(root.resolve(f), labels, pixels);
        }
    }
}
