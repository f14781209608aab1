package org.dl4j.snn.datasets.format;

import org.dl4j.snn.datasets.datavec.DatasetFolders;
import org.dl4j.snn.datasets.testing.AtisBinWriter;
import org.dl4j.snn.datasets.testing.RandomEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dl4j.snn.datasets.format.FormatTestSupport.assertSameEvents;
import static org.dl4j.snn.datasets.format.FormatTestSupport.dataDir;

class AtisBinReaderTest {
    private static final Path MEMORY = Path.of("<memory>");

    @Test
    void allRealNmnistFilesDecodeToOneEventPerFiveBytesWithDigitFolderLabels() throws IOException {
        Path root = dataDir("nmnist-small");
        AtisBinReader reader = AtisBinReader.nmnist();
        // Per-digit file counts of the SLAYER NMNISTsmall fixture (ls Train/<d> | wc -l).
        int[] trainPerDigit = {97, 116, 99, 93, 105, 92, 94, 117, 87, 100};
        int[] testPerDigit = {8, 14, 8, 11, 14, 7, 10, 15, 2, 11};
        long events = 0;
        for (String split : List.of("Train", "Test")) {
            List<DatasetFolders.ClassFiles> classes = DatasetFolders.classFolders("N-MNIST", root.resolve(split),
                    ".bin", Comparator.naturalOrder(), "");
            assertThat(DatasetFolders.names(classes)).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
            DatasetFolders.FileSampleSourceParts files = DatasetFolders.all(classes);
            int[] perDigit = new int[10];
            for (int i = 0; i < files.files().size(); i++) {
                Path file = files.files().get(i);
                int label = files.labels()[i];
                Events e = reader.read(file);
                assertThat(e.size()).as("%s", file).isEqualTo(Files.size(file) / 5);
                assertThat(e.width()).isEqualTo(34);
                assertThat(e.height()).isEqualTo(34);
                assertThat(label).isEqualTo(Integer.parseInt(file.getParent().getFileName().toString()));
                assertNonDecreasing(e.t(), file);
                perDigit[label]++;
                events += e.size();
            }
            assertThat(perDigit).isEqualTo(split.equals("Train") ? trainPerDigit : testPerDigit);
        }
        // find nmnist-small -name '*.bin' -printf '%s\n' | awk '{s+=$1} END {print s/5}': 22,594,135 bytes.
        assertThat(events).isEqualTo(4_518_827L);
    }

    @Test
    void realNmnistFileMatchesBytesReadWithXxd() throws IOException {
        Path file = dataDir("nmnist-small").resolve("Train/0/00002.bin");
        Events e = AtisBinReader.nmnist().read(file);
        // stat -c %s: 25140 bytes -> 5028 events.
        assertThat(e.size()).isEqualTo(5028);
        // xxd -l 15 -c 5:      00000000: 0a1e 8003 a9 / 00000005: 2114 8004 06 / 0000000a: 0c1b 8004 1c
        // xxd -s 20 -l 5 -c 5: 00000014: 0e17 0009 4f   (first OFF event, index 4)
        // xxd -s 25130 -c 5:   0000622a: 1a0b 84a2 ec / 0000622f: 0b11 84a8 bd
        assertEvent(e, 0, 10, 30, 937, 1);
        assertEvent(e, 1, 33, 20, 1030, 1);
        assertEvent(e, 2, 12, 27, 1052, 1);
        assertEvent(e, 4, 14, 23, 2383, 0);
        assertEvent(e, 5026, 26, 11, 303852, 1);
        assertEvent(e, 5027, 11, 17, 305341, 1);
    }

