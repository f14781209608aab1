/**
 * The spiking layer configurations users put into a {@code MultiLayerConfiguration} or {@code ComputationGraph}
 * (SpikingDense, SpikingConv, SpikingNeuron, TimeConv, TimeBatchNorm, TimePooling, TimeDropout, TimeFlatten,
 * VotingReadout, LeakyIntegratorReadout, ...), the {@link org.dl4j.snn.layers.Engine} that runs them and the
 * {@link org.dl4j.snn.layers.SameDiffDefinition} contract for composing them into SameDiff graphs.
 * Public API: the class names are written into saved model zips and stay stable.
 */
package org.dl4j.snn.layers;
