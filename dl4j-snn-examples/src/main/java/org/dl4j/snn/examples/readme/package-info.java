/**
 * The examples README.md quotes, each between {@code // tag::NAME[]} and {@code // end::NAME[]} and run by a test:
 * a spiking network in a {@code MultiLayerConfiguration} ({@link org.dl4j.snn.examples.readme.SpikingNetworkExample})
 * and an ordinary DL4J MNIST MLP and CNN beside their spiking versions
 * ({@link org.dl4j.snn.examples.readme.MnistToSpiking}). The conversion and NIR examples live in {@code convert} and
 * {@code nir}. {@code ReadmeCodeBlocksTest} requires every java block of README to be such a region.
 */
package org.dl4j.snn.examples.readme;
