package org.dl4j.snn.datasets.format;

import java.util.Objects;

/**
 * One classification sample: an event recording with its 0-based class label.
 *
 * <p>{@code source} names where the sample came from (file, and for files holding several samples the sample
 * index or time window), so errors further down the pipeline can point back at the data.
 *
 * @param events the events of the sample
 * @param label  the class, 0-based
 * @param source a human-readable origin, e.g. {@code "user01_fluorescent.aedat [80048239, 85092709) us"}
 */
public record LabelledEvents(Events events, int label, String source) {
    public LabelledEvents {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(source, "source");
        if (label < 0) {
            throw new IllegalArgumentException("label must be >= 0, got " + label + " for " + source);
        }
    }
}
