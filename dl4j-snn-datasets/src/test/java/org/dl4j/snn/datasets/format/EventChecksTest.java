package org.dl4j.snn.datasets.format;

import org.dl4j.snn.datasets.testing.Aedat20Writer;
import org.dl4j.snn.datasets.testing.Aedat31Writer;
import org.dl4j.snn.datasets.testing.AtisBinWriter;
import org.dl4j.snn.datasets.testing.RandomEvents;
import org.dl4j.snn.datasets.testing.ShdWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The timestamp checks of every event reader (order after the format's wrap, duration, rate) under the three
 * policies, with the file, the offset and the count in each message; the size limits of the whole-file readers.
 */
class EventChecksTest {
    @TempDir
    Path tmp;

    /** An N-MNIST-like recording: 1,000 events over about 300 ms. */
    private static Events nmnistLike(long seed) {
        return RandomEvents.generate(new Random(seed), 1000, 34, 34, 0, 600);
    }

    private static Events withTime(Events e, int index, long t) {
        long[] ts = e.t().clone();
        ts[index] = t;
        return new Events(e.width(), e.height(), e.x(), e.y(), ts, e.p());
    }

    @Test
    void oneWildTimestampIsOneBadEventDroppedByDefaultAndNamedWithItsOffset() throws IOException {
        Events good = nmnistLike(1);
        // 5 s in the middle of a 0.3 s recording: one event out of time order (the next one goes back).
        Path file = tmp.resolve("00002.bin");
        AtisBinWriter.write(file, withTime(good, 500, 5_000_000));

        Events dropped = AtisBinReader.nmnist().read(file);
        assertThat(dropped.size()).isEqualTo(999);
        assertThat(dropped.t()).isSorted();

        AtisBinReader failing = AtisBinReader.nmnist().withChecks(EventChecks.defaults()
                .withTimestamps(TimestampPolicy.FAIL));
        assertThatThrownBy(() -> failing.read(file)).isInstanceOfSatisfying(BadTimestampsException.class, e -> {
            assertThat(e.skipSample()).isFalse();
            assertThat(e.badEvents()).isEqualTo(1);
            assertThat(e.byteOffset()).isEqualTo(500 * 5);
        }).hasMessageStartingWith(file + ": byte offset 2500: event 500: 1 of 1,000 events have implausible timestamps")
                .hasMessageContaining("out of time order (first: event 500 at t=5000000 us after t=");
        assertThatThrownBy(() -> AtisBinReader.nmnist().withChecks(EventChecks.defaults()
                .withTimestamps(TimestampPolicy.SKIP_SAMPLE)).read(file))
                .isInstanceOfSatisfying(BadTimestampsException.class, e -> assertThat(e.skipSample()).isTrue());
    }

    @Test
    void aLateLastEventFailsThePlausibleDurationWhichIsConfigurable() throws IOException {
        Events good = nmnistLike(2);
        Path file = tmp.resolve("late.bin");
        AtisBinWriter.write(file, withTime(good, 999, 8_000_000));   // last event 8 s in: ordered, but late
        AtisBinReader oneSecond = AtisBinReader.nmnist().withChecks(EventChecks.defaults().withMaxDurationUs(1_000_000)
                .withTimestamps(TimestampPolicy.FAIL));

        assertThat(AtisBinReader.nmnist().read(file).size()).as("within the default 60 s").isEqualTo(1000);
        assertThatThrownBy(() -> oneSecond.read(file)).isInstanceOf(BadTimestampsException.class)
                .hasMessageContaining("byte offset 4995: event 999")
                .hasMessageContaining("1 more than 1 s after the first event (first: event 999 at t=8000000 us)");
        assertThat(oneSecond.withChecks(oneSecond.checks().withTimestamps(TimestampPolicy.DROP_EVENTS)).read(file)
                .size()).isEqualTo(999);
    }

    @Test
    void aFileOfZerosIsNotMillionsOfEventsAtTimeZero() throws IOException {
        Path zeros = tmp.resolve("zeros.bin");
        Files.write(zeros, new byte[5 * 12_000]);
        assertThatThrownBy(() -> AtisBinReader.nmnist().read(zeros)).isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith(zeros + ": ")
                .hasMessageContaining("12,000 events within 0 us, more than 1000 per microsecond");

        // 300 MB of zeros (a sparse file): refused by its size before anything is read.
        Path huge = tmp.resolve("huge.bin");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(300L << 20);
        }
        assertThatThrownBy(() -> AtisBinReader.nmnist().read(huge)).isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith(huge + ": the file is 300 MiB, above the 64 MiB limit for ATIS .bin files")
                .hasMessageContaining("-Ddl4j.snn.maxMiB.atis=");
    }

    @Test
    void sizeLimitsAreConfigurablePerFormat() throws IOException {
        Path file = tmp.resolve("small.bin");
        AtisBinWriter.write(file, nmnistLike(3));
        try {
            FileLimits.setMaxBytes(FileLimits.Format.ATIS_BIN, 1000);
            assertThatThrownBy(() -> AtisBinReader.nmnist().read(file))
                    .hasMessageContaining("the file is 5,000 bytes, above the 1,000 bytes limit for ATIS .bin files");
        } finally {
            FileLimits.setMaxBytes(FileLimits.Format.ATIS_BIN, 0);
        }
        assertThat(AtisBinReader.nmnist().read(file).size()).isEqualTo(1000);
        String old = System.setProperty("dl4j.snn.maxMiB.atis", "lots");
        try {
            assertThatThrownBy(() -> AtisBinReader.nmnist().read(file)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("system property dl4j.snn.maxMiB.atis must be a positive number of MiB, got 'lots'");
        } finally {
            System.clearProperty("dl4j.snn.maxMiB.atis");
        }
        assertThat(old).isNull();
    }

    @Test
    void randomBytesAfterAnAedat20HeaderAreNotARecording() throws IOException {
        byte[] header = Aedat20Writer.HEADER.getBytes(StandardCharsets.US_ASCII);
        byte[] noise = new byte[8 * 20_000];
        new Random(4).nextBytes(noise);
        Path file = tmp.resolve("cifar10_cat_7.aedat");
        Files.write(file, concat(header, noise));

        for (TimestampPolicy policy : TimestampPolicy.values()) {
            assertThatThrownBy(() -> new Aedat20Reader().withChecks(EventChecks.defaults().withTimestamps(policy))
                    .read(file)).as(policy.name()).isInstanceOf(EventFormatException.class)
                    .isNotInstanceOf(BadTimestampsException.class)
                    .hasMessageStartingWith(file + ": byte offset ")
                    .hasMessageContaining("events have implausible timestamps")
                    .hasMessageContaining("not a valid recording");
        }
    }

    @Test
    void aedat20TimestampsWrapAfterTwoToThe32Microseconds() throws IOException {
        // jAER's 32-bit counter wraps: 2^32 - 20 us, then 5 us after the wrap.
        ByteBuffer bb = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        bb.putInt(0x0A15).putInt(-30).putInt(0x0A15).putInt(-20).putInt(0x0A15).putInt(5);
        Path file = tmp.resolve("wrap.aedat");
        Files.write(file, concat(Aedat20Writer.HEADER.getBytes(StandardCharsets.US_ASCII), bb.array()));
        assertThat(new Aedat20Reader().read(file).t()).containsExactly((1L << 32) - 30, (1L << 32) - 20,
                (1L << 32) + 5);
    }

    @Test
    void anAedat31PacketWithACorruptOverflowIsDroppedAndNamedNotSilentlyLost() throws IOException {
        Events ev = RandomEvents.generate(new Random(5), 20_000, 128, 128, 80_000_000, 300);
        byte[] good = Aedat31Writer.encode(ev, 100);
        byte[] bad = good.clone();
        int headerLen = Aedat31Writer.HEADER.length();
        int packet = 10;                      // the 11th packet, events 1000..1099
        int packetStart = headerLen + packet * (28 + 100 * 8);
        // eventTSOverflow 0 -> 5: the packet moves 5 * 2^31 us (about 3 hours) ahead.
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(packetStart + 12, 5);
        Path file = tmp.resolve("user02_led.aedat");
        Files.write(file, bad);

        Events read = new Aedat31Reader().read(file);
        assertThat(read.size()).isEqualTo(19_900);
        assertThat(read.t()).isSorted();
        Aedat31Reader failing = new Aedat31Reader().withChecks(EventChecks.defaults()
                .withTimestamps(TimestampPolicy.FAIL));
        assertThatThrownBy(() -> failing.read(file)).isInstanceOfSatisfying(BadTimestampsException.class,
                e -> assertThat(e.badEvents()).isEqualTo(100))
                .hasMessageStartingWith(file + ": byte offset " + (packetStart + 28) + ": event 1000: 100 of 20,000 "
                        + "events have implausible timestamps: 100 out of time order");
        // More than 1 % of the events: not a recording, whatever the policy.
        assertThatThrownBy(() -> new Aedat31Reader().withChecks(EventChecks.defaults().withMaxDroppedFraction(0.001))
                .read(file)).isInstanceOf(EventFormatException.class).isNotInstanceOf(BadTimestampsException.class)
                .hasMessageContaining("more than the 0.1 % of bad events a recording may have");
    }

    @Test
    void shdSpikeTimesBeyondThePlausibleDurationAreChecked() throws IOException {
        Path file = tmp.resolve("shd_train.h5");
        ShdWriter.write(file, List.of(
                new ShdWriter.Sample(new double[] {0.1, 0.2, 0.3}, new int[] {1, 2, 3}, 0, 0),
                new ShdWriter.Sample(new double[] {0.1, 0.2, 4000.0}, new int[] {1, 2, 3}, 1, 0)),
                List.of("a", "b"), ShdWriter.Options.defaults().withTypes("float64", "uint16"));
        try (ShdReader reader = new ShdReader(file)) {
            assertThat(reader.read(1).events().size()).as("dropped by default").isEqualTo(2);
            assertThatThrownBy(() -> reader.read(1, EventChecks.defaults().withTimestamps(TimestampPolicy.FAIL)))
                    .isInstanceOf(BadTimestampsException.class)
                    .hasMessageStartingWith(file + ": sample 1: spike 2: 1 of 3 events have implausible timestamps: "
                            + "1 more than 60 s after the earliest event (first: event 2 at t=4000000000 us)");
        }
    }

    @Test
    void theFewestEventsOutOfOrderAreTheComplementOfALongestOrderedSubsequence() {
        long[] t = {1, 2, 3, 1000, 4, 5, 6, 0, 7, 7, 8};
        boolean[] bad = EventChecks.outOfOrder(t, t.length);
        assertThat(indices(bad)).containsExactly(3, 7);
        long[] block = {10, 11, 900, 901, 902, 12, 13, 14, 15};
        assertThat(indices(EventChecks.outOfOrder(block, block.length))).containsExactly(2, 3, 4);
    }

    private static List<Integer> indices(boolean[] b) {
        return java.util.stream.IntStream.range(0, b.length).filter(i -> b[i]).boxed().toList();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
