/**
 * The datasets as the command line names them ({@link org.dl4j.snn.examples.data.DatasetName}), the N-MNIST
 * sample bundled with the project and {@link org.dl4j.snn.examples.data.SubsetSource}, a view of some samples of a
 * source (seeded splits, first-N limits, picked samples).
 *
 * <p>Internal to the command line.
 */
package org.dl4j.snn.examples.data;
