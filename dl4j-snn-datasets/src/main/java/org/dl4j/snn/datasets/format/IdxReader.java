package org.dl4j.snn.datasets.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader for the idx files of MNIST and Fashion-MNIST (LeCun et al.), plain or gzipped.
 *
 * <p>Layout: a big-endian magic {@code 0x00 0x00 type dims} (type {@code 0x08} = unsigned byte), then
 * {@code dims} big-endian int32 sizes, then the data; images are {@code 0x00000803} (count, rows, cols) and
 * labels {@code 0x00000801} (count). A file starting with the gzip signature {@code 1f 8b} is decompressed
 * first, so {@code t10k-images-idx3-ubyte.gz} and its uncompressed form read alike.
 *
 * <p>Checks: the magic, the header, and a data length equal to what the header declares; the declared size against
 * {@link FileLimits.Format#IDX} (256 MiB; the MNIST training images are 47 MB). A gzipped file is inflated only
 * up to the size its idx header declares (plus one byte to detect surplus data), so a small file that inflates to
 * gigabytes is refused, not decompressed.
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
        byte[] pixels = new byte[bytes.length - headerBytes(3)];
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

    /**
     * One read of the file, then gunzip in memory if it carries the gzip signature, inflating at most the size the
     * idx header declares plus one byte.
     */
    static byte[] readMaybeGzipped(Path file) throws IOException {
        byte[] raw = FileLimits.readAll(file, FileLimits.Format.IDX);
        if (raw.length < 2 || (raw[0] & 0xFF) != 0x1F || (raw[1] & 0xFF) != 0x8B) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            byte[] head = in.readNBytes(4);
            if (head.length < 4) {
                return head;
            }
            int dims = head[3] & 0xFF;
            byte[] sizes = in.readNBytes(4 * Math.min(dims, 4));
            long declared = 4L + 4L * dims;
            ByteBuffer bb = ByteBuffer.wrap(sizes);
            long payload = 1;
            for (int d = 0; d + 4 <= sizes.length && dims <= 4; d += 4) {
                payload = capped(payload, Math.max(0, bb.getInt(d)));
            }
            declared += dims <= 4 && sizes.length == 4 * dims ? payload : 0;
            long max = FileLimits.maxBytes(FileLimits.Format.IDX);
            if (declared > max) {
                throw EventFormatException.atByte(file, 4, "the gzipped idx header declares "
                        + FileLimits.mib(declared) + " of data, above the " + FileLimits.mib(max) + " limit for idx "
                        + "files (raise it with -D" + FileLimits.Format.IDX.property() + "=MiB if it is right)");
            }
            FileLimits.check(file, declared, FileLimits.Format.IDX);
            byte[] rest = in.readNBytes((int) Math.max(0, declared - 4 - sizes.length) + 1);
            byte[] all = new byte[4 + sizes.length + rest.length];
            System.arraycopy(head, 0, all, 0, 4);
            System.arraycopy(sizes, 0, all, 4, sizes.length);
            System.arraycopy(rest, 0, all, 4 + sizes.length, rest.length);
            return all;
        } catch (EventFormatException e) {
            throw e;
        } catch (IOException e) {
            throw EventFormatException.inFile(file, "corrupt gzip stream (" + IoErrors.describe(e) + ")", e);
        } catch (OutOfMemoryError e) {
            throw FileLimits.outOfMemory(file, raw.length);
        }
    }

    /** {@code a * b} for non-negative values, at most {@code Long.MAX_VALUE / 2}. */
    private static long capped(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / 2 / b ? Long.MAX_VALUE / 2 : a * b;
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
            payload = capped(payload, dims[d]);
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
