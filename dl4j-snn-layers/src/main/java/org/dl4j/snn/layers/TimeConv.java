package org.dl4j.snn.layers;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A 2-D convolution applied at every time step, without a neuron: a {@link ConvSynapse} alone,
 * {@code [batch, C, T, H, W] -> [batch, nOut, T, H', W']}, {@code z[t] = W * x[t] + b}. The first half of
 * SpikingJelly's {@code Conv -> BN -> neuron} blocks; follow it with {@link TimeBatchNorm} and {@link SpikingNeuron}.
 * Same options and parameters ("W", "b") as {@link SpikingConv}, which fuses the convolution with its neuron.
 *
 * <p>Saved before TimeConv and SpikingConv were siblings, a TimeConv's JSON has {@code "neuron": null}; it is read
 * as an unknown property and ignored.
 */
public class TimeConv extends SynapseLayer<ConvSynapse> implements ConvSynapseLayer {
    private static final long serialVersionUID = 1L;

    /** For Jackson. */
    protected TimeConv() {
    }

    protected TimeConv(Builder builder) {
        super(builder, builder.synapse());
    }

    /**
     * The convolution as a SameDiff graph: one {@code sd.cnn.conv2d} per time step, stacked back.
     *
     * @param input  {@code [batch, nIn, T, H, W]}
     * @param params "W" [nOut, nIn, kH, kW] and "b" [nOut] (with a bias)
     * @return {@code [batch, nOut, T, H', W']}
     */
    public SDVariable define(SameDiff sd, SDVariable input, Map<String, SDVariable> params, int steps, int height,
                             int width) {
        return define(sd, input, params, new long[] {-1, nIn, steps, height, width}, false);
    }

    @Override
    public TimeConv clone() {
        return (TimeConv) super.clone();
    }

    /** Builder: {@code nOut} channels, kernel, stride, padding, dilation, convolution mode, bias, engine. */
    public static class Builder extends ConvSynapseLayer.Builder<Builder> {
        public Builder() {
        }

        /** Builder for {@code nOut} channels with a square kernel {@code k}. */
        public Builder(int nOut, int k) {
            super(nOut, k);
        }

        @Override
        @SuppressWarnings("unchecked")
        public TimeConv build() {
            return new TimeConv(this);
        }
    }
}
