package org.dl4j.snn.convert;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accuracy of a rate-coded spiking classifier after each of several numbers of time steps, from one run: the
 * prediction after T steps is the argmax of the readout summed over steps {@code 0..T-1} (first class on ties), as
 * SpikingJelly's converted networks are read out; firing rates are spikes per neuron and step over the first T
 * steps.
 *
 * @param steps       the T values, ascending
 * @param accuracy    accuracy after {@code steps[i]} steps
 * @param predictions predicted class per T and sample, {@code [steps.length][samples]}
 * @param labels      true class per sample
 * @param rates       per spiking layer (by layer name): mean spikes per neuron and step over the first
 *                    {@code steps[i]} steps, for each i
 */
public record SpikingAccuracy(int[] steps, double[] accuracy, int[][] predictions, int[] labels,
                              Map<String, double[]> rates) {

    public SpikingAccuracy {
        steps = steps.clone();
        accuracy = accuracy.clone();
        Map<String, double[]> copy = new LinkedHashMap<>();
        rates.forEach((k, v) -> copy.put(k, v.clone()));
        rates = Collections.unmodifiableMap(copy);
    }

    /** Firing rate of each spiking layer (spikes per neuron and step) over all {@code max(steps)} steps. */
    public Map<String, Double> firingRates() {
        return firingRates(steps[steps.length - 1]);
    }

    /** Firing rate of each spiking layer over the first T steps (T one of {@link #steps}). */
    public Map<String, Double> firingRates(int t) {
        int i = index(t);
        Map<String, Double> out = new LinkedHashMap<>();
        rates.forEach((k, v) -> out.put(k, v[i]));
        return Collections.unmodifiableMap(out);
    }

    private int index(int t) {
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] == t) {
                return i;
            }
        }
        throw new IllegalArgumentException("SpikingAccuracy: T = " + t + " was not evaluated; evaluated "
                + Arrays.toString(steps));
    }

    /** The accuracy after T steps. */
    public double accuracy(int t) {
        return accuracy[index(t)];
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
