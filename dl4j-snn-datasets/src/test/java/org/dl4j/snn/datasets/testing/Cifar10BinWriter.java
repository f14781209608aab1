package org.dl4j.snn.datasets.testing;

import org.dl4j.snn.datasets.format.Cifar10BinReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writer of CIFAR-10 binary batch files, the inverse of {@link Cifar10BinReader}.
 *
 * <p>Layout: per image one label byte then 3,072 pixel bytes (red, green, blue 32x32 planes, row-major).
 */
public final class Cifar10BinWriter {
    private Cifar10BinWriter() {
    }

    /** Encodes {@code labels.length} records from labels and the concatenated 3,072-byte images. */
    public static byte[] encode(int[] labels, byte[] pixels) {
        if ((long) labels.length * Cifar10BinReader.IMAGE_BYTES != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels need " + (long) labels.length
                    * Cifar10BinReader.IMAGE_BYTES + " pixel bytes, got " + pixels.length);
        }
        byte[] out = new byte[labels.length * Cifar10BinReader.RECORD_BYTES];
        for (int i = 0; i < labels.length; i++) {
            out[i * Cifar10BinReader.RECORD_BYTES] = (byte) labels[i];
            System.arraycopy(pixels, i * Cifar10BinReader.IMAGE_BYTES, out, i * Cifar10BinReader.RECORD_BYTES + 1,
                    Cifar10BinReader.IMAGE_BYTES);
        }
        return out;
    }

    /** Writes {@link #encode} to {@code file}. */
    public static void write(Path file, int[] labels, byte[] pixels) throws IOException {
        Files.write(file, encode(labels, pixels));
    }
}
