package org.dl4j.snn.datasets.datavec;

import org.dl4j.snn.datasets.cache.SourceId;
import org.dl4j.snn.datasets.format.EventChecks;
import org.dl4j.snn.datasets.format.EventFileReader;
import org.dl4j.snn.datasets.format.Events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Samples that are one event file each (N-MNIST, N-Caltech101, CIFAR10-DVS, SLAYER .bs2), with labels known
 * from the file's place (its class folder).
 *
 * <p>Sample {@code i} is {@code reader.read(files[i])} with class {@code labels[i]}; the cache identity is the file
 * itself (path, size, mtime).
 */
public final class FileSampleSource implements EventSampleSource {
    private final List<Path> files;
    private final int[] labels;
    private final List<String> classNames;
    private final EventFileReader reader;

    public FileSampleSource(List<Path> files, int[] labels, List<String> classNames, EventFileReader reader) {
        if (files.size() != labels.length) {
            throw new IllegalArgumentException(files.size() + " files but " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of " + files.get(i) + " is outside [0, "
                        + classNames.size() + ")");
            }
        }
        this.files = List.copyOf(files);
        this.labels = labels.clone();
        this.classNames = List.copyOf(classNames);
        this.reader = reader;
    }

    @Override
    public EventChecks checks() {
        return reader.checks();
    }

    @Override
    public FileSampleSource withChecks(EventChecks checks) {
        return new FileSampleSource(files, labels, classNames, reader.withChecks(checks));
    }

    /** The reader of the files. */
    public EventFileReader reader() {
        return reader;
    }

    public List<Path> files() {
        return files;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public String describe(int i) {
        return files.get(i).toString();
    }

    @Override
    public SourceId sourceId(int i) throws IOException {
        return SourceId.of(files.get(i), "");
    }

    @Override
    public Events load(int i) throws IOException {
        return reader.read(files.get(i));
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }
}
