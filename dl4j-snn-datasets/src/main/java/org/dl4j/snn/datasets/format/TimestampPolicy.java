package org.dl4j.snn.datasets.format;

/**
 * What a reader does with events whose timestamps are out of time order or beyond the plausible duration of a
 * recording (see {@link EventChecks}).
 *
 * <p>{@link #DROP_EVENTS} (default) drops the fewest such events, logs one warning per file naming the file, the
 * offset of the first one and the count, and refuses the file when more than {@link EventChecks#maxDroppedFraction()}
 * of its events would go (such a file is not a recording); {@link #FAIL} refuses the sample with an
 * {@link EventFormatException}; {@link #SKIP_SAMPLE} leaves the sample out with a warning, also when the dataset
 * otherwise fails on bad samples.
 */
public enum TimestampPolicy {
    /** Refuse the sample: a {@link BadTimestampsException} that fails the run under the default bad-sample policy. */
    FAIL,
    /** Leave the sample out with a warning ({@link BadTimestampsException#skipSample()} is true). */
    SKIP_SAMPLE,
    /** Drop the offending events with a warning and keep the rest of the sample. */
    DROP_EVENTS;

    /**
     * The policy named {@code name}: {@code fail}, {@code skip} / {@code skip_sample}, {@code drop} /
     * {@code drop_events} (case-insensitive).
     */
    public static TimestampPolicy of(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        return switch (n) {
            case "fail" -> FAIL;
            case "skip", "skip_sample" -> SKIP_SAMPLE;
            case "drop", "drop_events" -> DROP_EVENTS;
            default -> throw new IllegalArgumentException("timestamp policy must be fail, skip or drop, got '" + name
                    + "'");
        };
    }
}
