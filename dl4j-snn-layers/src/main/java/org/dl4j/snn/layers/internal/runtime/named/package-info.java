/**
 * The fused runtime under the name of each layer configuration, so that DL4J's {@code net.summary()} (which prints
 * the runtime's class name) shows {@code SpikingDense}, {@code SpikingConv}, {@code TimeConv},
 * {@code LeakyIntegratorReadout} and {@code SpikingNeuron} instead of {@code FusedRuntime}. {@link
 * org.dl4j.snn.layers.internal.runtime.named.NamedRuntimes#of} picks the class; the classes add nothing else.
 */
package org.dl4j.snn.layers.internal.runtime.named;
