package org.dl4j.snn.datasets.format;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reader for the ATIS {@code .bin} event files of N-MNIST and N-Caltech101 (Orchard et al. 2015), also used by
 * SLAYER's {@code .bs2} re-encoding of DVS128 Gesture.
 *
 * <p>Layout: no header; 5 bytes per event, {@code b0 = x}, {@code b1 = y}, {@code b2 bit 7 = polarity}
 * (1 = ON), timestamp {@code t = ((b2 & 0x7F) << 16) | (b3 << 8) | b4} in microseconds (23 bits, big-endian).
 * As in the reference loaders (gorchard/event-Python {@code read_dataset}, tonic {@code read_mnist_file}), a
 * record with {@code y == 240} is a timestamp-overflow marker, not an event: it is dropped and
 * {@value #OVERFLOW_INCREMENT_US} us (their {@code time_increment = 2**13}) is added to the timestamps of all
 * following events. The N-MNIST and .bs2 files contain no such markers, so for them
 * {@code events = file size / 5}.
 *
 * <p>Checks: the file size against {@link FileLimits.Format#ATIS_BIN} (64 MiB by default; the largest N-MNIST
 * file is 36 KB), every address inside the sensor, and the {@link EventChecks} (time order after the overflow
 * markers, at most {@value #MAX_DURATION_S} s by default: N-MNIST and N-Caltech101 recordings last about 0.3 s).
 */
public final class AtisBinReader implements EventFileReader {
    /** Bytes per record. */
    public static final int RECORD_BYTES = 5;
    /** The y value that marks a timestamp-overflow record. */
    public static final int OVERFLOW_Y = 240;
    /** Added to all later timestamps at each overflow marker, as in the reference loaders. */
    public static final int OVERFLOW_INCREMENT_US = 1 << 13;
    /** Largest timestamp one record can hold (23 bits). */
    public static final int MAX_RECORD_TIMESTAMP_US = (1 << 23) - 1;
    /** Default longest plausible recording, seconds. */
    public static final int MAX_DURATION_S = 60;

    private final int width;
    private final int height;
    private final EventChecks checks;

    /**
     * @param width  sensor width; events with {@code x >= width} are rejected
     * @param height sensor height; events with {@code y >= height} are rejected (overflow markers excepted)
     */
    public AtisBinReader(int width, int height) {
        this(width, height, EventChecks.defaults());
    }

    private AtisBinReader(int width, int height, EventChecks checks) {
        if (width <= 0 || width > 256 || height <= 0 || height > OVERFLOW_Y) {
            throw new IllegalArgumentException("ATIS .bin addresses are 8-bit and y = " + OVERFLOW_Y + " marks an "
                    + "overflow, sensor size must be within 1..256 x 1..240, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.checks = checks;
    }

    @Override
    public AtisBinReader withChecks(EventChecks checks) {
        if (checks == null) {
            throw new IllegalArgumentException("checks must not be null");
        }
        return new AtisBinReader(width, height, checks);
    }

    @Override
    public EventChecks checks() {
        return checks;
    }

    @Override
    public Events read(Path file) throws IOException {
        return decode(FileLimits.readAll(file, FileLimits.Format.ATIS_BIN), file);
    }

    /** N-MNIST: 34x34. */
    public static AtisBinReader nmnist() {
        return new AtisBinReader(34, 34);
    }

    /** N-Caltech101: 240x180, the largest extent of its recordings (each image's own extent varies). */
    public static AtisBinReader ncaltech101() {
        return new AtisBinReader(240, 180);
    }

    /** SLAYER's .bs2 re-encoding of DVS128 Gesture: 128x128. */
    public static AtisBinReader dvsGestureBs2() {
        return new AtisBinReader(128, 128);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public Events decode(byte[] bytes, Path source) throws EventFormatException {
        int len = bytes.length;
        if (len % RECORD_BYTES != 0) {
            throw EventFormatException.truncatedRecord(source, "ATIS .bin", 0, len, RECORD_BYTES);
        }
        int records = len / RECORD_BYTES;
        EventBuffer out = new EventBuffer(records);
        long offsetUs = 0;
        for (int i = 0, off = 0; i < records; i++, off += RECORD_BYTES) {
            int x = bytes[off] & 0xFF;
            int y = bytes[off + 1] & 0xFF;
            int b2 = bytes[off + 2] & 0xFF;
            if (y == OVERFLOW_Y) {
                offsetUs += OVERFLOW_INCREMENT_US;
                continue;
            }
            if (x >= width || y >= height) {
                throw EventFormatException.outsideSensor(source, i, off, x, y, width, height);
            }
            long t = ((b2 & 0x7F) << 16) | ((bytes[off + 3] & 0xFF) << 8) | (bytes[off + 4] & 0xFF);
            out.add(x, y, t + offsetUs, b2 >>> 7);
        }
        if (out.size() == 0) {
            throw EventFormatException.inFile(source, "empty sample: no events in " + len + " bytes");
        }
        return checks.apply(out, width, height, source, -1, k -> offsetOfEvent(bytes, k), true,
                MAX_DURATION_S * 1_000_000L);
    }

    /** The byte offset of decoded event {@code k} (records minus overflow markers). */
    private static long offsetOfEvent(byte[] bytes, int k) {
        int seen = 0;
        for (int off = 0; off + RECORD_BYTES <= bytes.length; off += RECORD_BYTES) {
            if ((bytes[off + 1] & 0xFF) != OVERFLOW_Y && seen++ == k) {
                return off;
            }
        }
        return -1;
    }
}
