package org.dl4j.snn.neuron;

/**
 * Granularity of a learnable neuron parameter (tau, theta, v0): one value per layer, per channel or per neuron.
 * For a layer with C channels and S spatial positions per channel the parameter has length 1, C or C*S; the
 * value used by neuron (channel c, spatial position i) is at index 0, c or c*S + i.
 */
public enum Scope {
    LAYER, CHANNEL, NEURON;

    /** Number of values for C channels of S spatial positions each. */
    public int length(int channels, int spatial) {
        return switch (this) {
            case LAYER -> 1;
            case CHANNEL -> channels;
            case NEURON -> Math.multiplyExact(channels, spatial);
        };
    }

    /** Index of the value used by the neuron at channel {@code c}, spatial position {@code i} (S positions). */
    public int index(int c, int i, int spatial) {
        return switch (this) {
            case LAYER -> 0;
            case CHANNEL -> c;
            case NEURON -> c * spatial + i;
        };
    }
}
