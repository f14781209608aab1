package org.dl4j.snn.datasets.iterator;

import org.dl4j.snn.datasets.NMnist;
import org.dl4j.snn.datasets.datavec.BadSampleException;
import org.dl4j.snn.datasets.datavec.DatasetNotFoundException;
import org.dl4j.snn.datasets.datavec.SkippedSamples;
import org.dl4j.snn.datasets.format.EventFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BadSamplesTest {

    /** Ten real recordings, one per digit, the digit-3 one truncated to 7 bytes (1 event + 2 stray bytes). */
    private static Path corruptCopy(Path dir) throws IOException {
        NMnistSample.copyTrain(dir, 1);
        Path bad;
        try (Stream<Path> s = Files.list(dir.resolve("Train").resolve("3"))) {
            bad = s.findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(bad.toFile(), "rw")) {
            f.setLength(7);
        }
        return bad;
    }

    @Test
    void skipWithWarningCountsAndReportsTheCorruptFile(@TempDir Path dir) throws IOException {
        Path bad = corruptCopy(dir);
        SnnDataSetIterator it = NMnist.train(dir).frames(5).batch(4).skipBadSamples().baseIterator();
        int samples = 0;
        int batches = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            samples += ds.numExamples();
            batches++;
            assertThat(ds.getExampleMetaData()).doesNotContain(bad.toString());
        }
        assertThat(samples).isEqualTo(9);
        assertThat(batches).isEqualTo(3); // 4 + 4 + 1: the skipped sample's place is filled by the next one
        SkippedSamples skipped = it.skipped();
        assertThat(skipped.count()).isEqualTo(1);
        SkippedSamples.Entry e = skipped.entries().get(0);
        assertThat(e.sample()).isEqualTo(bad.toString());
        assertThat(e.reason()).contains(bad.getFileName().toString()).contains("byte offset");
        assertThat(skipped.report()).startsWith("1 sample(s) skipped").contains(bad.toString());

        it.reset(); // the bad sample is remembered, not retried, not counted twice
        int again = 0;
        while (it.hasNext()) {
            again += it.next().numExamples();
        }
        assertThat(again).isEqualTo(9);
        assertThat(it.skipped().count()).isEqualTo(1);
    }

    @Test
    void failFastIsTheDefaultAndNamesTheFile(@TempDir Path dir) throws IOException {
        Path bad = corruptCopy(dir);
        SnnDataSetIterator it = NMnist.train(dir).frames(5).batch(10).baseIterator();
        assertThatThrownBy(it::next)
                .isInstanceOf(BadSampleException.class)
                .hasMessageContaining(bad.toString())
                .hasCauseInstanceOf(EventFormatException.class);
    }

    @Test
    void missingDatasetFolderSaysWhereItLookedAndHowItMustLook(@TempDir Path dir) throws IOException {
        Path nowhere = dir.resolve("no-such-folder");
        assertThatThrownBy(() -> NMnist.train(nowhere))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("N-MNIST not found")
                .hasMessageContaining(nowhere.toAbsolutePath().toString())
                .hasMessageContaining("does not exist")
                .hasMessageContaining("<root>/Train/<digit 0-9>/<NNNNN>.bin");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> NMnist.test(dir.resolve("empty")))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(dir.resolve("empty").resolve("Test").toAbsolutePath().toString())
                .hasMessageContaining("<root>/Test/<digit 0-9>/<NNNNN>.bin");
        Files.createDirectories(dir.resolve("partial").resolve("Train").resolve("0"));
        assertThatThrownBy(() -> NMnist.train(dir.resolve("partial")))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("no *.bin file in class folder '0'");
    }

    @Test
    void aVariableFrameCountIsRejectedBeforeIterating() {
        assertThatThrownBy(() -> NMnist.test(NMnistSample.ROOT)
                .integrate(org.dl4j.snn.datasets.transform.ToFrames.byTimeWindow(10_000)).iterator())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fixed frame count");
        assertThatThrownBy(() -> NMnist.test(NMnistSample.ROOT).iterator())
                .hasMessageContaining("frames(T)");
    }
}
