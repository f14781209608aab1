package org.dl4j.snn.datasets.datavec;

import org.dl4j.snn.datasets.Cifar10Dvs;
import org.dl4j.snn.datasets.DvsGesture;
import org.dl4j.snn.datasets.Mnist;
import org.dl4j.snn.datasets.NCaltech101;
import org.dl4j.snn.datasets.NMnist;
import org.dl4j.snn.datasets.format.Events;
import org.dl4j.snn.datasets.iterator.SnnDataSetIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiscoveryTest {

    @Test
    void numericOrderComparesEmbeddedNumbersAsNumbers() {
        List<Path> names = new ArrayList<>(List.of(Path.of("cifar10_cat_10.aedat"), Path.of("cifar10_cat_2.aedat"),
                Path.of("cifar10_cat_0.aedat"), Path.of("image_0100.bin"), Path.of("image_0011.bin")));
        names.sort(DatasetFolders.numericOrder());
        assertThat(names).extracting(Path::toString).containsExactly("cifar10_cat_0.aedat", "cifar10_cat_2.aedat",
                "cifar10_cat_10.aedat", "image_0011.bin", "image_0100.bin");
    }

    private static List<DatasetFolders.ClassFiles> classes(int perClass, String... names) {
        List<DatasetFolders.ClassFiles> out = new ArrayList<>();
        for (String n : names) {
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < perClass; i++) {
                files.add(Path.of(n, n + "_" + i));
            }
            out.add(new DatasetFolders.ClassFiles(n, files));
        }
        return out;
    }

    @Test
    void ratioHoldoutSplitsEveryClassDisjointlyAndIsSeeded() {
        List<DatasetFolders.ClassFiles> cls = classes(11, "a", "b");
        Holdout h = Holdout.seeded(0.9, 3);
        DatasetFolders.FileSampleSourceParts train = h.side(cls, true);
        DatasetFolders.FileSampleSourceParts test = h.side(cls, false);
        // ceil(11 * 0.9) = 10 training files per class
        assertThat(train.files()).hasSize(20);
        assertThat(test.files()).hasSize(2);
        Set<Path> all = new HashSet<>(train.files());
        all.addAll(test.files());
        assertThat(all).hasSize(22);
        for (int i = 0; i < train.files().size(); i++) {
            assertThat(train.files().get(i).getParent().toString()).isEqualTo(train.labels()[i] == 0 ? "a" : "b");
        }
        assertThat(Holdout.seeded(0.9, 3).side(cls, false).files()).isEqualTo(test.files());
        assertThat(Holdout.ordered(0.9).side(cls, false).files()).extracting(Path::toString)
                .containsExactly("a/a_10", "b/b_10");
        assertThatThrownBy(() -> Holdout.seeded(1.0, 0)).hasMessageContaining("got 1.0");
    }

    @Test
    void firstAsTestHoldoutTakesTheFirstFilesOfEachClass() {
        List<DatasetFolders.ClassFiles> cls = classes(5, "a", "b");
        Holdout h = Holdout.firstAsTest(2);
        assertThat(h.side(cls, false).files()).extracting(Path::toString)
                .containsExactly("a/a_0", "a/a_1", "b/b_0", "b/b_1");
        assertThat(h.side(cls, true).files()).hasSize(6);
    }

    @Test
    void cifar10DvsFoldersGiveLabelledAedatSamplesThroughTheIterator(@TempDir Path root) throws IOException {
        for (String c : Cifar10Dvs.CLASSES) {
            for (int i = 0; i < 3; i++) {
                TestFiles.aedat20(root.resolve(c).resolve("cifar10_" + c + "_" + i + ".aedat"),
                        TestFiles.burst(6, 5 + i, 100, 1000));
            }
        }
        FileSampleSource test = Cifar10Dvs.samples(root, Split.TEST, Holdout.firstAsTest(1));
        assertThat(test.size()).isEqualTo(10);
        assertThat(test.files().get(3).getFileName().toString()).isEqualTo("cifar10_cat_0.aedat");
        assertThat(test.label(3)).isEqualTo(3);
        Events e = test.load(3);
        assertThat(e.width()).isEqualTo(128);
        assertThat(e.x(0)).isEqualTo(5);
        assertThat(e.y(0)).isEqualTo(100);

        SnnDataSetIterator it = Cifar10Dvs.of(root, Split.TRAIN, Holdout.firstAsTest(1)).frames(2).batch(8)
                .baseIterator();
        int n = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            assertThat(ds.getFeatures().shape()).containsExactly(ds.numExamples(), 2, 2, 128, 128);
            for (int b = 0; b < ds.numExamples(); b++) {
                String file = Path.of((String) ds.getExampleMetaData().get(b)).getFileName().toString();
                String cls = Cifar10Dvs.CLASSES.get(ds.getLabels().getRow(b).argMax().getInt(0));
                assertThat(file).startsWith("cifar10_" + cls + "_").doesNotEndWith("_0.aedat");
                assertThat(ds.getFeatures().slice(b).sumNumber().intValue()).isEqualTo(6);
            }
            n += ds.numExamples();
        }
        assertThat(n).isEqualTo(20);
        Files.move(root.resolve("truck"), root.resolve("lorry"));
        assertThatThrownBy(() -> Cifar10Dvs.train(root)).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("lorry");
    }

    @Test
    void nCaltech101FindsClassFoldersUnderCaltech101(@TempDir Path root) throws IOException {
        for (String c : List.of("BACKGROUND_Google", "accordion", "airplanes")) {
            for (int i = 1; i <= 10; i++) {
                Path f = root.resolve("Caltech101").resolve(c).resolve(String.format("image_%04d.bin", i));
                Files.createDirectories(f.getParent());
                Files.write(f, new byte[] {3, 4, (byte) 0x80, 0, 10}); // one ON event at (3, 4), t = 10 us
            }
        }
        FileSampleSource train = NCaltech101.samples(root, Split.TRAIN, NCaltech101.DEFAULT_HOLDOUT);
        FileSampleSource test = NCaltech101.samples(root, Split.TEST, NCaltech101.DEFAULT_HOLDOUT);
        assertThat(train.size()).isEqualTo(27);
        assertThat(test.size()).isEqualTo(3);
        assertThat(train.classNames()).containsExactly("BACKGROUND_Google", "accordion", "airplanes");
        Events e = test.load(0);
        assertThat(e.width()).isEqualTo(240);
        assertThat(e.height()).isEqualTo(180);
        assertThat(e.x(0)).isEqualTo(3);
    }

    @Test
    void dvsGestureCutsOneSamplePerAnnotatedGestureOfTheSplit(@TempDir Path root) throws IOException {
        List<long[]> rows = new ArrayList<>();
        rows.addAll(List.of(TestFiles.burst(5, 10, 20, 1_000)));  // t 1000..1040: gesture class 3
        rows.addAll(List.of(TestFiles.burst(7, 30, 40, 5_000)));  // t 5000..5060: gesture class 11
        TestFiles.aedat31(root.resolve("user01_fluorescent.aedat"), rows.toArray(new long[0][]));
        Files.writeString(root.resolve("user01_fluorescent_labels.csv"),
                "class,startTime_usec,endTime_usec\n3,1000,2000\n11,5000,6000\n");
        TestFiles.aedat31(root.resolve("user02_led.aedat"), TestFiles.burst(4, 1, 1, 100));
        Files.writeString(root.resolve("user02_led_labels.csv"), "class,startTime_usec,endTime_usec\n1,0,1000\n");
        Files.writeString(root.resolve("trials_to_train.txt"), "user01_fluorescent.aedat\n");
        Files.writeString(root.resolve("trials_to_test.txt"), "user02_led.aedat\n\n");

        GestureSampleSource train = DvsGesture.samples(root, Split.TRAIN);
        assertThat(train.size()).isEqualTo(2);
        assertThat(train.label(0)).isEqualTo(2);
        assertThat(train.label(1)).isEqualTo(10);
        assertThat(train.load(0).size()).isEqualTo(5);
        assertThat(train.load(1).size()).isEqualTo(7);
        assertThat(train.load(1).x(0)).isEqualTo(30);
        assertThat(train.describe(1)).contains("user01_fluorescent.aedat").contains("class 11");
        assertThat(train.sourceId(0).key()).isNotEqualTo(train.sourceId(1).key());

        DataSet ds = DvsGesture.test(root).frames(3).batch(4).iterator().next();
        assertThat(ds.getFeatures().shape()).containsExactly(1, 2, 3, 128, 128);
        assertThat(ds.getLabels().shape()).containsExactly(1, 11);
        assertThat(ds.getLabels().getDouble(0, 0)).isEqualTo(1.0);

        Files.delete(root.resolve("user02_led_labels.csv"));
        assertThatThrownBy(() -> DvsGesture.test(root)).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("user02_led_labels.csv");
    }

    @Test
    void datasetsWithoutAValidationPartRefuseValidNamingTheDatasetBeforeLookingAtFiles(@TempDir Path root) {
        assertThatThrownBy(() -> NMnist.samples(root, Split.VALID)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("N-MNIST has only TRAIN and TEST splits, got VALID");
        assertThatThrownBy(() -> Mnist.samples(root, Split.VALID))
                .hasMessage("MNIST has only TRAIN and TEST splits, got VALID");
        assertThatThrownBy(() -> NCaltech101.samples(root, Split.VALID, NCaltech101.DEFAULT_HOLDOUT))
                .hasMessage("N-Caltech101 has only TRAIN and TEST sides, got VALID");
        assertThatThrownBy(() -> Cifar10Dvs.samples(root, Split.VALID, Cifar10Dvs.DEFAULT_HOLDOUT))
                .hasMessage("CIFAR10-DVS has only TRAIN and TEST sides, got VALID");
    }
}
