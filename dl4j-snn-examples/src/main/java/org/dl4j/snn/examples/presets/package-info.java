/**
 * Training presets: a dataset, its frame integration and a paper's network shape
 * ({@link org.dl4j.snn.examples.presets.Preset}), the network builders and the user's choices of neuron, surrogate
 * and loss by the names the command line takes ({@link org.dl4j.snn.examples.presets.NetworkOptions}).
 *
 * <p>Internal to the command line; a reader's guide to building the papers' networks with the library.
 */
package org.dl4j.snn.examples.presets;
