/**
 * The machinery of the temporal losses: the output layer's runtime ({@code TemporalLossRuntime}), softmax cross
 * entropy, step-wise activations and label-mask handling.
 * Internal: not API.
 */
package org.dl4j.snn.loss.internal;
