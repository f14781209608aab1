package org.dl4j.snn.datasets.format;

import org.dl4j.snn.datasets.testing.IdxWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dl4j.snn.datasets.format.FormatTestSupport.dataDir;

class IdxReaderTest {

    @Test
    void realGzippedMnistTestSetHasTenThousandImagesAndTheOfficialLabelCounts() throws IOException {
        Path dir = dataDir("mnist-t10k");
        IdxImages images = IdxReader.readImages(dir.resolve("t10k-images-idx3-ubyte.gz"));
        int[] labels = IdxReader.readLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThat(images.count()).isEqualTo(10_000);
        assertThat(images.rows()).isEqualTo(28);
        assertThat(images.cols()).isEqualTo(28);
        assertThat(labels).hasSize(10_000);
        // Independently with python gzip/struct: first labels 7, 2, 1, 0; Counter of all labels below.
        assertThat(Arrays.copyOf(labels, 4)).containsExactly(7, 2, 1, 0);
        int[] counts = new int[10];
        for (int l : labels) {
            counts[l]++;
        }
        assertThat(counts).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
        // python: sum(images[16:16+784]) == 18454; row 7, columns 10..19 == 3c 24 00 00 ...
        int sum = 0;
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                sum += images.pixel(0, r, c);
            }
        }
        assertThat(sum).isEqualTo(18454);
        assertThat(images.pixel(0, 7, 10)).isEqualTo(0x3c);
        assertThat(images.pixel(0, 7, 11)).isEqualTo(0x24);
    }

    @Test
    void randomImagesAndLabelsRoundTripPlainAndGzipped(@TempDir Path tmp) throws IOException {
        Random rnd = new Random(4);
        byte[] pixels = new byte[7 * 5 * 3];
        rnd.nextBytes(pixels);
        int[] labels = rnd.ints(7, 0, 10).toArray();
        for (boolean gzip : new boolean[]{false, true}) {
            Path img = tmp.resolve("images" + gzip);
            Path lab = tmp.resolve("labels" + gzip);
            IdxWriter.writeImages(img, 7, 5, 3, pixels, gzip);
            IdxWriter.writeLabels(lab, labels, gzip);
            IdxImages read = IdxReader.readImages(img);
            assertThat(read.count()).isEqualTo(7);
            assertThat(read.rows()).isEqualTo(5);
            assertThat(read.cols()).isEqualTo(3);
            assertThat(read.pixels()).isEqualTo(pixels);
            assertThat(read.pixel(6, 4, 2)).isEqualTo(pixels[6 * 15 + 4 * 3 + 2] & 0xFF);
            assertThat(IdxReader.readLabels(lab)).isEqualTo(labels);
        }
    }

    @Test
    void badMagicIsRejectedWithFoundAndExpectedValues() {
        byte[] labels = IdxWriter.encodeLabels(new int[]{1, 2}, false);
        assertThatThrownBy(() -> IdxReader.decodeImages(labels, Path.of("t10k-labels-idx1-ubyte")))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("t10k-labels-idx1-ubyte")
                .hasMessageContaining("byte offset 0")
                .hasMessageContaining("bad idx magic 0x00000801, expected 0x00000803");
        byte[] images = IdxWriter.encodeImages(1, 2, 2, new byte[4], false);
        assertThatThrownBy(() -> IdxReader.decodeLabels(images, Path.of("img")))
                .hasMessageContaining("bad idx magic 0x00000803, expected 0x00000801");
    }

    @Test
    void truncatedPayloadAndHeaderNameTheirOffsets() {
        byte[] full = IdxWriter.encodeImages(3, 4, 4, new byte[48], false);
        assertThatThrownBy(() -> IdxReader.decodeImages(Arrays.copyOf(full, 60), Path.of("cut")))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("cut: byte offset 60")
                .hasMessageContaining("truncated idx images file")
                .hasMessageContaining("declares 48 bytes of data (64 in all), the file has 60");
        assertThatThrownBy(() -> IdxReader.decodeLabels(new byte[]{0, 0, 8, 1, 0}, Path.of("short")))
                .hasMessageContaining("byte offset 5")
                .hasMessageContaining("truncated idx labels header");
    }

    @Test
    void corruptGzipIsReportedAsAFormatError(@TempDir Path tmp) throws IOException {
        byte[] gz = IdxWriter.encodeLabels(new int[100], true);
        Path file = tmp.resolve("labels.gz");
        java.nio.file.Files.write(file, Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("labels.gz")
                .hasMessageContaining("corrupt gzip");
    }
}
