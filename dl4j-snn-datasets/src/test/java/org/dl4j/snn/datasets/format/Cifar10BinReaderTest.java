package org.dl4j.snn.datasets.format;

import org.dl4j.snn.datasets.testing.Cifar10BinWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Cifar10BinReaderTest {

    @Test
    void randomRecordsRoundTripWithLabelThenRedGreenBluePlanes(@TempDir Path tmp) throws IOException {
        Random rnd = new Random(10);
        int n = 6;
        int[] labels = rnd.ints(n, 0, 10).toArray();
        byte[] pixels = new byte[n * 3072];
        rnd.nextBytes(pixels);
        Path file = tmp.resolve("data_batch_1.bin");
        Cifar10BinWriter.write(file, labels, pixels);
        assertThat(file).hasSize(n * 3073L);
        Cifar10Batch batch = Cifar10BinReader.read(file);
        assertThat(batch.size()).isEqualTo(n);
        assertThat(batch.labels()).isEqualTo(labels);
        assertThat(batch.pixels()).isEqualTo(pixels);
        // Image 4, green plane, row 31, column 2 sits at byte 4*3073 + 1 + 1024 + 31*32 + 2 of the file.
        byte[] raw = java.nio.file.Files.readAllBytes(file);
        assertThat(batch.pixel(4, 1, 31, 2)).isEqualTo(raw[4 * 3073 + 1 + 1024 + 31 * 32 + 2] & 0xFF);
    }

    @Test
    void truncatedBatchNamesTheOffsetOfTheIncompleteRecord() {
        byte[] file = Cifar10BinWriter.encode(new int[]{1, 2}, new byte[2 * 3072]);
        assertThatThrownBy(() -> Cifar10BinReader.decode(Arrays.copyOf(file, 3073 + 100), Path.of("test_batch.bin")))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("test_batch.bin: byte offset 3073")
                .hasMessageContaining("truncated CIFAR-10 batch file: 3173 bytes")
                .hasMessageContaining("not a multiple of the 3073-byte record")
                .hasMessageContaining("only 100 byte(s)");
    }

    @Test
    void emptyBatchIsRejected() {
        assertThatThrownBy(() -> Cifar10BinReader.decode(new byte[0], Path.of("data_batch_3.bin")))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("data_batch_3.bin")
                .hasMessageContaining("empty CIFAR-10 batch");
    }

    @Test
    void labelOutsideZeroToNineNamesRecordAndOffset() {
        byte[] file = Cifar10BinWriter.encode(new int[]{1, 2, 3}, new byte[3 * 3072]);
        file[2 * 3073] = 10;
        assertThatThrownBy(() -> Cifar10BinReader.decode(file, Path.of("data_batch_2.bin")))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("byte offset 6146")
                .hasMessageContaining("record 2: label 10 is outside 0..9");
    }
}
