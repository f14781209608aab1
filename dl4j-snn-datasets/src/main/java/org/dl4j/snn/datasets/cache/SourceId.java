package org.dl4j.snn.datasets.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * The identity of one sample's source data: the file's absolute path, size and modification time, plus the part
 * of the file the sample is (e.g. {@code "sample 17"} in an HDF5 file, a time window in a DVS Gesture recording).
 *
 * <p>A cache entry keyed by it is never served after the file is replaced or edited, because the size or the
 * modification time (nanoseconds where the file system keeps them) changes with it.
 *
 * @param path         absolute, normalised path
 * @param size         bytes
 * @param modifiedNanos last-modified time in nanoseconds since the epoch
 * @param part         which sample inside the file, {@code ""} for one-sample files
 */
public record SourceId(Path path, long size, long modifiedNanos, String part) {

    public SourceId {
        if (path == null || part == null) {
            throw new IllegalArgumentException("path and part are required (use \"\" for a one-sample file)");
        }
    }

    /** Reads the file's attributes now. */
    public static SourceId of(Path file, String part) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new SourceId(file.toAbsolutePath().normalize(), a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                part);
    }

    /** Stable text form used in cache keys. */
    public String key() {
        return path + "|size=" + size + "|mtime=" + modifiedNanos + (part.isEmpty() ? "" : "|part=" + part);
    }
}
