package org.dl4j.snn.datasets.testing;

import org.dl4j.snn.datasets.format.Aedat20Reader;
import org.dl4j.snn.datasets.format.Events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writer of AEDAT 2.0 files as jAER records a DVS128 (CIFAR10-DVS), the inverse of {@link Aedat20Reader}.
 *
 * <p>Layout: jAER's ASCII header (lines starting {@code '#'}, ending {@code "\r\n"}, the first
 * {@code "#!AER-DAT2.0"}), then big-endian {@code uint32 address, uint32 timestamp} records with
 * {@code address = (127 - x) << 8 | (127 - y) << 1 | (1 - p)}, the inverse of SpikingJelly's mapping.
 */
public final class Aedat20Writer {
    /** The header jAER writes (its comment lines, with a fixed creation date for reproducible files). */
    public static final String HEADER = "#!AER-DAT2.0\r\n"
            + "# This is a raw AE data file - do not edit\r\n"
            + "# Data format is int32 address, int32 timestamp (8 bytes total), repeated for each event\r\n"
            + "# Timestamps tick is 1 us\r\n"
            + "# created Mon Jan 01 00:00:00 CET 2018\r\n";

    private Aedat20Writer() {
    }

    /** Encodes a 128x128 recording with timestamps in {@code [0, 2^32)}. */
    public static byte[] encode(Events ev) {
        byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer bb = ByteBuffer.allocate(header.length + ev.size() * Aedat20Reader.RECORD_BYTES)
                .order(ByteOrder.BIG_ENDIAN);
        bb.put(header);
        int max = Aedat20Reader.SENSOR_SIZE - 1;
        for (int i = 0; i < ev.size(); i++) {
            if (ev.x(i) > max || ev.y(i) > max || ev.t(i) < 0 || ev.t(i) > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("event " + i + " (x=" + ev.x(i) + ", y=" + ev.y(i) + ", t="
                        + ev.t(i) + ") does not fit AEDAT 2.0 DVS128 records");
            }
            bb.putInt(((max - ev.x(i)) << 8) | ((max - ev.y(i)) << 1) | (1 - ev.p(i)));
            bb.putInt((int) ev.t(i));
        }
        return bb.array();
    }

    /** Writes {@link #encode(Events)} to {@code file}. */
    public static void write(Path file, Events ev) throws IOException {
        Files.write(file, encode(ev));
    }
}
