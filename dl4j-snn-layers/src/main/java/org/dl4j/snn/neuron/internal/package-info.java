/**
 * The neuron's dynamics: {@code NeuronKernel} runs charge, fire and reset with their BPTT over flat arrays (the hot
 * loop of the fused engine), {@code NeuronGraph} writes the same equations as a SameDiff graph, and the records they
 * exchange (geometry, parameter values, state, gradients).
 * Internal: public types for the layers' runtimes, not API; names and signatures may change.
 */
package org.dl4j.snn.neuron.internal;
