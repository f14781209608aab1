/**
 * The neuron a user configures: {@link org.dl4j.snn.neuron.NeuronConfig} (model, tau, threshold, initial potential,
 * reset, surrogate; JSON-serialisable and validated in its builder) and its enums.
 * Public API. The dynamics that run it live in {@code neuron.internal}.
 */
package org.dl4j.snn.neuron;
