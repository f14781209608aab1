package org.dl4j.snn.monitor;

import java.util.Arrays;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The spikes of one sample of one layer as a neurons-by-steps matrix, the data of a spike raster.
 * From activations {@code [b, N, T]} ({@code values[n][t] = S[sample, n, t]}) or {@code [b, C, T, H, W]} (neuron
 * {@code n = (c*H + h)*W + w}, the monitor's neuron order); padded steps of a masked sample are included.
 */
public final class SampleSpikes {
    private final double[][] values;

    private SampleSpikes(double[][] values) {
        this.values = values;
    }

    /**
     * The spikes of sample {@code sample} of a batch of activations.
     *
     * @throws IllegalArgumentException for a wrong rank or a sample index outside the batch
     */
    public static SampleSpikes of(INDArray activations, int sample) {
        TimeLayout.requireRank(activations, "SampleSpikes", 3, 5);
        if (sample < 0 || sample >= activations.size(0)) {
            throw new IllegalArgumentException("SampleSpikes: sample " + sample + " outside the batch of "
                    + activations.size(0) + " (shape " + Arrays.toString(activations.shape()) + ")");
        }
        INDArray one = activations.get(NDArrayIndex.point(sample)); // [N, T] or [C, T, H, W]
        if (one.rank() == 4) {
            long steps = one.size(1);
            // [C, T, H, W] -> [C, H, W, T] -> [C*H*W, T]: neuron (c*H + h)*W + w.
            one = one.permute(0, 2, 3, 1).dup('c').reshape('c', one.length() / steps, steps);
        }
        return new SampleSpikes(one.castTo(DataType.DOUBLE).toDoubleMatrix());
    }

    /**
     * Spikes given directly, {@code values[n][t]}.
     *
     * @throws IllegalArgumentException if the rows have different lengths or there are no neurons
     */
    public static SampleSpikes of(double[][] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("SampleSpikes: no neurons");
        }
        double[][] copy = new double[values.length][];
        for (int n = 0; n < values.length; n++) {
            if (values[n].length != values[0].length) {
                throw new IllegalArgumentException("SampleSpikes: neuron " + n + " has " + values[n].length
                        + " steps, neuron 0 has " + values[0].length);
            }
            copy[n] = values[n].clone();
        }
        return new SampleSpikes(copy);
    }

    /** Number of neurons N. */
    public int neurons() {
        return values.length;
    }

    /** Number of time steps T. */
    public int steps() {
        return values[0].length;
    }

    /** {@code S[n][t]}. */
    public double value(int neuron, int step) {
        return values[neuron][step];
    }

    /** Firing rate of each neuron over the sample: spikes / T. */
    public double[] ratePerNeuron() {
        double[] r = new double[neurons()];
        for (int n = 0; n < r.length; n++) {
            double s = 0;
            for (double v : values[n]) {
                s += v;
            }
            r[n] = s / steps();
        }
        return r;
    }

    /** Population rate at each step: fraction of the neurons that spike at t. */
    public double[] ratePerStep() {
        double[] r = new double[steps()];
        for (double[] row : values) {
            for (int t = 0; t < r.length; t++) {
                r[t] += row[t];
            }
        }
        for (int t = 0; t < r.length; t++) {
            r[t] /= neurons();
        }
        return r;
    }
}
