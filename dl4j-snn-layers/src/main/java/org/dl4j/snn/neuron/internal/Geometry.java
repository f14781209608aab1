package org.dl4j.snn.neuron.internal;

/**
 * Geometry of a neuron population's activations in the kernel's flat layout [outer, T, inner].
 * outer = batch*channels, inner = spatial; element (o, t, i) lives at (o*steps + t)*spatial + i, the channel of
 * row o is o % channels, and the neuron index within a sample is (o % channels)*spatial + i. A DL4J recurrent
 * array [batch, size, T] is (batch, size, T, 1); a spiking-conv array [batch, C, T, H, W] is (batch, C, T, H*W).
 *
 * @param batch    mini-batch size
 * @param channels channels C (dense layers: the layer size)
 * @param steps    time steps T
 * @param spatial  positions per channel S = H*W (dense layers: 1)
 */
public record Geometry(int batch, int channels, int steps, int spatial) {

    public Geometry {
        if (batch < 1 || channels < 1 || steps < 1 || spatial < 1) {
            throw new IllegalArgumentException("Geometry: batch, channels, steps and spatial must all be >= 1, got ("
                    + batch + ", " + channels + ", " + steps + ", " + spatial + ")");
        }
        Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(batch, channels), steps), spatial);
    }

    /** Shape of a recurrent array [batch, size, T]. */
    public static Geometry recurrent(int batch, int size, int steps) {
        return new Geometry(batch, size, steps, 1);
    }

    /** Number of rows: batch * channels. */
    public int outer() { return batch * channels; }

    /** Positions per channel (S). */
    public int inner() { return spatial; }

    /** Number of neurons of one time step over the whole batch: batch * channels * spatial. */
    public int stateLength() { return batch * channels * spatial; }

    /** Total number of elements: batch * channels * steps * spatial. */
    public int length() { return batch * channels * steps * spatial; }
}
