package org.dl4j.snn.datasets.testing;

import org.dl4j.snn.datasets.format.IdxReader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writer of MNIST-style idx files, the inverse of {@link IdxReader}.
 *
 * <p>Layout: big-endian magic {@code 0x00000803} plus count, rows, cols for images, {@code 0x00000801} plus
 * count for labels, then the unsigned bytes; optionally gzipped like the published {@code *.gz} files.
 */
public final class IdxWriter {
    private IdxWriter() {
    }

    /** Encodes an idx3 image file. */
    public static byte[] encodeImages(int count, int rows, int cols, byte[] pixels, boolean gzip) {
        ByteBuffer bb = ByteBuffer.allocate(16 + pixels.length);
        bb.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols).put(pixels);
        return gzip ? gzip(bb.array()) : bb.array();
    }

    /** Encodes an idx1 label file; labels must be 0..255. */
    public static byte[] encodeLabels(int[] labels, boolean gzip) {
        ByteBuffer bb = ByteBuffer.allocate(8 + labels.length);
        bb.putInt(IdxReader.LABELS_MAGIC).putInt(labels.length);
        for (int label : labels) {
            bb.put((byte) label);
        }
        return gzip ? gzip(bb.array()) : bb.array();
    }

    /** Writes {@link #encodeImages} to {@code file}. */
    public static void writeImages(Path file, int count, int rows, int cols, byte[] pixels, boolean gzip)
            throws IOException {
        Files.write(file, encodeImages(count, rows, cols, pixels, gzip));
    }

    /** Writes {@link #encodeLabels} to {@code file}. */
    public static void writeLabels(Path file, int[] labels, boolean gzip) throws IOException {
        Files.write(file, encodeLabels(labels, gzip));
    }

    /** Gzips {@code raw} in memory. */
    public static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }
}
