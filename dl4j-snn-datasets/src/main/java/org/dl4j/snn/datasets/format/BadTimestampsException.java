package org.dl4j.snn.datasets.format;

import java.nio.file.Path;

/**
 * A recording with events out of time order or beyond its plausible duration, refused under
 * {@link TimestampPolicy#FAIL} or {@link TimestampPolicy#SKIP_SAMPLE} (see {@link EventChecks}).
 *
 * <p>The message names the file, the offset (or sample and spike) of the first offending event, their count and the
 * total; {@link #skipSample()} tells a dataset to leave the sample out instead of failing.
 */
public final class BadTimestampsException extends EventFormatException {
    private static final long serialVersionUID = 1L;

    private final boolean skipSample;
    private final int badEvents;

    BadTimestampsException(Path file, long byteOffset, long sample, String message, int badEvents,
                           boolean skipSample) {
        super(file, byteOffset, -1, sample, message, null);
        this.badEvents = badEvents;
        this.skipSample = skipSample;
    }

    /** True under {@link TimestampPolicy#SKIP_SAMPLE}: the sample is to be left out with a warning. */
    public boolean skipSample() {
        return skipSample;
    }

    /** The number of events whose timestamps are out of order or implausible. */
    public int badEvents() {
        return badEvents;
    }
}
