/**
 * Parameter initialisers of the spiking layers (DL4J's {@code ParamInitializer}): the layout of "W", "b" and the
 * neuron's "tauW", "theta", "v0" in the flat parameter vector, and their initial values.
 * Internal: the parameter names are stable (they key saved parameters), the classes are not API.
 */
package org.dl4j.snn.layers.internal.params;