    @Test
    void realGestureBs2FilesDecodeAt128x128AndMatchXxd() throws IOException {
        Path dir = dataDir("dvsgesture-bs2");
        AtisBinReader reader = AtisBinReader.dvsGestureBs2();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".bs2")).sorted().toList();
        }
        assertThat(files).hasSize(10);
        for (Path f : files) {
            Events e = reader.read(f);
            assertThat(e.size()).as("%s", f).isEqualTo(Files.size(f) / 5).isBetween(63_000, 182_000);
            assertNonDecreasing(e.t(), f);
        }
        Events e = reader.read(dir.resolve("1.bs2"));
        // stat -c %s: 317355 bytes -> 63471 events.
        // xxd -l 10 -c 5:        00000000: 3152 0000 1c / 00000005: 375c 8000 26
        // xxd -s 317350 -c 5:    0004d7a6: 3a4f 1620 0c
        assertThat(e.size()).isEqualTo(63471);
        assertEvent(e, 0, 49, 82, 28, 0);
        assertEvent(e, 1, 55, 92, 38, 1);
        assertEvent(e, 63470, 58, 79, 1449996, 0);
    }

    @Test
    void randomEventsRoundTripThroughWriterAndReader() throws IOException {
        Random rnd = new Random(42);
        Events nmnist = RandomEvents.generate(rnd, 5000, 34, 34, 0, 120);
        assertSameEvents(AtisBinReader.nmnist().decode(AtisBinWriter.encode(nmnist), MEMORY), nmnist);
        assertThat(AtisBinWriter.encode(nmnist)).hasSize(5000 * 5);

        Events caltech = RandomEvents.generate(rnd, 3000, 240, 180, 0, 100);
        assertSameEvents(AtisBinReader.ncaltech101().decode(AtisBinWriter.encode(caltech), MEMORY), caltech);
    }

    @Test
    void timestampsBeyond23BitsRoundTripThroughOverflowMarkers(@TempDir Path tmp) throws IOException {
        long start = AtisBinReader.MAX_RECORD_TIMESTAMP_US - 20_000;
        Events ev = RandomEvents.generate(new Random(7), 4000, 240, 180, start, 40);
        assertThat(ev.t(ev.size() - 1)).isGreaterThan(AtisBinReader.MAX_RECORD_TIMESTAMP_US + 40_000L);
        Path file = tmp.resolve("long.bin");
        AtisBinWriter.write(file, ev);
        assertThat(Files.size(file)).isGreaterThan(4000L * 5);
        assertSameEvents(AtisBinReader.ncaltech101().read(file), ev);
    }

    @Test
    void overflowMarkerIsDroppedAndAdvancesLaterTimestampsBy8192us() throws IOException {
        byte[] bytes = {
                1, 2, (byte) 0x80, 0x00, 0x64,        // x=1, y=2, ON,  t=100
                0, (byte) 240, 0, 0, 0,               // overflow marker (y = 240)
                3, 4, 0x00, 0x00, 0x32};              // x=3, y=4, OFF, t=50 (+8192)
        Events e = AtisBinReader.ncaltech101().decode(bytes, MEMORY);
        assertThat(e.size()).isEqualTo(2);
        assertEvent(e, 0, 1, 2, 100, 1);
        assertEvent(e, 1, 3, 4, 50 + 8192, 0);
    }

    @Test
    void truncatedFileNamesTheByteOffsetOfTheIncompleteRecord() {
        byte[] bytes = Arrays.copyOf(new byte[]{1, 2, 0, 0, 1, 3, 4, 0, 0, 2, 5, 6, 0, 0, 3}, 17);
        Path file = Path.of("Train/0/00002.bin");
        assertThatThrownBy(() -> AtisBinReader.nmnist().decode(bytes, file))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("Train/0/00002.bin")
                .hasMessageContaining("byte offset 15")
                .hasMessageContaining("truncated ATIS .bin file: 17 bytes is not a multiple of the 5-byte record")
                .hasMessageContaining("only 2 byte(s)")
                .satisfies(ex -> assertThat(((EventFormatException) ex).byteOffset()).isEqualTo(15));
    }

    @Test
    void eventOutsideTheSensorNamesFileEventOffsetAndValue() {
        byte[] bytes = {1, 2, 0, 0, 1, 3, 4, 0, 0, 2, 34, 6, 0, 0, 3};
        assertThatThrownBy(() -> AtisBinReader.nmnist().decode(bytes, Path.of("bad.bin")))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("bad.bin")
                .hasMessageContaining("byte offset 10")
                .hasMessageContaining("event 2")
                .hasMessageContaining("x=34, y=6")
                .hasMessageContaining("34x34 sensor");
    }

    @Test
    void fileWithoutEventsIsAnEmptySample() {
        assertThatThrownBy(() -> AtisBinReader.nmnist().decode(new byte[0], Path.of("empty.bin")))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("empty.bin")
                .hasMessageContaining("empty sample");
        byte[] onlyMarker = {0, (byte) 240, 0, 0, 0};
        assertThatThrownBy(() -> AtisBinReader.nmnist().decode(onlyMarker, Path.of("marker.bin")))
                .hasMessageContaining("empty sample");
    }

    private static void assertEvent(Events e, int i, int x, int y, long t, int p) {
        assertThat(new long[]{e.x(i), e.y(i), e.t(i), e.p(i)}).as("event %d (x, y, t, p)", i)
                .containsExactly(x, y, t, p);
    }

    private static void assertNonDecreasing(long[] t, Path file) {
        for (int i = 1; i < t.length; i++) {
            if (t[i] < t[i - 1]) {
                throw new AssertionError(file + ": t[" + i + "]=" + t[i] + " < t[" + (i - 1) + "]=" + t[i - 1]);
            }
        }
    }
}
