package org.dl4j.snn.datasets.format;

import org.dl4j.snn.datasets.testing.Aedat31Writer;
import org.dl4j.snn.datasets.testing.RandomEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dl4j.snn.datasets.format.FormatTestSupport.assertSameEvents;

class Aedat31ReaderTest {
    private static final Path MEMORY = Path.of("<memory>");
    private static final int HEADER_BYTES = Aedat31Writer.HEADER.length();

    @Test
    void randomEventsRoundTripAcrossPacketsAndTheTimestampOverflow(@TempDir Path tmp) throws IOException {
        // Start just below 2^31 us so the recording crosses into eventTSOverflow = 1.
        Events ev = RandomEvents.generate(new Random(3), 20_000, 128, 128, (1L << 31) - 50_000, 6);
        assertThat(ev.t(ev.size() - 1)).isGreaterThan(1L << 31);
        Path file = tmp.resolve("user01_fluorescent.aedat");
        Aedat31Writer.write(file, ev, 4096);
        assertSameEvents(new Aedat31Reader().read(file), ev);
    }

    @Test
    void decodesOneHandWrittenPolarityEventBitByBit() throws IOException {
        // data = x << 17 | y << 2 | p << 1 | valid with x=127, y=5, p=1, valid=1; ts=1000, overflow=2.
        int data = (127 << 17) | (5 << 2) | (1 << 1) | 1;
        byte[] body = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(data).putInt(1000).array();
        byte[] file = new Aedat31Writer().packet(1, 8, 4, 2, 1, 1, 1, body).toByteArray();
        Events e = new Aedat31Reader().decode(file, MEMORY);
        assertThat(e.size()).isEqualTo(1);
        assertThat(new long[]{e.x(0), e.y(0), e.t(0), e.p(0)}).containsExactly(127, 5, (2L << 31) | 1000, 1);
    }

    @Test
    void invalidEventsAreSkippedUnlessAskedToKeepThem() throws IOException {
        Events ev = RandomEvents.generate(new Random(5), 10, 128, 128, 0, 50);
        boolean[] valid = {true, false, true, true, false, true, true, true, true, false};
        byte[] file = new Aedat31Writer().polarityPacket(ev, 0, 10, valid).toByteArray();

        Events kept = new Aedat31Reader().decode(file, MEMORY);
        assertThat(kept.size()).isEqualTo(7);
        assertThat(kept.t()).containsExactly(ev.t(0), ev.t(2), ev.t(3), ev.t(5), ev.t(6), ev.t(7), ev.t(8));

        assertSameEvents(new Aedat31Reader(128, 128, false).decode(file, MEMORY), ev);
    }

    @Test
    void packetsOfOtherEventTypesAreSkippedBySize() throws IOException {
        Events ev = RandomEvents.generate(new Random(9), 300, 128, 128, 10, 30);
        byte[] file = new Aedat31Writer()
                .otherPacket(0, 8, 3)        // special events
                .polarityPacket(ev, 0, 100)
                .otherPacket(3, 36, 5)       // IMU6 events, 36 bytes each
                .otherPacket(2, 100, 2)      // frame-like, odd size
                .polarityPacket(ev, 100, 300)
                .toByteArray();
        assertSameEvents(new Aedat31Reader().decode(file, MEMORY), ev);
    }

    @Test
    void onlyTheFirstEventNumberSlotsOfAPacketAreEvents() throws IOException {
        Events ev = RandomEvents.generate(new Random(11), 4, 128, 128, 0, 10);
        byte[] full = new Aedat31Writer().polarityPacket(ev, 0, 4).toByteArray();
        byte[] body = Arrays.copyOfRange(full, HEADER_BYTES + 28, full.length);
        // capacity 4, number 3: the 4th slot is spare capacity and must not be decoded.
        byte[] file = new Aedat31Writer().packet(1, 8, 4, 0, 4, 3, 3, body).toByteArray();
        assertSameEvents(new Aedat31Reader().decode(file, MEMORY), ev.slice(0, 3));
    }

    @Test
    void headerThatIsNotAedatIsRejectedWithWhatWasFound() {
        byte[] bytes = "#!AER-DAT2.0\r\n# jAER\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new Aedat31Reader().decode(bytes, Path.of("old.aedat")))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("old.aedat")
                .hasMessageContaining("byte offset 0")
                .hasMessageContaining("unsupported AEDAT version")
                .hasMessageContaining("#!AER-DAT2.0");
        byte[] notAedat = {0x0a, 0x1e, (byte) 0x80, 0x03, (byte) 0xa9};
        assertThatThrownBy(() -> new Aedat31Reader().decode(notAedat, Path.of("00002.bin")))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("00002.bin")
                .hasMessageContaining("not an AEDAT file")
                .hasMessageContaining("#!AER-DAT3.1");
    }

