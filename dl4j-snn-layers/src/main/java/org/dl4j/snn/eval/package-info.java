/**
 * Evaluation of spiking classifiers: {@link org.dl4j.snn.eval.SnnEvaluation} turns temporal outputs into DL4J
 * {@code Evaluation}s by the loss's readout rule (mean over time, last step or votes), honouring time masks.
 * Public API.
 */
package org.dl4j.snn.eval;
