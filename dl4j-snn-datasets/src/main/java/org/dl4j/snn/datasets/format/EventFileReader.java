package org.dl4j.snn.datasets.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A decoder for a file format that stores one event recording per file (ATIS .bin, AEDAT 2.0, AEDAT 3.1).
 *
 * <p>Each implementation follows one published byte layout, documented on the class; the whole file is read
 * with a single call and decoded in one pass into the primitive arrays of {@link Events}. Implementations are
 * immutable and thread-safe, so one instance can serve several loader threads.
 */
public interface EventFileReader {

    /**
     * Decodes the complete contents of a file.
     *
     * @param bytes  the file's bytes, exactly as stored on disk
     * @param source the file name used in error messages (any path, e.g. {@code Path.of("<memory>")})
     * @throws EventFormatException if the bytes do not follow the format
     */
    Events decode(byte[] bytes, Path source) throws EventFormatException;

    /** Reads {@code file} with one read and decodes it. */
    default Events read(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file);
    }

    /** Sensor width in pixels (exclusive upper bound of x) that decoded events are checked against. */
    int width();

    /** Sensor height in pixels (exclusive upper bound of y) that decoded events are checked against. */
    int height();
}
