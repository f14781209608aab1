/**
 * Internals of {@link org.dl4j.snn.convert.AnnToSnn}, not API: reading a DL4J network into steps
 * ({@code AnnReader}, {@code AnnOp}), batch-norm folding, calibration of the scales ({@code Calibrator},
 * {@code Quantiles}), laying out and building the spiking network ({@code SnnAssembler}, {@code SnnNetworks}) and
 * the per-step evaluation ({@code StepwiseEvaluator}).
 */
package org.dl4j.snn.convert.internal;
