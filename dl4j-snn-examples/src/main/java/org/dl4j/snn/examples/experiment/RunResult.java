package org.dl4j.snn.examples.experiment;

import java.util.List;

/**
 * One training run of an {@link Arm} with one seed: its epochs, each with the test accuracy and the spike
 * monitor's numbers per spiking layer (in network order, named in {@code layers}).
 */
public record RunResult(Arm arm, long seed, List<String> layers, List<Epoch> epochs) {

    public RunResult {
        layers = List.copyOf(layers);
        epochs = List.copyOf(epochs);
    }

    /**
     * One epoch.
     *
     * @param dead      fraction of neurons that did not spike during the epoch's training batches, per layer
     * @param rate      mean firing rate per neuron and step, per layer
     * @param thetaMean mean threshold at the end of the epoch, per layer (NaN where the threshold is not learned)
     */
    public record Epoch(int epoch, double loss, double accuracy, double seconds, double[] dead, double[] rate,
                        double[] thetaMean) {}

    public double finalAccuracy() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).accuracy();
    }

    public double bestAccuracy() {
        return epochs.stream().mapToDouble(Epoch::accuracy).max().orElse(Double.NaN);
    }

    /** The first epoch (1-based) whose test accuracy is at least {@code target}, or 0 when none is. */
    public int epochsTo(double target) {
        for (Epoch e : epochs) {
            if (e.accuracy() >= target) {
                return e.epoch();
            }
        }
        return 0;
    }
}
