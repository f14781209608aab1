/**
 * The ablation runner: {@link org.dl4j.snn.examples.experiment.Suite}s of
 * {@link org.dl4j.snn.examples.experiment.Arm}s (network variant x loss), trained per seed with the same data order
 * and initial weights, summarised over seeds and written as CSV and Markdown reports.
 *
 * <p>Internal to {@code experiment}; its reports are under {@code docs/experiments}.
 */
package org.dl4j.snn.examples.experiment;
