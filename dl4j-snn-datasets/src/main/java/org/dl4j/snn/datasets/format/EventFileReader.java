package org.dl4j.snn.datasets.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A decoder for a file format that stores one event recording per file (ATIS .bin, AEDAT 2.0, AEDAT 3.1).
 *
 * <p>Each implementation follows one published byte layout, documented on the class; the whole file is read
 * with a single call (after a size check, see {@link FileLimits}) and decoded in one pass into the primitive arrays
 * of {@link Events}, which then pass the reader's {@link EventChecks}. Implementations are immutable and
 * thread-safe, so one instance can serve several loader threads.
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

    /**
     * Reads {@code file} with one read and decodes it. The readers of this package first check the file's size
     * against their format's {@link FileLimits} and the heap; this default (for other implementations) refuses files
     * above 2 GiB, which one array cannot hold.
     */
    default Events read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8) {
            throw EventFormatException.inFile(file, "the file is " + FileLimits.mib(size) + ", more than one read can "
                    + "hold");
        }
        return decode(Files.readAllBytes(file), file);
    }

    /** The timestamp checks this reader applies ({@link EventChecks#defaults()} unless set). */
    default EventChecks checks() {
        return EventChecks.defaults();
    }

    /**
     * A reader of the same format with other timestamp checks.
     *
     * @throws UnsupportedOperationException for a reader that does not apply {@link EventChecks}
     */
    default EventFileReader withChecks(EventChecks checks) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not apply EventChecks");
    }

    /** Sensor width in pixels (exclusive upper bound of x) that decoded events are checked against. */
    int width();

    /** Sensor height in pixels (exclusive upper bound of y) that decoded events are checked against. */
    int height();
}
