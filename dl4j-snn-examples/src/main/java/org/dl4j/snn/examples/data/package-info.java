/**
 * The datasets as the command line names them ({@link org.dl4j.snn.examples.data.DatasetName}) and the N-MNIST
 * sample bundled with the project (seeded splits and subsets: {@link org.dl4j.snn.datasets.datavec.SubsetSource}).
 *
 * <p>Internal to the command line.
 */
package org.dl4j.snn.examples.data;
