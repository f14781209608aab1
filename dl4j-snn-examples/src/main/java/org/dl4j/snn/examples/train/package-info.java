/**
 * Training runs: the effective settings of a run ({@link org.dl4j.snn.examples.train.RunConfig}), its data and
 * network, the training loop ({@link org.dl4j.snn.examples.train.Trainer}) and the run folder's files (checkpoints,
 * {@code metrics.csv}, spike-monitor files, atomic writes, stop on SIGINT / SIGTERM).
 *
 * <p>Internal to the command line (used by {@code train}, {@code evaluate}, {@code predict}, {@code plot},
 * {@code experiment}).
 */
package org.dl4j.snn.examples.train;
