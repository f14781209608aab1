package org.dl4j.snn.datasets.format;

import org.dl4j.snn.datasets.testing.Aedat20Writer;
import org.dl4j.snn.datasets.testing.RandomEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dl4j.snn.datasets.format.FormatTestSupport.assertSameEvents;

class Aedat20ReaderTest {
    private static final Path MEMORY = Path.of("<memory>");

    @Test
    void randomEventsRoundTripThroughWriterAndReader(@TempDir Path tmp) throws IOException {
        Events ev = RandomEvents.generate(new Random(21), 10_000, 128, 128, 0, 400);
        Path file = tmp.resolve("cifar10_airplane_0.aedat");
        Aedat20Writer.write(file, ev);
        assertSameEvents(new Aedat20Reader().read(file), ev);
    }

    @Test
    void addressesDecodeWithSpikingJellysTransposedFlippedMapping() throws IOException {
        // a = 0x0A15: (a >> 8) & 0x7F = 10, (a >> 1) & 0x7F = 10, a & 1 = 1 -> x = 117, y = 117, p = 0.
        // a = 0x7F00: 127, 0, 0 -> x = 0, y = 127, p = 1.  a = 0x0002: 0, 1, 0 -> x = 127, y = 126, p = 1.
        // The last record's timestamp 0xFFFFFFF0 checks that timestamps are unsigned (71 minutes after the others,
        // so the plausible duration is raised for it).
        byte[] header = "#!AER-DAT2.0\r\n# created by hand\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer bb = ByteBuffer.allocate(header.length + 24).put(header);
        bb.putInt(0x0A15).putInt(5).putInt(0x7F00).putInt(6).putInt(0x0002).putInt(0xFFFFFFF0);
        Events e = new Aedat20Reader().withChecks(EventChecks.defaults().withMaxDurationUs(1L << 33))
                .decode(bb.array(), MEMORY);
        assertThat(e.x()).containsExactly(117, 0, 127);
        assertThat(e.y()).containsExactly(117, 127, 126);
        assertThat(e.p()).containsExactly(0, 1, 1);
        assertThat(e.t()).containsExactly(5L, 6L, 0xFFFFFFF0L);
    }

    @Test
    void headerThatIsNotAedat20IsRejected() {
        byte[] v31 = "#!AER-DAT3.1\r\n#!END-HEADER\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new Aedat20Reader().decode(v31, Path.of("x.aedat")))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("x.aedat")
                .hasMessageContaining("byte offset 0")
                .hasMessageContaining("unsupported AEDAT version: expected '#!AER-DAT2.0', found '#!AER-DAT3.1'");
        byte[] binary = {0, 0, 0x0A, 0x15, 0, 0, 0, 5};
        assertThatThrownBy(() -> new Aedat20Reader().decode(binary, Path.of("y.aedat")))
                .hasMessageContaining("not an AEDAT file");
    }

    @Test
    void truncatedRecordNamesItsByteOffset() {
        byte[] file = Aedat20Writer.encode(RandomEvents.generate(new Random(2), 3, 128, 128, 0, 5));
        byte[] cut = Arrays.copyOf(file, file.length - 5);
        int lastRecord = Aedat20Writer.HEADER.length() + 2 * 8;
        assertThatThrownBy(() -> new Aedat20Reader().decode(cut, Path.of("cut.aedat")))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("cut.aedat")
                .hasMessageContaining("byte offset " + lastRecord)
                .hasMessageContaining("truncated AEDAT 2.0 file: 19 bytes after the header")
                .hasMessageContaining("only 3 byte(s)");
    }

    @Test
    void headerWithoutEventsIsAnEmptySample() {
        byte[] header = Aedat20Writer.HEADER.getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new Aedat20Reader().decode(header, Path.of("e.aedat")))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("e.aedat")
                .hasMessageContaining("empty sample");
    }
}
