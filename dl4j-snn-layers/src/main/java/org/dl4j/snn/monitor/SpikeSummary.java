package org.dl4j.snn.monitor;

import java.io.Serializable;

/**
 * Firing statistics of one spiking layer over an interval (an epoch or a window of iterations): mean firing rate and
 * the numbers of dead and saturated neurons.
 * With {@code c[n]} the spike count of neuron n summed over the interval's samples and unmasked steps and
 * {@code P} the number of unmasked (sample, step) pairs: rate = sum_n c[n] / (N * P); dead = #{n : c[n] = 0}
 * (no spike at all, Rouser's "dead neuron"); saturated = #{n : c[n] = P} (a spike at every step of every sample).
 *
 * @param neurons     N: units of the layer's output per sample position (dense: size, conv: C*H*W)
 * @param samples     samples seen in the interval (a sample is counted once per forward pass)
 * @param sampleSteps P: unmasked (sample, time step) pairs seen in the interval
 * @param spikes      total spike count of the layer in the interval
 * @param meanRate    spikes / (N * P): mean firing probability per neuron and step
 * @param dead        neurons that never spiked
 * @param saturated   neurons that spiked at every unmasked step of every sample
 */
public record SpikeSummary(long neurons, long samples, long sampleSteps, double spikes, double meanRate, long dead,
                           long saturated) implements Serializable {

    /**
     * The summary of per-neuron counts.
     *
     * @throws IllegalArgumentException if there are no neurons or no unmasked steps (nothing to summarise)
     */
    public static SpikeSummary of(double[] counts, long samples, long sampleSteps) {
        if (counts.length == 0) {
            throw new IllegalArgumentException("SpikeSummary: no neurons");
        }
        if (sampleSteps <= 0) {
            throw new IllegalArgumentException("SpikeSummary: no unmasked (sample, step) pairs, got " + sampleSteps);
        }
        double total = 0;
        long dead = 0;
        long saturated = 0;
        for (double c : counts) {
            total += c;
            if (c == 0) {
                dead++;
            }
            // Counts are sums of 0/1 values, exact in double, so >= is the equality c == P.
            if (c >= sampleSteps) {
                saturated++;
            }
        }
        return new SpikeSummary(counts.length, samples, sampleSteps, total,
                total / ((double) counts.length * sampleSteps), dead, saturated);
    }

    /** Fraction of dead neurons, dead / N. */
    public double deadFraction() {
        return (double) dead / neurons;
    }

    /** Fraction of saturated neurons, saturated / N. */
    public double saturatedFraction() {
        return (double) saturated / neurons;
    }

    /** Whether every neuron of the layer was dead over the interval (no spike at all: no signal, no gradient). */
    public boolean fullyDead() {
        return dead == neurons;
    }

    /** Whether every neuron of the layer fired at every step (no information in the spikes). */
    public boolean fullySaturated() {
        return saturated == neurons;
    }

    /**
     * The warning for a fully dead or fully saturated layer, with the usual cures; empty when the layer is neither.
     * {@link SpikeMonitor} logs it for every epoch record, and the UI's SNN view shows it.
     *
     * @param layer the layer, as {@link MonitoredLayer#describe()} gives it
     */
    public java.util.Optional<String> warning(String layer) {
        if (fullyDead()) {
            return java.util.Optional.of(layer + " is dead: none of its " + neurons + " neurons spiked over the "
                    + "interval (" + sampleSteps + " sample steps), so nothing after it gets a signal. Usual cures: "
                    + "a lower threshold (NeuronConfig theta) or a learnable one (learnTheta, Rouser-style threshold "
                    + "learning), larger inputs (input scaling / encoding), a larger weight init "
                    + "(WeightInitSpiking, the default of SpikingDense / SpikingConv), batch norm in front of the "
                    + "neurons (TimeBatchNorm)");
        }
        if (fullySaturated()) {
            return java.util.Optional.of(layer + " is saturated: all of its " + neurons + " neurons spiked at "
                    + "every step of every sample (" + sampleSteps + " sample steps), so its spikes carry no "
                    + "information. Usual cures: a higher threshold (NeuronConfig theta) or a learnable one "
                    + "(learnTheta, Rouser-style threshold learning), smaller inputs (input scaling / encoding), a "
                    + "smaller weight init, batch norm in front of the neurons (TimeBatchNorm)");
        }
        return java.util.Optional.empty();
    }
}
