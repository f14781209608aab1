package org.dl4j.snn.datasets.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The largest file each reader reads whole, so that a huge or mislabelled file is refused with a message instead of
 * ending in an {@code OutOfMemoryError}.
 *
 * <p>Every reader that loads a file into memory checks its size against its format's limit first, and against the
 * heap: a file whose decoding needs more memory than the JVM's maximum heap ({@code -Xmx}) is refused too, naming
 * both numbers. The defaults are far above the published files (largest N-MNIST file 36 KB, CIFAR-10 batch 30 MB,
 * MNIST images 47 MB); each can be changed with the system property {@code dl4j.snn.maxMiB.<format>} (MiB, e.g.
 * {@code java -Ddl4j.snn.maxMiB.aedat3=4096 -jar dl4j-snn.jar ...}) or {@link #setMaxBytes}.
 */
public final class FileLimits {
    /** Prefix of the system properties that override a format's limit (value in MiB). */
    public static final String PROPERTY_PREFIX = "dl4j.snn.maxMiB.";

    /** A file format with its default size limit and the heap its decoding needs per file byte. */
    public enum Format {
        /** ATIS {@code .bin} (N-MNIST, N-Caltech101, SLAYER {@code .bs2}). */
        ATIS_BIN("atis", "ATIS .bin", 64, 1 + 2 * 13 / 5.0),
        /** AEDAT 2.0 (CIFAR10-DVS). */
        AEDAT2("aedat2", "AEDAT 2.0", 256, 1 + 2 * 13 / 8.0),
        /** AEDAT 3.1 (DVS128 Gesture recordings). */
        AEDAT3("aedat3", "AEDAT 3.1", 1024, 1 + 2 * 13 / 8.0),
        /** idx (MNIST, Fashion-MNIST); for gzipped files the limit applies to the size the header declares. */
        IDX("idx", "idx", 256, 2),
        /** CIFAR-10 binary batches. */
        CIFAR10("cifar10", "CIFAR-10 batch", 64, 2),
        /** Text files: DVS128 Gesture labels and trial lists. */
        TEXT("text", "text", 16, 6);

        private final String key;
        private final String label;
        private final long defaultMiB;
        private final double heapPerByte;
        private volatile long override = -1;

        Format(String key, String label, long defaultMiB, double heapPerByte) {
            this.key = key;
            this.label = label;
            this.defaultMiB = defaultMiB;
            this.heapPerByte = heapPerByte;
        }

        /** The name used in the system property, e.g. {@code atis}. */
        public String key() {
            return key;
        }

        /** The default limit in MiB. */
        public long defaultMiB() {
            return defaultMiB;
        }

        /** The system property that overrides this limit. */
        public String property() {
            return PROPERTY_PREFIX + key;
        }
    }

    private static final long MIB = 1L << 20;

    private FileLimits() {
    }

    /**
     * The limit in bytes: {@link #setMaxBytes}, else the system property {@code dl4j.snn.maxMiB.<format>}, else the
     * default.
     *
     * @throws IllegalArgumentException naming the property when its value is not a positive number
     */
    public static long maxBytes(Format format) {
        if (format.override > 0) {
            return format.override;
        }
        String v = System.getProperty(format.property());
        if (v == null || v.isBlank()) {
            return format.defaultMiB * MIB;
        }
        try {
            long mib = Long.parseLong(v.strip());
            if (mib > 0 && mib < Long.MAX_VALUE / MIB) {
                return mib * MIB;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property " + format.property() + " must be a positive number of "
                + "MiB, got '" + v + "'");
    }

    /** Sets the limit of {@code format} for this JVM ({@code bytes <= 0} goes back to the property / default). */
    public static void setMaxBytes(Format format, long bytes) {
        format.override = bytes <= 0 ? -1 : bytes;
    }

    /**
     * Checks that a file of {@code size} bytes may be read whole as {@code format}.
     *
     * @throws EventFormatException naming the file, its size, the limit and how to raise it, or the heap it needs
     */
    public static void check(Path file, long size, Format format) throws EventFormatException {
        long max = maxBytes(format);
        if (size > max) {
            throw EventFormatException.inFile(file, "the file is " + mib(size) + ", above the " + mib(max)
                    + " limit for " + format.label + " files (a sign of a wrong or corrupt file; if it is right, "
                    + "raise the limit with -D" + format.property() + "=MiB)");
        }
        long heap = Runtime.getRuntime().maxMemory();
        double need = size * format.heapPerByte;
        if (heap != Long.MAX_VALUE && need > heap) {
            throw EventFormatException.inFile(file, "decoding this " + mib(size) + " " + format.label + " file needs "
                    + "about " + mib((long) need) + " of heap, more than the JVM's maximum of " + mib(heap)
                    + " (raise it with java -Xmx...)");
        }
    }

    /**
     * The whole file, after {@link #check}; an {@code OutOfMemoryError} while reading is reported as an
     * {@link EventFormatException} naming the file.
     */
    public static byte[] readAll(Path file, Format format) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            long size = ch.size();
            check(file, size, format);
            byte[] bytes;
            try {
                bytes = new byte[(int) size];
            } catch (OutOfMemoryError e) {
                throw outOfMemory(file, size);
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // the size taken above bounds the read, also if the file grows meanwhile
            }
            return buf.hasRemaining() ? Arrays.copyOf(bytes, buf.position()) : bytes;
        }
    }

    /** The message for a file whose decoding ran out of heap. */
    static EventFormatException outOfMemory(Path file, long size) {
        return EventFormatException.inFile(file, "not enough heap to decode this " + mib(size) + " file (maximum "
                + mib(Runtime.getRuntime().maxMemory()) + "; raise it with java -Xmx...)");
    }

    /** {@code bytes} as a readable size, e.g. {@code "64 MiB"} or {@code "1.5 GiB"}. */
    public static String mib(long bytes) {
        if (bytes < MIB) {
            return String.format(Locale.ROOT, "%,d bytes", bytes);
        }
        double m = bytes / (double) MIB;
        if (m < 1024) {
            return m == Math.rint(m) ? String.format(Locale.ROOT, "%.0f MiB", m)
                    : String.format(Locale.ROOT, "%.1f MiB", m);
        }
        return String.format(Locale.ROOT, "%.1f GiB", m / 1024);
    }
}
