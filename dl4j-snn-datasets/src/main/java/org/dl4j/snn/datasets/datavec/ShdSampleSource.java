package org.dl4j.snn.datasets.datavec;

import org.dl4j.snn.datasets.cache.SourceId;
import org.dl4j.snn.datasets.format.EventChecks;
import org.dl4j.snn.datasets.format.EventFormatException;
import org.dl4j.snn.datasets.format.Events;
import org.dl4j.snn.datasets.format.ShdReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The samples of one SHD or SSC HDF5 file ({@code shd_train.h5}, {@code ssc_valid.h5}, ...): sample {@code i} is
 * the spike list {@code i} as events {@code x = channel 0..699}, {@code y = 0}, {@code p = 0}.
 *
 * <p>The file stays open (one {@link ShdReader}, which is thread-safe) until {@link #close()}; labels come from
 * its {@code labels} dataset, class names from {@code extra/keys} when present, else "0".."classes-1".
 */
public final class ShdSampleSource implements EventSampleSource, AutoCloseable {
    private final ShdReader reader;
    private final List<String> classNames;
    private final EventChecks checks;

    /**
     * @param classes the dataset's class count (SHD 20, SSC 35); a label outside it is an error at open time
     */
    public ShdSampleSource(Path file, int classes) throws IOException {
        this.reader = new ShdReader(file);
        this.checks = EventChecks.defaults();
        try {
            for (int i = 0; i < reader.size(); i++) {
                if (reader.label(i) >= classes) {
                    throw EventFormatException.inSample(file, i, "label " + reader.label(i) + " is outside the "
                            + classes + " classes 0.." + (classes - 1));
                }
            }
            List<String> keys = reader.keys();
            this.classNames = keys.size() == classes ? List.copyOf(keys)
                    : IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private ShdSampleSource(ShdSampleSource from, EventChecks checks) {
        this.reader = from.reader;
        this.classNames = from.classNames;
        this.checks = checks;
    }

    @Override
    public EventChecks checks() {
        return checks;
    }

    /** The same file and reader (closing either source closes it), loaded with {@code checks}. */
    @Override
    public ShdSampleSource withChecks(EventChecks checks) {
        if (checks == null) {
            throw new IllegalArgumentException("checks must not be null");
        }
        return new ShdSampleSource(this, checks);
    }

    @Override
    public int size() {
        return reader.size();
    }

    @Override
    public int label(int i) {
        return reader.label(i);
    }

    @Override
    public String describe(int i) {
        return reader.file() + " sample " + i;
    }

    @Override
    public SourceId sourceId(int i) throws IOException {
        return SourceId.of(reader.file(), "sample " + i);
    }

    @Override
    public Events load(int i) throws IOException {
        return reader.read(i, checks).events();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public void close() {
        reader.close();
    }
}
