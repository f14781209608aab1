/**
 * The {@code convert} command ({@link org.dl4j.snn.examples.convert.ConvertCommand}: a saved DL4J ANN to a spiking
 * network; {@code convert report}: the measurements against SpikingJelly's ann2snn), the data it reads, SpikingJelly's
 * reference models, and the README's conversion example.
 */
package org.dl4j.snn.examples.convert;
