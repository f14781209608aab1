/**
 * Surrogate gradients: one small class per function (ATan, Sigmoid, FastSigmoid, PiecewiseQuadratic, Triangle,
 * Rectangular, SlayerExponential), each giving the spike's substitute derivative at u = H - theta and its SameDiff
 * expression; implement {@link org.dl4j.snn.surrogate.Surrogate} for your own.
 * Public API: the class names are written into saved model zips and stay stable.
 */
package org.dl4j.snn.surrogate;
