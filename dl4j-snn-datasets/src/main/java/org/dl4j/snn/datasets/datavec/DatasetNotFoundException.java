package org.dl4j.snn.datasets.datavec;

import java.nio.file.Path;

/**
 * A dataset folder, file or class folder that is not where it should be.
 *
 * <p>The message says which dataset, the absolute path that was looked at, what was missing there, and how the
 * folder must look (the dataset's published layout).
 */
public class DatasetNotFoundException extends RuntimeException {
    private final Path lookedAt;

    public DatasetNotFoundException(String dataset, Path lookedAt, String missing, String expectedLayout) {
        super(dataset + " not found: looked in " + lookedAt.toAbsolutePath().normalize() + " and " + missing
                + ".\nExpected layout:\n" + expectedLayout);
        this.lookedAt = lookedAt.toAbsolutePath().normalize();
    }

    /** The absolute path that was examined. */
    public Path lookedAt() {
        return lookedAt;
    }
}
