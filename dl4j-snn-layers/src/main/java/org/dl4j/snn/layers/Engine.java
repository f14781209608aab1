package org.dl4j.snn.layers;

/**
 * Which runtime executes a spiking layer ({@link SpikingDense}, {@link SpikingConv}); chosen per layer with
 * {@code Builder.engine(..)} and stored in the configuration JSON. Both engines compute the same equations
 * ({@link org.dl4j.snn.neuron.NeuronConfig}) on the same parameters and give the same outputs and surrogate
 * gradients (tested to 1e-9 in float64).
 */
public enum Engine {
    /**
     * The default: the linear part once over all T steps (one GEMM / one convolution) and the neuron recursion with
     * its BPTT as one kernel over flat arrays ({@link org.dl4j.snn.neuron.internal.NeuronKernel}). Streams with
     * {@code rnnTimeStep} and supports truncated BPTT.
     */
    FUSED,
    /**
     * A SameDiff graph per input shape: the layer's {@code define(..)} (linear part, then
     * {@link org.dl4j.snn.neuron.internal.NeuronGraph} unrolled over T with the detach-trick surrogate spike),
     * gradients by SameDiff autodiff: the readable reference, and the way into graphs users compose themselves. Several
     * times slower than {@link #FUSED} (about twenty small ops per time step, and the first step of each input shape
     * builds the graphs; measurements in dl4j-snn-examples/docs/performance.md), and it has no streaming:
     * {@code rnnTimeStep} and truncated BPTT throw {@link UnsupportedOperationException}.
     */
    SAMEDIFF
}
