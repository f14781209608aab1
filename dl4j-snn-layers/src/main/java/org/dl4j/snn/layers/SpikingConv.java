package org.dl4j.snn.layers;

import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.internal.NeuronGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A spiking 2-D convolution, a {@link ConvSynapse} and a neuron: the same convolution applied at every time step,
 * followed by the neuron, {@code [batch, C, T, H, W] -> [batch, nOut, T, H', W']} (NCDHW with time in the depth
 * slot). {@code z[t] = W * x[t] + b} (cross-correlation with kernel, stride, padding, dilation,
 * {@link ConvolutionMode}), then {@code S[t] = Heaviside(H[t] - theta)} with the charge/reset of {@link NeuronConfig}.
 *
 * <p>Parameters: "W" [nOut, nIn, kH, kW] (DL4J's 2-D layout), "b" [nOut] (optional) and the neuron's learnable ones
 * ("tauW", "theta", "v0") at LAYER, CHANNEL (per output channel) or NEURON (per output channel and position) scope.
 * The fused runtime convolves all T steps at once and runs the neuron as one kernel over
 * {@code [batch*nOut, T, H'*W']}.
 *
 * <p>{@link Builder#engine(Engine)} picks the runtime: {@link Engine#FUSED} (default) or {@link Engine#SAMEDIFF}, which
 * runs {@link #define(SameDiff, SDVariable, Map, int, int, int)} (the same convolution as one conv2d per time step,
 * then {@link NeuronGraph}) with SameDiff autodiff. Both give the same outputs and gradients (up to float rounding).
 */
public class SpikingConv extends SynapseLayer<ConvSynapse> implements ConvSynapseLayer, NeuronLayer {
    private static final long serialVersionUID = 1L;

    @JsonProperty("neuron")
    private NeuronConfig neuron;

    /** For Jackson. */
    protected SpikingConv() {
    }

    protected SpikingConv(Builder builder) {
        super(builder, builder.synapse());
        this.neuron = builder.neuron;
    }

    @Override
    public NeuronConfig getNeuron() {
        return neuron;
    }

    /**
     * The layer as a SameDiff graph, for users composing their own graphs (and the {@link Engine#SAMEDIFF} engine):
     * the NCDHW input unstacked over T and one {@code sd.cnn.conv2d} per step (weights permuted to libnd4j's
     * [kH, kW, nIn, nOut]), stacked back, then {@link NeuronGraph#defineConv} (unrolled over T, surrogate spikes by
     * the detach trick).
     *
     * @param sd     the graph
     * @param input  {@code [batch, nIn, T, H, W]}
     * @param params "W" [nOut, nIn, kH, kW], "b" [nOut] (with a bias) and the neuron's learnable "tauW"/"theta"/"v0"
     *               (shapes as in the layer's parameter table)
     * @param steps  T (the graph is unrolled over it)
     * @param height H of the input
     * @param width  W of the input
     * @return {@code [batch, nOut, T, H', W']}
     */
    public SDVariable define(SameDiff sd, SDVariable input, Map<String, SDVariable> params, int steps, int height,
                             int width) {
        return define(sd, input, params, new long[] {-1, nIn, steps, height, width}, false);
    }

    @Override
    public SpikingConv clone() {
        return (SpikingConv) super.clone();
    }

    /**
     * Builder: {@code nOut} channels, kernel (default 3x3), stride (1), padding (0), dilation (1),
     * {@link ConvolutionMode} (Truncate), bias (true), the neuron (default LIF), engine (FUSED), weight init and
     * updaters as for any DL4J layer. {@code biasUpdater(..)} applies to every bias-like parameter: "b" and the
     * neuron's "tauW", "theta", "v0" (e.g. a separate learning rate for the thresholds).
     */
    public static class Builder extends ConvSynapseLayer.Builder<Builder> {
        private NeuronConfig neuron = NeuronConfig.builder().build();

        public Builder() {
        }

        /** Builder for {@code nOut} channels with a square kernel {@code k}. */
        public Builder(int nOut, int k) {
            super(nOut, k);
        }

        public Builder neuron(NeuronConfig neuron) {
            if (neuron == null) throw new IllegalArgumentException("SpikingConv: neuron must not be null");
            this.neuron = neuron;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public SpikingConv build() {
            return new SpikingConv(this);
        }
    }
}
