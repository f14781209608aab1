/**
 * {@link org.dl4j.snn.layers.preprocessor.TimeFlattenPreProcessor}, which DL4J inserts between a conv stack
 * {@code [batch, C, T, H, W]} and a dense layer {@code [batch, C*H*W, T]}.
 * Public API: its class name is written into saved model zips.
 */
package org.dl4j.snn.layers.preprocessor;
