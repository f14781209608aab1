package org.dl4j.snn.datasets.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reader for the AEDAT 2.0 files of CIFAR10-DVS (Li et al. 2017), recorded with a 128x128 DVS128 in jAER.
 *
 * <p>Layout: ASCII header lines beginning with {@code '#'}, the first {@code "#!AER-DAT2.0"}; then 8-byte
 * records of big-endian {@code uint32 address, uint32 timestamp} (microseconds). The address is decoded with
 * SpikingJelly's mapping ({@code CIFAR10DVS.load_origin_data}, which transposes and flips the jAER
 * DVS128 fields): {@code x = 127 - ((a >> 8) & 0x7F)}, {@code y = 127 - ((a >> 1) & 0x7F)},
 * {@code p = 1 - (a & 1)}. Like SpikingJelly, the remaining address bits are ignored, so every record is an
 * event inside the 128x128 sensor.
 *
 * <p>Timestamps are jAER's 32-bit microsecond counter, which wraps after 2^32 us (71.6 min): a step back of more
 * than 2^31 us is read as a wrap and 2^32 us are added from there on. Checks: the file size against
 * {@link FileLimits.Format#AEDAT2} (256 MiB), and the {@link EventChecks} (time order, at most
 * {@value #MAX_DURATION_S} s by default: CIFAR10-DVS recordings last about 1.3 s).
 */
public final class Aedat20Reader implements EventFileReader {
    /** Bytes per record. */
    public static final int RECORD_BYTES = 8;
    /** Sensor side of the DVS128. */
    public static final int SENSOR_SIZE = 128;
    /** Default longest plausible recording, seconds. */
    public static final int MAX_DURATION_S = 600;
    private static final int MAX_ADDR = SENSOR_SIZE - 1;
    private static final long WRAP = 1L << 32;

    private final EventChecks checks;

    /** A reader with the default {@link EventChecks}. */
    public Aedat20Reader() {
        this(EventChecks.defaults());
    }

    private Aedat20Reader(EventChecks checks) {
        if (checks == null) {
            throw new IllegalArgumentException("checks must not be null");
        }
        this.checks = checks;
    }

    @Override
    public Aedat20Reader withChecks(EventChecks checks) {
        return new Aedat20Reader(checks);
    }

    @Override
    public EventChecks checks() {
        return checks;
    }

    @Override
    public Events read(Path file) throws IOException {
        return decode(FileLimits.readAll(file, FileLimits.Format.AEDAT2), file);
    }

    @Override
    public int width() {
        return SENSOR_SIZE;
    }

    @Override
    public int height() {
        return SENSOR_SIZE;
    }

    @Override
    public Events decode(byte[] bytes, Path source) throws EventFormatException {
        int start = AedatHeader.dataOffset(bytes, source, "2.0", false);
        int dataLen = bytes.length - start;
        if (dataLen % RECORD_BYTES != 0) {
            throw EventFormatException.truncatedRecord(source, "AEDAT 2.0", start, bytes.length, RECORD_BYTES);
        }
        int n = dataLen / RECORD_BYTES;
        if (n == 0) {
            throw EventFormatException.inFile(source, "empty sample: no events after the AEDAT 2.0 header");
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes, start, dataLen).order(ByteOrder.BIG_ENDIAN);
        EventBuffer out = new EventBuffer(n);
        long wraps = 0;
        long last = 0;
        for (int i = 0; i < n; i++) {
            int a = bb.getInt();
            long t = bb.getInt() & 0xFFFFFFFFL;
            if (last - t > WRAP / 2) {
                wraps += WRAP;
            }
            last = t;
            out.add(MAX_ADDR - ((a >>> 8) & 0x7F), MAX_ADDR - ((a >>> 1) & 0x7F), t + wraps, 1 - (a & 1));
        }
        return checks.apply(out, SENSOR_SIZE, SENSOR_SIZE, source, -1, k -> start + (long) k * RECORD_BYTES, true,
                MAX_DURATION_S * 1_000_000L);
    }
}
