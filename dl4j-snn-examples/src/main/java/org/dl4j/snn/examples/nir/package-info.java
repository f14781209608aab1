/**
 * The {@code nir} (export, import, run) and {@code energy} commands of the {@code dl4j-snn} command line, and
 * {@link org.dl4j.snn.examples.nir.NirRoundTripExample}: train briefly, export to NIR, re-import and compare.
 */
package org.dl4j.snn.examples.nir;
