/**
 * The neuron's dynamics: {@code NeuronKernel} runs charge, fire and reset with their BPTT over flat arrays (the hot
 * loop of the fused engine) in one loop, into which a model enters as two pieces, its {@code Charge} (IF, LIF,
 * CUBA_LIF) and its {@code ResetRule} (hard, soft, none); {@code NeuronGraph} writes the same equations, piece by
 * piece under the same names, as a SameDiff graph; and the records they exchange (geometry, parameter values, state,
 * gradients).
 * Internal: public types for the layers' runtimes, not API; names and signatures may change.
 */
package org.dl4j.snn.neuron.internal;
