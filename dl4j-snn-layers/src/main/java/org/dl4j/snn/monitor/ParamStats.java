package org.dl4j.snn.monitor;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Distribution of one neuron parameter of a layer (tau, theta or v0): count, min, mean, max and five quantiles.
 * Quantiles interpolate linearly between order statistics (numpy's default): with the values sorted as
 * {@code x[0] <= ... <= x[n-1]}, {@code q(p) = x[i] + (h - i) * (x[i+1] - x[i])} for {@code h = p*(n-1)},
 * {@code i = floor(h)}.
 *
 * @param name  {@link #TAU}, {@link #THETA} or {@link #V0}
 * @param count number of values (1 for a per-layer parameter, C per channel, N per neuron)
 */
public record ParamStats(String name, long count, double min, double mean, double max, double q05, double q25,
                         double q50, double q75, double q95) implements Serializable {

    /** Name of the reported membrane time constant tau (from the PLIF parameter "tauW": tau = 1 + exp(-w)). */
    public static final String TAU = "tau";
    /** Name of the reported firing threshold. */
    public static final String THETA = "theta";
    /** Name of the reported initial membrane potential. */
    public static final String V0 = "v0";

    /** The quantile levels reported, in the order of the record's fields q05 ... q95. */
    public static final double[] QUANTILES = {0.05, 0.25, 0.5, 0.75, 0.95};

    /**
     * The statistics of {@code values}.
     *
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public static ParamStats of(String name, double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("ParamStats '" + name + "': no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return new ParamStats(name, sorted.length, sorted[0], sum / sorted.length, sorted[sorted.length - 1],
                quantile(sorted, QUANTILES[0]), quantile(sorted, QUANTILES[1]), quantile(sorted, QUANTILES[2]),
                quantile(sorted, QUANTILES[3]), quantile(sorted, QUANTILES[4]));
    }

    /** The p-quantile of ascending {@code sorted}, linear interpolation (see the class comment). */
    public static double quantile(double[] sorted, double p) {
        double h = p * (sorted.length - 1);
        int i = (int) Math.floor(h);
        if (i >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
    }

    /** The quantiles in the order of {@link #QUANTILES}. */
    public double[] quantiles() {
        return new double[] {q05, q25, q50, q75, q95};
    }
}
