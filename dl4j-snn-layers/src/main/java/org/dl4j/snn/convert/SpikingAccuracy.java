package org.dl4j.snn.convert;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accuracy of a rate-coded spiking classifier after each of several numbers of time steps, from one run: the
 * prediction after T steps is the argmax of the readout summed over steps {@code 0..T-1} (first class on ties), as
 * SpikingJelly's converted networks are read out; firing rates are spikes per neuron and step over the whole run.
 *
 * @param steps       the T values, ascending
 * @param accuracy    accuracy after {@code steps[i]} steps
 * @param predictions predicted class per T and sample, {@code [steps.length][samples]}
 * @param labels      true class per sample
 * @param firingRates mean spikes per neuron and step of each spiking layer (by layer name) over {@code max(steps)}
 *                    steps
 */
public record SpikingAccuracy(int[] steps, double[] accuracy, int[][] predictions, int[] labels,
                              Map<String, Double> firingRates) {

    public SpikingAccuracy {
        steps = steps.clone();
        accuracy = accuracy.clone();
        firingRates = Collections.unmodifiableMap(new LinkedHashMap<>(firingRates));
    }

    /** The accuracy after T steps. */
    public double accuracy(int t) {
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] == t) {
                return accuracy[i];
            }
        }
        throw new IllegalArgumentException("SpikingAccuracy: T = " + t + " was not evaluated; evaluated "
                + Arrays.toString(steps));
    }

    /** Number of samples evaluated. */
    public int samples() {
        return labels.length;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("SpikingAccuracy(");
        for (int i = 0; i < steps.length; i++) {
            s.append(i == 0 ? "" : ", ").append("T=").append(steps[i]).append(": ")
                    .append(String.format(java.util.Locale.ROOT, "%.4f", accuracy[i]));
        }
        return s.append(", ").append(labels.length).append(" samples)").toString();
    }
}
