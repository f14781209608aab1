/**
 * Temporal losses over spiking outputs {@code [batch, classes, T]} (TET, SDT, LTS, spike-rate MSE), the
 * {@link org.dl4j.snn.loss.TemporalLossLayer} output layer that applies them, and the
 * {@link org.dl4j.snn.loss.Readout} rules that turn outputs into class scores.
 * Public API: the class names are written into saved model zips and stay stable.
 */
package org.dl4j.snn.loss;