    @Test
    void headerWithoutEndHeaderLineIsRejectedAtItsEnd() {
        byte[] bytes = "#!AER-DAT3.1\r\n#Format: RAW\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new Aedat31Reader().decode(bytes, MEMORY))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("byte offset " + bytes.length)
                .hasMessageContaining("#!END-HEADER")
                .hasMessageContaining("end of the file");
    }

    @Test
    void truncatedPacketHeaderAndBodyNameTheirOffsets() {
        Events ev = RandomEvents.generate(new Random(13), 50, 128, 128, 0, 10);
        byte[] file = Aedat31Writer.encode(ev, 20);   // packets of 20, 20, 10 events
        int third = HEADER_BYTES + 2 * (28 + 20 * 8);

        byte[] cutBody = Arrays.copyOf(file, file.length - 3);
        assertThatThrownBy(() -> new Aedat31Reader().decode(cutBody, Path.of("cut.aedat")))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("cut.aedat")
                .hasMessageContaining("byte offset " + third)
                .hasMessageContaining("truncated AEDAT 3.1 packet")
                .hasMessageContaining("80 bytes declared, 77 left");

        byte[] cutHeader = Arrays.copyOf(file, third + 10);
        assertThatThrownBy(() -> new Aedat31Reader().decode(cutHeader, MEMORY))
                .hasMessageContaining("byte offset " + third)
                .hasMessageContaining("truncated AEDAT 3.1 packet header: 10 of 28 bytes");
    }

    @Test
    void malformedPolarityPacketHeaderIsRejected() {
        byte[] file = new Aedat31Writer().packet(1, 12, 4, 0, 1, 1, 1, new byte[12]).toByteArray();
        assertThatThrownBy(() -> new Aedat31Reader().decode(file, MEMORY))
                .hasMessageContaining("byte offset " + HEADER_BYTES)
                .hasMessageContaining("eventSize=12");
        byte[] more = new Aedat31Writer().packet(1, 8, 4, 0, 1, 2, 2, new byte[8]).toByteArray();
        assertThatThrownBy(() -> new Aedat31Reader().decode(more, MEMORY))
                .hasMessageContaining("eventCapacity=1, eventNumber=2");
    }

    @Test
    void eventOutsideTheSensorNamesEventIndexOffsetAndValue() {
        Events ev = new Events(256, 256, new short[]{3, 200}, new short[]{4, 7}, new long[]{10, 20}, new byte[]{1, 0});
        byte[] file = new Aedat31Writer().polarityPacket(ev, 0, 2).toByteArray();
        assertThatThrownBy(() -> new Aedat31Reader().decode(file, Path.of("user02_led.aedat")))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("user02_led.aedat")
                .hasMessageContaining("byte offset " + (HEADER_BYTES + 28 + 8))
                .hasMessageContaining("event 1")
                .hasMessageContaining("x=200, y=7")
                .hasMessageContaining("128x128 sensor");
    }

    @Test
    void fileWithoutValidPolarityEventsIsAnEmptySample() {
        byte[] noPackets = Aedat31Writer.HEADER.getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new Aedat31Reader().decode(noPackets, Path.of("e.aedat")))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("e.aedat")
                .hasMessageContaining("empty sample");
        Events ev = RandomEvents.generate(new Random(1), 2, 128, 128, 0, 10);
        byte[] allInvalid = new Aedat31Writer().otherPacket(0, 8, 2).polarityPacket(ev, 0, 2, new boolean[2])
                .toByteArray();
        assertThatThrownBy(() -> new Aedat31Reader().decode(allInvalid, MEMORY))
                .hasMessageContaining("empty sample: no valid polarity events");
    }

    @Test
    void readsFromDiskWithOneReadLikeDecode(@TempDir Path tmp) throws IOException {
        Events ev = RandomEvents.generate(new Random(17), 1000, 128, 128, 0, 100);
        Path file = tmp.resolve("a.aedat");
        Files.write(file, Aedat31Writer.encode(ev, 333));
        assertSameEvents(new Aedat31Reader().read(file), new Aedat31Reader().decode(Files.readAllBytes(file), file));
    }
}
