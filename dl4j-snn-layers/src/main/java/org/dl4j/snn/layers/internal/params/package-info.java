/**
 * The one parameter initialiser of the layers built from a synapse and a neuron (DL4J's {@code ParamInitializer}),
 * composed of the synapse's part ("W", "b") and the neuron's ("tauW", "theta", "v0"): their layout in the flat
 * parameter vector and their initial values.
 * Internal: the parameter names and the layout are stable (they key saved parameters), the classes are not API.
 */
package org.dl4j.snn.layers.internal.params;
