package org.dl4j.snn.datasets.datavec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writers of tiny event files in the published byte layouts, for discovery tests (rows of {x, y, t, p}). */
final class TestFiles {
    private TestFiles() {
    }

    /**
     * AEDAT 2.0 as recorded by jAER for CIFAR10-DVS: header, then big-endian {@code uint32 address, uint32 t};
     * the address is the inverse of SpikingJelly's mapping {@code x = 127 - ((a >> 8) & 0x7F)},
     * {@code y = 127 - ((a >> 1) & 0x7F)}, {@code p = 1 - (a & 1)}.
     */
    static Path aedat20(Path file, long[][] rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("#!AER-DAT2.0\r\n# test file\r\n".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.allocate(8 * rows.length).order(ByteOrder.BIG_ENDIAN);
        for (long[] r : rows) {
            int a = (int) (((127 - r[0]) << 8) | ((127 - r[1]) << 1) | (1 - r[3]));
            b.putInt(a).putInt((int) r[2]);
        }
        out.writeBytes(b.array());
        Files.createDirectories(file.getParent());
        return Files.write(file, out.toByteArray());
    }

    /**
     * AEDAT 3.1 with one polarity packet: 28-byte little-endian packet header, then {@code uint32 data,
     * int32 t} per event, {@code data = x << 17 | y << 2 | p << 1 | valid}.
     */
    static Path aedat31(Path file, long[][] rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("#!AER-DAT3.1\r\n#Format: RAW\r\n#!END-HEADER\r\n".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.allocate(28 + 8 * rows.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 1).putShort((short) 1).putInt(8).putInt(4).putInt(0)
                .putInt(rows.length).putInt(rows.length).putInt(rows.length);
        for (long[] r : rows) {
            b.putInt((int) ((r[0] << 17) | (r[1] << 2) | (r[3] << 1) | 1)).putInt((int) r[2]);
        }
        out.writeBytes(b.array());
        Files.createDirectories(file.getParent());
        return Files.write(file, out.toByteArray());
    }

    /** {@code n} events at pixel (x, y) polarity ON, one every 10 us from t0. */
    static long[][] burst(int n, int x, int y, long t0) {
        long[][] rows = new long[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = new long[] {x, y, t0 + 10L * i, i % 2};
        }
        return rows;
    }
}
