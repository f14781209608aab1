/**
 * The runtimes (DL4J's {@code Layer} implementations) that the layer configurations instantiate. {@code FusedRuntime}
 * runs every layer built from a synapse and a neuron as two halves, the synapse ({@code DenseSynapseRuntime},
 * {@code ConvSynapseRuntime}: the currents of all T steps at once) and the neuron ({@code NeuronRuntime}: the neuron
 * kernel, streaming and truncated-BPTT state); the time-distributed layers (pooling, batch norm, dropout, flatten,
 * voting) have one runtime each. Where a runtime has several kernels, {@code KernelChoice} picks one per pass.
 * Internal: public types for the configurations and tests, not API.
 */
package org.dl4j.snn.layers.internal.runtime;
