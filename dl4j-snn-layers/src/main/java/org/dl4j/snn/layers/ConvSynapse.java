package org.dl4j.snn.layers;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.internal.params.SynapseNeuronParamInitializer;
import org.dl4j.snn.layers.internal.runtime.NeuronRuntime;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A 2-D convolution applied at every time step: {@code [batch, C, T, H, W] -> [batch, nOut, T, H', W']} (NCDHW with
 * time in the depth slot), {@code z[t] = W * x[t] + b} (cross-correlation with kernel, stride, padding, dilation and
 * {@link ConvolutionMode}), with "W" [nOut, nIn, kH, kW] (DL4J's 2-D layout) and "b" [nOut] (when it has a bias).
 * Output size per axis: {@code (in + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1} (Truncate, Strict),
 * {@code ceil(in / stride)} (Same).
 */
public final class ConvSynapse extends Synapse {
    private static final long serialVersionUID = 1L;

    @JsonProperty("kernelSize")
    private int[] kernelSize = {3, 3};
    @JsonProperty("stride")
    private int[] stride = {1, 1};
    @JsonProperty("padding")
    private int[] padding = {0, 0};
    @JsonProperty("dilation")
    private int[] dilation = {1, 1};
    @JsonProperty("convolutionMode")
    private ConvolutionMode convolutionMode = ConvolutionMode.Truncate;
    /** Input height and width, set by InputType inference (they size NEURON-scope parameters). */
    @JsonProperty("inputHeight")
    private long inputHeight;
    @JsonProperty("inputWidth")
    private long inputWidth;

    /** For Jackson. */
    private ConvSynapse() {
    }

    ConvSynapse(int[] kernelSize, int[] stride, int[] padding, int[] dilation, ConvolutionMode convolutionMode,
                boolean hasBias) {
        super(hasBias);
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.convolutionMode = convolutionMode;
    }

    private ConvSynapse(ConvSynapse c, long inputHeight, long inputWidth) {
        this(c.kernelSize, c.stride, c.padding, c.dilation, c.convolutionMode, c.hasBias());
        this.inputHeight = inputHeight;
        this.inputWidth = inputWidth;
    }

    public int[] getKernelSize() { return kernelSize.clone(); }
    public int[] getStride() { return stride.clone(); }
    public int[] getPadding() { return padding.clone(); }
    public int[] getDilation() { return dilation.clone(); }
    public ConvolutionMode getConvolutionMode() { return convolutionMode; }
    /** Input height as InputType inference found it (0 before). */
    public long getInputHeight() { return inputHeight; }
    /** Input width as InputType inference found it (0 before). */
    public long getInputWidth() { return inputWidth; }

    /** Output height for the configured input (after InputType inference). */
    public long outputHeight() { return outSize(inputHeight, 0); }

    /** Output width for the configured input (after InputType inference). */
    public long outputWidth() { return outSize(inputWidth, 1); }

    /**
     * Output size along {@code axis} (0: height, 1: width) for an input of size {@code in}, by the kernel, stride,
     * padding, dilation and {@link ConvolutionMode}.
     *
     * @throws IllegalStateException when the kernel does not fit, or Strict mode does not divide evenly
     */
    public long outSize(long in, int axis) {
        return outSize(in, axis, "ConvSynapse");
    }

    /** {@link #outSize(long, int)}, naming the layer ({@code who}) in its errors. */
    long outSize(long in, int axis, String who) {
        if (in <= 0) {
            throw new IllegalStateException(who + ": the input " + (axis == 0 ? "height" : "width") + " is unknown "
                    + "(give the network an InputType, e.g. setInputType(InputType.convolutional3D(NCDHW, T, H, W, "
                    + "C)))");
        }
        ConvolutionMode mode = convolutionMode == null ? ConvolutionMode.Truncate : convolutionMode;
        if (mode == ConvolutionMode.Same) {
            return (in + stride[axis] - 1) / stride[axis];
        }
        long effective = (long) dilation[axis] * (kernelSize[axis] - 1) + 1;
        long span = in + 2L * padding[axis] - effective;
        if (span < 0) {
            throw new IllegalStateException(who + ": kernel " + kernelSize[axis] + " (dilation " + dilation[axis]
                    + ") does not fit input " + in + " + padding " + padding[axis]);
        }
        if (mode == ConvolutionMode.Strict && span % stride[axis] != 0) {
            throw new IllegalStateException(who + ": ConvolutionMode.Strict but (input " + in
                    + " + 2*padding - kernel) is not divisible by stride " + stride[axis]);
        }
        return span / stride[axis] + 1;
    }

    /** Top-left padding actually applied for an input of H x W (ConvolutionMode.Same computes it). */
    public int[] effectivePadding(long inH, long inW) {
        ConvolutionMode mode = convolutionMode == null ? ConvolutionMode.Truncate : convolutionMode;
        if (mode != ConvolutionMode.Same) {
            return padding.clone();
        }
        long[] in = {inH, inW};
        int[] p = new int[2];
        for (int a = 0; a < 2; a++) {
            long out = (in[a] + stride[a] - 1) / stride[a];
            long needed = (out - 1) * stride[a] + (long) dilation[a] * (kernelSize[a] - 1) + 1 - in[a];
            p[a] = (int) Math.max(0, needed / 2);
        }
        return p;
    }

    @Override
    public long outputPositions() {
        return outputHeight() * outputWidth();
    }

    @Override
    long[] outputShape(long[] inputShape, long nOut, String who) {
        return new long[] {inputShape[0], nOut, inputShape[2], outSize(inputShape[3], 0, who),
            outSize(inputShape[4], 1, who)};
    }

    @Override
    long inputSize(InputType inputType, String who) {
        return TimeLayout.requireConv(inputType, who).getChannels();
    }

    @Override
    ConvSynapse withInput(InputType inputType, String who) {
        InputType.InputTypeConvolutional3D c = TimeLayout.requireConv(inputType, who);
        return new ConvSynapse(this, c.getHeight(), c.getWidth());
    }

    @Override
    InputType outputType(InputType inputType, long nOut, String who) {
        InputType.InputTypeConvolutional3D c = TimeLayout.requireConv(inputType, who);
        return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, c.getDepth(), outSize(c.getHeight(), 0, who),
                outSize(c.getWidth(), 1, who), nOut);
    }

    @Override
    InputPreProcessor preProcessor(InputType inputType, String who) {
        TimeLayout.requireConv(inputType, who);
        return null;
    }

    @Override
    void checkShape(INDArray x, long nIn, String who) {
        TimeLayout.requireRank(x, who, 5);
        if (x.size(1) != nIn) {
            throw new IllegalArgumentException(who + ": expected nIn = " + nIn
                    + " channels in dimension 1 of [batch, C, T, H, W], got input shape " + Arrays.toString(x.shape()));
        }
        NeuronRuntime.requireSteps(x, who);
    }

    /**
     * The NCDHW input unstacked over T and one {@code sd.cnn.conv2d} per step (weights permuted to libnd4j's
     * [kH, kW, nIn, nOut]), stacked back.
     */
    @Override
    SDVariable define(SameDiff sd, SDVariable input, Map<String, SDVariable> params, long[] inputShape, long nIn,
                      long nOut, String who) {
        if (inputShape.length != 5 || inputShape[1] != nIn || inputShape[2] < 1 || inputShape[3] < 1
                || inputShape[4] < 1) {
            throw new IllegalArgumentException(who + ": expected an input [batch, nIn = " + nIn + ", T >= 1, H, W], "
                    + "got shape " + Arrays.toString(inputShape));
        }
        int steps = Math.toIntExact(inputShape[2]);
        int[] p = effectivePadding(inputShape[3], inputShape[4]);
        // One conv2d per time step on the unstacked frames [b, nIn, H, W] (kernel depth 1), not one conv3dnew: with
        // M2.1's default natives conv3dnew spends most of its time in a coordinate-wise assign of its permuted result.
        SDVariable w = param(params, SynapseNeuronParamInitializer.WEIGHT_KEY, who).permute(2, 3, 1, 0);
        SDVariable b = hasBias() ? param(params, SynapseNeuronParamInitializer.BIAS_KEY, who) : null;
        Conv2DConfig conv = Conv2DConfig.builder().kH(kernelSize[0]).kW(kernelSize[1]).sH(stride[0]).sW(stride[1])
                .pH(p[0]).pW(p[1]).dH(dilation[0]).dW(dilation[1])
                .paddingMode(convolutionMode == ConvolutionMode.Same ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat("NCHW").build();
        SDVariable[] frames = sd.unstack(input, 2, steps);
        SDVariable[] zs = new SDVariable[steps];
        for (int t = 0; t < steps; t++) {
            zs[t] = b != null ? sd.cnn.conv2d(frames[t], w, b, conv) : sd.cnn.conv2d(frames[t], w, conv);
        }
        return sd.stack(2, zs);
    }

    @Override
    public ConvSynapse clone() {
        ConvSynapse c = (ConvSynapse) super.clone();
        c.kernelSize = kernelSize.clone();
        c.stride = stride.clone();
        c.padding = padding.clone();
        c.dilation = dilation.clone();
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (!super.equals(o)) return false;
        ConvSynapse c = (ConvSynapse) o;
        return Arrays.equals(kernelSize, c.kernelSize) && Arrays.equals(stride, c.stride)
                && Arrays.equals(padding, c.padding) && Arrays.equals(dilation, c.dilation)
                && convolutionMode == c.convolutionMode && inputHeight == c.inputHeight && inputWidth == c.inputWidth;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), Arrays.hashCode(kernelSize), Arrays.hashCode(stride),
                Arrays.hashCode(padding), Arrays.hashCode(dilation), convolutionMode, inputHeight, inputWidth);
    }

    @Override
    public String toString() {
        return "ConvSynapse(kernelSize=" + Arrays.toString(kernelSize) + ", stride=" + Arrays.toString(stride)
                + ", padding=" + Arrays.toString(padding) + ", dilation=" + Arrays.toString(dilation)
                + ", convolutionMode=" + convolutionMode + ", hasBias=" + hasBias() + ", input " + inputHeight + "x"
                + inputWidth + ")";
    }
}
