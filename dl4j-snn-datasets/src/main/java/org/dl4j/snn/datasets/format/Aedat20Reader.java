package org.dl4j.snn.datasets.format;

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
 */
public final class Aedat20Reader implements EventFileReader {
    /** Bytes per record. */
    public static final int RECORD_BYTES = 8;
    /** Sensor side of the DVS128. */
    public static final int SENSOR_SIZE = 128;
    private static final int MAX_ADDR = SENSOR_SIZE - 1;

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
        for (int i = 0; i < n; i++) {
            int a = bb.getInt();
            long t = bb.getInt() & 0xFFFFFFFFL;
            out.add(MAX_ADDR - ((a >>> 8) & 0x7F), MAX_ADDR - ((a >>> 1) & 0x7F), t, 1 - (a & 1));
        }
        return out.toEvents(SENSOR_SIZE, SENSOR_SIZE);
    }
}
