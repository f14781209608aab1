package org.dl4j.snn.datasets.testing;

import org.dl4j.snn.datasets.format.AtisBinReader;
import org.dl4j.snn.datasets.format.Events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writer of ATIS {@code .bin} files (N-MNIST, N-Caltech101, SLAYER .bs2), the inverse of {@link AtisBinReader}.
 *
 * <p>Layout: 5 bytes per event, {@code x}, {@code y}, {@code polarity << 7 | t >> 16 & 0x7F},
 * {@code t >> 8 & 0xFF}, {@code t & 0xFF}. Timestamps beyond the 23-bit range are written as the reference
 * loaders read them: before such an event, overflow markers ({@code y = 240}, other bytes 0) are inserted, each
 * advancing the time base by {@value AtisBinReader#OVERFLOW_INCREMENT_US} us, until the remainder fits.
 */
public final class AtisBinWriter {
    private AtisBinWriter() {
    }

    /** Encodes a time-ordered recording (timestamps non-negative and non-decreasing). */
    public static byte[] encode(Events ev) {
        int markers = 0;
        long base = 0;
        for (int i = 0; i < ev.size(); i++) {
            long t = ev.t(i);
            if (t < base) {
                throw new IllegalArgumentException("event " + i + ": t=" + t + " us is before the time base "
                        + base + " us already advanced by overflow markers; ATIS .bin needs time-ordered events");
            }
            while (t - base > AtisBinReader.MAX_RECORD_TIMESTAMP_US) {
                base += AtisBinReader.OVERFLOW_INCREMENT_US;
                markers++;
            }
        }
        byte[] out = new byte[(ev.size() + markers) * AtisBinReader.RECORD_BYTES];
        int off = 0;
        base = 0;
        for (int i = 0; i < ev.size(); i++) {
            long t = ev.t(i);
            while (t - base > AtisBinReader.MAX_RECORD_TIMESTAMP_US) {
                out[off + 1] = (byte) AtisBinReader.OVERFLOW_Y;
                off += AtisBinReader.RECORD_BYTES;
                base += AtisBinReader.OVERFLOW_INCREMENT_US;
            }
            int r = (int) (t - base);
            out[off] = (byte) ev.x(i);
            out[off + 1] = (byte) ev.y(i);
            out[off + 2] = (byte) ((ev.p(i) << 7) | (r >>> 16));
            out[off + 3] = (byte) (r >>> 8);
            out[off + 4] = (byte) r;
            off += AtisBinReader.RECORD_BYTES;
        }
        return out;
    }

    /** Writes {@link #encode(Events)} to {@code file}. */
    public static void write(Path file, Events ev) throws IOException {
        Files.write(file, encode(ev));
    }
}
