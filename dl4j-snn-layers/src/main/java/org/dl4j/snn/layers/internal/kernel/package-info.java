/**
 * The layers' compute kernels over flat float32 arrays, one family behind one contract,
 * {@link org.dl4j.snn.layers.internal.kernel.Kernel} (does it apply to this pass? forward; backward):
 * {@code SparseDenseKernel} and {@code SparseConvKernel} (spike-driven dense and conv synapses),
 * {@code OneDnnConvKernel} (conv synapse over dense input, by oneDNN when it is on the class path) and
 * {@code Im2colConvKernel} (the same without it), {@code PoolingKernel}, {@code BatchNormKernel}; with their
 * fork/join ({@code Ranges}) and layout ({@code TimeLayout}) helpers and their SIMD lanes ({@code PoolingLanes},
 * {@code ChannelSums}, loaded only where the Vector API is in the JVM). Each runtime lists its kernels in one place and
 * picks one per forward pass by {@link org.dl4j.snn.layers.internal.kernel.Kernels#choose}: the first fast kernel that
 * applies, else the stock one (DL4J's or libnd4j's op). One switch turns every fast kernel off:
 * {@code -Dsnn.kernels=stock}, or in tests {@link org.dl4j.snn.layers.internal.kernel.Kernels#stockOnly()}.
 * Internal: used by the runtimes, not API.
 */
package org.dl4j.snn.layers.internal.kernel;
