/**
 * Implementation of {@link org.dl4j.snn.nir}: the HDF5 layout (jHDF), the neuron mapping both ways, the importer and
 * the exporter. Not API: names and signatures here may change.
 */
package org.dl4j.snn.nir.internal;
