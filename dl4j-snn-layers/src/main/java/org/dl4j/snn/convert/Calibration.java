package org.dl4j.snn.convert;

/**
 * How the per-batch statistics of {@link ScaleRule} are combined over the calibration set.
 */
public enum Calibration {
    /**
     * SpikingJelly's rule: {@code lambda = s_1} for the first batch, then {@code lambda <- 0.9 lambda + 0.1 s_b} in
     * float32 (an exponential moving average with momentum 0.1; it depends on the batch size and order).
     */
    EMA,
    /** The statistic of all calibration values at once (global maximum, exact percentile of every element). */
    EXACT
}
