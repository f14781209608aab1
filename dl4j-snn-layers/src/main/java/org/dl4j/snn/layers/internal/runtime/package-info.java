/**
 * The fused runtimes (DL4J's {@code Layer} implementations) that the layer configurations instantiate: the linear
 * part over all T steps, then the neuron kernel; streaming and truncated-BPTT state.
 * Internal: public types for the configurations and tests, not API.
 */
package org.dl4j.snn.layers.internal.runtime;
