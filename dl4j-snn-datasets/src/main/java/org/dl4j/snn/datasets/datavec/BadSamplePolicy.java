package org.dl4j.snn.datasets.datavec;

/**
 * What an iterator does with a sample that cannot be decoded or transformed (truncated file, bad header, event
 * outside the sensor, frames of the wrong shape).
 *
 * <p>{@link #FAIL_FAST} (default) throws a {@link BadSampleException} naming the sample; {@link #SKIP_WITH_WARNING}
 * logs a warning, records the sample and reason in {@link SkippedSamples} and continues with the next sample.
 */
public enum BadSamplePolicy {
    FAIL_FAST,
    SKIP_WITH_WARNING
}
