package org.dl4j.snn.datasets.datavec;

import org.dl4j.snn.datasets.cache.SourceId;

import java.io.IOException;
import java.util.List;

/**
 * An indexed, labelled list of samples that are decoded on demand: {@code load(i)} returns sample {@code i}'s
 * decoded data ({@code Events}, a static image, ...), {@code label(i)} its 0-based class.
 *
 * <p>Labels, names and source identities are known without decoding (from folder names, label files, HDF5
 * label arrays), so an iterator can shuffle, report and look up caches before touching the data.
 *
 * @param <D> the decoded sample type
 */
public interface SampleSource<D> {

    int size();

    /** Class of sample {@code i}, in {@code [0, classNames().size())}. */
    int label(int i);

    /** Human-readable origin of sample {@code i} (file, index, window) for errors and skip reports. */
    String describe(int i);

    /** Identity of sample {@code i}'s data for cache keys (file path, size, mtime, part). */
    SourceId sourceId(int i) throws IOException;

    /** Decodes sample {@code i}. */
    D load(int i) throws IOException;

    /** Class names, index = label. */
    List<String> classNames();

    default int numClasses() {
        return classNames().size();
    }
}
