/**
 * NIR (Neuromorphic Intermediate Representation) files in and out: {@link org.dl4j.snn.nir.NirGraph} (the graph of
 * a {@code .nir} HDF5 file, read and written in pure Java), {@link org.dl4j.snn.nir.NirImport} (a graph to a DL4J
 * network), {@link org.dl4j.snn.nir.NirExport} (a network to a graph) and {@link org.dl4j.snn.nir.NirModel} (runs a
 * network on NIR's time-major tensors). Conventions are SpikingJelly's NIR bridge: dt in seconds given by the user,
 * tau in seconds, fire at H &gt;= theta, hard reset to v_reset, Affine weights [out, in].
 */
package org.dl4j.snn.nir;
