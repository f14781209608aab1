package org.dl4j.snn.datasets.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader for the idx files of MNIST and Fashion-MNIST (LeCun et al.), plain or gzipped.
 *
 * <p>Layout: a big-endian magic {@code 0x00 0x00 type dims} (type {@code 0x08} = unsigned byte), then
 * {@code dims} big-endian int32 sizes, then the data; images are {@code 0x00000803} (count, rows, cols) and
 * labels {@code 0x00000801} (count). A file starting with the gzip signature {@code 1f 8b} is decompressed
 * first, so {@code t10k-images-idx3-ubyte.gz} and its uncompressed form read alike.
 */
public final class IdxReader {
    /** Magic of an unsigned-byte, 3-dimensional idx file (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic of an unsigned-byte, 1-dimensional idx file (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** Reads an idx3 image file (plain or gzipped). */
    public static IdxImages readImages(Path file) throws IOException {
        return decodeImages(readMaybeGzipped(file), file);
    }

    /** Reads an idx1 label file (plain or gzipped); labels are returned as 0..255. */
    public static int[] readLabels(Path file) throws IOException {
        return decodeLabels(readMaybeGzipped(file), file);
    }

    /** Decodes the uncompressed bytes of an idx3 image file. */
    public static IdxImages decodeImages(byte[] bytes, Path source) throws EventFormatException {
        int[] dims = header(bytes, source, IMAGES_MAGIC, "images");
        byte[] pixels = new byte[dims[0] * dims[1] * dims[2]];
        System.arraycopy(bytes, headerBytes(3), pixels, 0, pixels.length);
        return new IdxImages(dims[0], dims[1], dims[2], pixels);
    }

    /** Decodes the uncompressed bytes of an idx1 label file. */
    public static int[] decodeLabels(byte[] bytes, Path source) throws EventFormatException {
        int[] dims = header(bytes, source, LABELS_MAGIC, "labels");
        int[] labels = new int[dims[0]];
        int off = headerBytes(1);
        for (int i = 0; i < labels.length; i++) {
            labels[i] = bytes[off + i] & 0xFF;
        }
        return labels;
    }

    /** One read of the file, then gunzip in memory if it carries the gzip signature. */
    static byte[] readMaybeGzipped(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        if (raw.length < 2 || (raw[0] & 0xFF) != 0x1F || (raw[1] & 0xFF) != 0x8B) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw EventFormatException.inFile(file, "corrupt gzip stream (" + e.getMessage() + ")", e);
        }
    }

    private static int headerBytes(int dims) {
        return 4 + 4 * dims;
    }

    /** Checks magic and length; returns the dimension sizes. */
    private static int[] header(byte[] bytes, Path source, int magic, String what) throws EventFormatException {
        int nDims = magic & 0xFF;
        ByteBuffer bb = ByteBuffer.wrap(bytes);
        if (bytes.length >= 4 && bb.getInt(0) != magic) {
            throw EventFormatException.atByte(source, 0, String.format("bad idx magic 0x%08X, expected 0x%08X "
                    + "(unsigned bytes, %d dimension(s): %s)", bb.getInt(0), magic, nDims, what));
        }
        if (bytes.length < headerBytes(nDims)) {
            throw EventFormatException.atByte(source, bytes.length, "truncated idx " + what + " header: "
                    + bytes.length + " bytes, the header needs " + headerBytes(nDims));
        }
        int[] dims = new int[nDims];
        long payload = 1;
        for (int d = 0; d < nDims; d++) {
            dims[d] = bb.getInt(4 + 4 * d);
            if (dims[d] < 0) {
                throw EventFormatException.atByte(source, 4 + 4 * d, "negative idx dimension " + dims[d]);
            }
            payload *= dims[d];
        }
        long expected = headerBytes(nDims) + payload;
        if (expected != bytes.length) {
            throw EventFormatException.atByte(source, Math.min(expected, bytes.length), (expected > bytes.length
                    ? "truncated" : "oversized") + " idx " + what + " file: the header declares " + payload
                    + " bytes of data (" + expected + " in all), the file has " + bytes.length);
        }
        return dims;
    }
}
