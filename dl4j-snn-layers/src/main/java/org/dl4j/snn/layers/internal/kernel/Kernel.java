package org.dl4j.snn.layers.internal.kernel;

/**
 * The contract of the layers' compute kernels: one way to compute one layer operation (a dense or conv synapse,
 * pooling, batch norm) forward and backward over a whole minibatch. A runtime describes each forward pass as a
 * {@code P} (its input, the arrays to write) and picks the kernel for it in one place, {@link Kernels#choose}: the
 * first of its fast kernels that {@linkplain #appliesTo applies} to the pass, else its stock kernel, DL4J's or
 * libnd4j's own op, which applies to every pass. The chosen kernel runs {@link #forward}; the backward pass over the
 * same input runs the same kernel on the same pass, so whatever the forward left there (a spike raster, max-pooling
 * indices, batch statistics) is at hand; a backward pass without its forward runs the stock kernel. Every fast kernel
 * computes what the stock op computes, bit for bit or up to float rounding (tests compare them), so {@link Kernels}
 * can turn all of them off at once.
 *
 * <p>The family: {@link SparseDenseKernel} (spike-driven dense synapse), {@link SparseConvKernel} (spike-driven conv
 * synapse), {@link OneDnnConvKernel} and {@link Im2colConvKernel} (conv synapse over dense input, by oneDNN or by
 * im2col GEMMs), {@link PoolingKernel} and
 * {@link BatchNormKernel}; the runtimes wrap each in this contract beside their stock kernel. The neuron recursion has
 * no stock twin in the fused runtime ({@link org.dl4j.snn.neuron.internal.NeuronKernel} is the layer); its reference
 * is the SameDiff engine.
 *
 * @param <P> the operation's pass: what the runtime hands over and what the kernel writes back
 */
public interface Kernel<P> {

    /**
     * Whether this kernel computes {@code pass}: its input's data type, layout and, for the spike-driven kernels,
     * density; the layer's settings. It may record what it found for {@link #forward} in the pass (the spike-driven
     * kernels scan the input here, and the scan is the answer). By default every pass, as for the stock kernels; the
     * fast kernels say when.
     */
    default boolean appliesTo(P pass) {
        return true;
    }

    /**
     * Whether this kernel's work is libnd4j's own parallel loops (a stock op). The others run with libnd4j's loops
     * on one thread ({@link NativeThreads}): they parallelise in Java or in OpenBLAS.
     */
    default boolean nativeLoops() {
        return false;
    }

    /** The forward pass: reads the pass's input and parameters, writes its output. */
    void forward(P pass);

    /** The backward pass of the {@link #forward} that ran on {@code pass}: writes the gradients into it. */
    void backward(P pass);
}
