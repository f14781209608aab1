package org.dl4j.snn.datasets.datavec;

/**
 * A sample that could not be turned into frames, thrown under {@link BadSamplePolicy#FAIL_FAST}.
 *
 * <p>The message reads {@code "sample <index> (<origin>): <reason>"}; the cause is the original exception
 * (for malformed files an {@code EventFormatException} with the file and byte offset).
 */
public class BadSampleException extends RuntimeException {
    private final int index;
    private final String sample;

    public BadSampleException(int index, String sample, String reason, Throwable cause) {
        super("sample " + index + " (" + sample + "): " + reason, cause);
        this.index = index;
        this.sample = sample;
    }

    /** Index of the sample in its source. */
    public int index() {
        return index;
    }

    /** The sample's origin as given by {@link SampleSource#describe}. */
    public String sample() {
        return sample;
    }
}
