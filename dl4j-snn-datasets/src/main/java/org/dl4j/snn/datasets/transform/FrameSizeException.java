package org.dl4j.snn.datasets.transform;

/**
 * Frames that would not fit in one array: {@code T x C x H x W} values above {@code Integer.MAX_VALUE - 8}, or more
 * memory than the heap has. A setting (T, the sensor size after transforms) is too large, not the data: datasets
 * report it as it is, never as a bad sample.
 */
public final class FrameSizeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public FrameSizeException(String message) {
        super(message);
    }
}
