/**
 * The layers' compute kernels over flat float32 arrays: {@code SparseDenseKernel} and {@code SparseConvKernel}
 * (spike-driven dense and conv layers), {@code Im2colConvKernel}, {@code PoolingKernel}, {@code BatchNormKernel},
 * with their fork/join ({@code Ranges}) and layout ({@code TimeLayout}) helpers.
 * Internal: used by the runtimes, not API.
 */
package org.dl4j.snn.layers.internal.kernel;
