package org.dl4j.snn.datasets.format;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reader for the CIFAR-10 binary version (Krizhevsky 2009): {@code data_batch_1..5.bin} and
 * {@code test_batch.bin}.
 *
 * <p>Layout: no header; 3,073-byte records, each one label byte (0..9) followed by 3,072 pixel bytes, the red,
 * green and blue 32x32 planes in row-major order.
 */
public final class Cifar10BinReader {
    /** Image side in pixels. */
    public static final int SIDE = 32;
    /** Colour planes per image. */
    public static final int CHANNELS = 3;
    /** Pixel bytes per image. */
    public static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;
    /** Bytes per record: the label and the image. */
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    /** Number of classes. */
    public static final int NUM_CLASSES = 10;
    /** Class names, index = label (batches.meta.txt). */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");

    private Cifar10BinReader() {
    }

    /** Reads one batch file with a single read, after checking its size ({@link FileLimits.Format#CIFAR10}). */
    public static Cifar10Batch read(Path file) throws IOException {
        return decode(FileLimits.readAll(file, FileLimits.Format.CIFAR10), file);
    }

    /**
     * Decodes the bytes of one batch file.
     *
     * @throws EventFormatException if the length is not a multiple of 3,073 or a label is outside 0..9
     */
    public static Cifar10Batch decode(byte[] bytes, Path source) throws EventFormatException {
        if (bytes.length % RECORD_BYTES != 0) {
            throw EventFormatException.truncatedRecord(source, "CIFAR-10 batch", 0, bytes.length, RECORD_BYTES);
        }
        if (bytes.length == 0) {
            throw EventFormatException.inFile(source, "empty CIFAR-10 batch: no records");
        }
        int n = bytes.length / RECORD_BYTES;
        int[] labels = new int[n];
        byte[] pixels = new byte[n * IMAGE_BYTES];
        for (int i = 0; i < n; i++) {
            int off = i * RECORD_BYTES;
            int label = bytes[off] & 0xFF;
            if (label >= NUM_CLASSES) {
                throw EventFormatException.atByte(source, off, "record " + i + ": label " + label
                        + " is outside 0.." + (NUM_CLASSES - 1));
            }
            labels[i] = label;
            System.arraycopy(bytes, off + 1, pixels, i * IMAGE_BYTES, IMAGE_BYTES);
        }
        return new Cifar10Batch(labels, pixels);
    }
}
