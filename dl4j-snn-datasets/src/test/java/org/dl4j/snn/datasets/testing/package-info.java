/**
 * Writers that produce dataset files in their exact published on-disk layouts, for tests only: they ship in the
 * test-jar of dl4j-snn-datasets ({@code <type>test-jar</type>, <scope>test</scope>}), never in the main jar.
 *
 * <p>Each writer is the inverse of one reader in {@code org.dl4j.snn.datasets.format}; tests round-trip
 * randomised events through writer and reader and build malformed files from valid ones. Real data never
 * passes through here.
 */
package org.dl4j.snn.datasets.testing;
