package org.dl4j.snn.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;

/**
 * A layer whose synapse is a {@link ConvSynapse} ({@link SpikingConv}, {@link TimeConv}): the convolution's settings
 * and sizes read from the layer, as {@code getSynapse().get...()}.
 */
// The getters below are no properties of their own: the synapse writes these values into the layer's JSON.
@JsonIgnoreProperties(value = {"kernelSize", "stride", "padding", "dilation", "convolutionMode", "inputHeight",
    "inputWidth"}, allowSetters = true)
public interface ConvSynapseLayer {

    /** The convolution. */
    ConvSynapse getSynapse();

    default int[] getKernelSize() { return getSynapse().getKernelSize(); }
    default int[] getStride() { return getSynapse().getStride(); }
    default int[] getPadding() { return getSynapse().getPadding(); }
    default int[] getDilation() { return getSynapse().getDilation(); }
    default ConvolutionMode getConvolutionMode() { return getSynapse().getConvolutionMode(); }
    default long getInputHeight() { return getSynapse().getInputHeight(); }
    default long getInputWidth() { return getSynapse().getInputWidth(); }
    /** Output height for the configured input (after InputType inference). */
    default long outputHeight() { return getSynapse().outputHeight(); }
    /** Output width for the configured input (after InputType inference). */
    default long outputWidth() { return getSynapse().outputWidth(); }

    /** See {@link ConvSynapse#outSize(long, int)}. */
    default long outSize(long in, int axis) {
        return getSynapse().outSize(in, axis);
    }

    /** See {@link ConvSynapse#effectivePadding(long, long)}. */
    default int[] effectivePadding(long inH, long inW) {
        return getSynapse().effectivePadding(inH, inW);
    }

    /**
     * Builder of a conv synapse layer: {@code nOut} channels, kernel (default 3x3), stride (1), padding (0), dilation
     * (1), {@link ConvolutionMode} (Truncate), bias (true), engine (FUSED), weight init and updaters as for any DL4J
     * layer.
     *
     * @param <B> the concrete builder, which every setter returns
     */
    abstract class Builder<B extends Builder<B>> extends SynapseLayer.Builder<B> {
        private int[] kernelSize = {3, 3};
        private int[] stride = {1, 1};
        private int[] padding = {0, 0};
        private int[] dilation = {1, 1};
        private ConvolutionMode convolutionMode = ConvolutionMode.Truncate;

        protected Builder() {
        }

        /** Builder for {@code nOut} channels with a square kernel {@code k}. */
        protected Builder(int nOut, int k) {
            nOut(nOut);
            kernelSize(k, k);
        }

        public B kernelSize(int... k) { this.kernelSize = pair("kernelSize", k, 1); return self(); }
        public B stride(int... s) { this.stride = pair("stride", s, 1); return self(); }
        public B padding(int... p) { this.padding = pair("padding", p, 0); return self(); }
        public B dilation(int... d) { this.dilation = pair("dilation", d, 1); return self(); }

        public B convolutionMode(ConvolutionMode mode) {
            if (mode == null || mode == ConvolutionMode.Causal) {
                throw new IllegalArgumentException(kind() + ": convolutionMode must be Truncate, Strict or Same, got "
                        + mode);
            }
            this.convolutionMode = mode;
            return self();
        }

        /** The convolution as configured. */
        ConvSynapse synapse() {
            return new ConvSynapse(kernelSize, stride, padding, dilation, convolutionMode, hasBias);
        }

        private int[] pair(String field, int[] v, int min) {
            int[] r = v != null && v.length == 1 ? new int[] {v[0], v[0]} : v;
            if (r == null || r.length != 2 || r[0] < min || r[1] < min) {
                throw new IllegalArgumentException(kind() + "." + field + " must be 1 or 2 values >= " + min
                        + ", got " + Arrays.toString(v));
            }
            return r.clone();
        }
    }
}
