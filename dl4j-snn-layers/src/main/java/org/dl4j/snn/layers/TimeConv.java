package org.dl4j.snn.layers;

/**
 * A 2-D convolution applied at every time step, without a neuron: {@code [batch, C, T, H, W] -> [batch, nOut, T,
 * H', W']}, {@code z[t] = W * x[t] + b}. The first half of SpikingJelly's {@code Conv -> BN -> neuron} blocks; follow
 * it with {@link TimeBatchNorm} and {@link SpikingNeuron}. Same options and parameters ("W", "b") as
 * {@link SpikingConv}, which fuses the convolution with its neuron.
 */
public class TimeConv extends SpikingConv {
    private static final long serialVersionUID = 1L;

    /** For Jackson. */
    protected TimeConv() {
    }

    protected TimeConv(Builder builder) {
        super(builder.withoutNeuron());
    }

    @Override
    public TimeConv clone() {
        return (TimeConv) super.clone();
    }

    /** Builder: {@code nOut} channels, kernel, stride, padding, dilation, convolution mode, bias. */
    public static class Builder extends SpikingConv.Builder {
        public Builder() {
            super();
        }

        public Builder(int nOut, int k) {
            super(nOut, k);
        }

        @Override
        public TimeConv build() {
            return new TimeConv(this);
        }
    }
}
