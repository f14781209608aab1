/**
 * NIR and energy work behind the {@code nir} and {@code energy} commands (which live in {@code cli}):
 * {@link org.dl4j.snn.examples.nir.ModelSource} opens a run folder, a model zip or a {@code .nir} file, and
 * {@link org.dl4j.snn.examples.nir.NirRoundTripExample} trains briefly, exports to NIR, re-imports and compares.
 * Internal to the examples module.
 */
package org.dl4j.snn.examples.nir;
