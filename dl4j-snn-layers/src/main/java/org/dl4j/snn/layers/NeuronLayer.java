package org.dl4j.snn.layers;

import org.dl4j.snn.neuron.NeuronConfig;

/**
 * A layer configuration whose outputs come from a population of the library's neurons (spiking or not):
 * {@link SpikingDense}, {@link SpikingConv}, {@link LeakyIntegratorReadout}, {@link SpikingNeuron}. Layers without a
 * neuron ({@link TimeConv}) do not implement it. Monitors and tools recognise spiking layers through this one
 * interface.
 */
public interface NeuronLayer {
    /** The neuron model and its learnable parameters (never null). */
    NeuronConfig getNeuron();
}
