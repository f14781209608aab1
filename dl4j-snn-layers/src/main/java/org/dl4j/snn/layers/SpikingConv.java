package org.dl4j.snn.layers;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.internal.params.SpikingConvParamInitializer;
import org.dl4j.snn.layers.internal.runtime.NeuronRuntime;
import org.dl4j.snn.layers.internal.runtime.SpikingConvRuntime;
import org.dl4j.snn.layers.internal.samediff.SameDiffRuntime;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.internal.LearnableParam;
import org.dl4j.snn.neuron.internal.NeuronGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A spiking 2-D convolution: the same convolution applied at every time step, followed by the neuron,
 * {@code [batch, C, T, H, W] -> [batch, nOut, T, H', W']} (NCDHW with time in the depth slot).
 * {@code z[t] = W * x[t] + b} (cross-correlation with kernel, stride, padding, dilation, {@link ConvolutionMode}),
 * then {@code S[t] = Heaviside(H[t] - theta)} with the charge/reset of {@link NeuronConfig}.
 *
 * <p>Parameters: "W" [nOut, nIn, kH, kW] (DL4J's 2-D layout), "b" [nOut] (optional) and the neuron's learnable ones
 * ("tauW", "theta", "v0") at LAYER, CHANNEL (per output channel) or NEURON (per output channel and position) scope.
 * The fused runtime convolves all T steps in one 3-D convolution with kernel depth 1 (no layout copies) and runs the
 * neuron as one kernel over {@code [batch*nOut, T, H'*W']}.
 *
 * <p>{@link Builder#engine(Engine)} picks the runtime: {@link Engine#FUSED} (default) or {@link Engine#SAMEDIFF}, which
 * runs {@link #define(SameDiff, SDVariable, Map, int, int, int)} (the same convolution as one conv2d per time step,
 * then {@link NeuronGraph}) with SameDiff autodiff. Both give the same outputs and gradients (up to float rounding).
 */
public class SpikingConv extends FeedForwardLayer implements NeuronLayer, SameDiffDefinition {
    private static final long serialVersionUID = 1L;

    @JsonProperty("neuron")
    private NeuronConfig neuron;
    @JsonProperty("engine")
    private Engine engine = Engine.FUSED;
    @JsonProperty("kernelSize")
    private int[] kernelSize = {3, 3};
    @JsonProperty("stride")
    private int[] stride = {1, 1};
    @JsonProperty("padding")
    private int[] padding = {0, 0};
    @JsonProperty("dilation")
    private int[] dilation = {1, 1};
    @JsonProperty("hasBias")
    private boolean hasBias = true;
    @JsonProperty("convolutionMode")
    private ConvolutionMode convolutionMode = ConvolutionMode.Truncate;
    /** Input height and width, set by InputType inference (needed for NEURON-scope parameters). */
    @JsonProperty("inputHeight")
    private long inputHeight;
    @JsonProperty("inputWidth")
    private long inputWidth;

    /** For Jackson. */
    protected SpikingConv() {
    }

    protected SpikingConv(Builder builder) {
        super(builder);
        this.neuron = builder.neuron;
        this.kernelSize = builder.kernelSize;
        this.stride = builder.stride;
        this.padding = builder.padding;
        this.dilation = builder.dilation;
        this.hasBias = builder.hasBias;
        this.convolutionMode = builder.convolutionMode;
        this.engine = builder.engine;
        initializeConstraints(builder);
        if (nOut < 1) {
            throw new IllegalArgumentException(TimeLayout.describe(getClass().getSimpleName(), getLayerName(), -1)
                    + ": nOut must be >= 1, got " + nOut);
        }
    }

    /** The neuron, or null for a {@link TimeConv} (convolution only). */
    @Override
    public NeuronConfig getNeuron() { return neuron; }

    public int[] getKernelSize() { return kernelSize.clone(); }
    public int[] getStride() { return stride.clone(); }
    public int[] getPadding() { return padding.clone(); }
    public int[] getDilation() { return dilation.clone(); }
    public boolean hasBias() { return hasBias; }
    public ConvolutionMode getConvolutionMode() { return convolutionMode; }
    public long getInputHeight() { return inputHeight; }
    public long getInputWidth() { return inputWidth; }
    /** The runtime that executes the layer. */
    public Engine getEngine() { return engine; }

    /** Output height for the configured input (after InputType inference). */
    public long outputHeight() { return outSize(inputHeight, 0); }

    /** Output width for the configured input (after InputType inference). */
    public long outputWidth() { return outSize(inputWidth, 1); }

    /**
     * Output size along {@code axis} (0: height, 1: width) for an input of size {@code in}, by the layer's kernel,
     * stride, padding, dilation and {@link ConvolutionMode}.
     *
     * @throws IllegalStateException when the kernel does not fit, or Strict mode does not divide evenly
     */
    public long outSize(long in, int axis) {
        ConvolutionMode mode = convolutionMode == null ? ConvolutionMode.Truncate : convolutionMode;
        if (mode == ConvolutionMode.Same) {
            return (in + stride[axis] - 1) / stride[axis];
        }
        long effective = (long) dilation[axis] * (kernelSize[axis] - 1) + 1;
        long span = in + 2L * padding[axis] - effective;
        if (span < 0) {
            throw new IllegalStateException("SpikingConv(" + getLayerName() + "): kernel " + kernelSize[axis]
                    + " (dilation " + dilation[axis] + ") does not fit input " + in + " + padding " + padding[axis]);
        }
        if (mode == ConvolutionMode.Strict && span % stride[axis] != 0) {
            throw new IllegalStateException("SpikingConv(" + getLayerName() + "): ConvolutionMode.Strict but (input "
                    + in + " + 2*padding - kernel) is not divisible by stride " + stride[axis]);
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
    public SpikingConv clone() {
        SpikingConv c = (SpikingConv) super.clone();
        c.kernelSize = kernelSize.clone();
        c.stride = stride.clone();
        c.padding = padding.clone();
        c.dilation = dilation.clone();
        return c;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        String who = TimeLayout.describe(getClass().getSimpleName(), getLayerName(), layerIndex);
        if (nIn <= 0 || nOut <= 0) {
            throw new IllegalStateException(who + ": nIn and nOut must be > 0 (give the network an "
                    + "InputType.convolutional3D or set nIn), got nIn=" + nIn + ", nOut=" + nOut);
        }
        org.deeplearning4j.nn.api.Layer ret = engine == Engine.SAMEDIFF
                ? new SameDiffRuntime<SpikingConv>(conf, networkDataType)
                : new SpikingConvRuntime(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }

    @Override
    public ParamInitializer initializer() {
        return SpikingConvParamInitializer.getInstance();
    }

    /**
     * The layer as a SameDiff graph, for users composing their own graphs (and the {@link Engine#SAMEDIFF} engine):
     * the NCDHW input unstacked over T and one {@code sd.cnn.conv2d} per step (weights permuted to libnd4j's
     * [kH, kW, nIn, nOut]), stacked back, then {@link NeuronGraph#defineConv} (unrolled over T, surrogate spikes by
     * the detach trick); the convolution alone without a neuron ({@link TimeConv}).
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
    public SDVariable define(SameDiff sd, SDVariable input, Map<String, SDVariable> params, long[] inputShape,
                             boolean smoothForGradientChecks) {
        String who = TimeLayout.describe(getClass().getSimpleName(), getLayerName(), -1) + ".define";
        if (inputShape.length != 5 || inputShape[1] != nIn || inputShape[2] < 1 || inputShape[3] < 1
                || inputShape[4] < 1) {
            throw new IllegalArgumentException(who + ": expected an input [batch, nIn = " + nIn + ", T >= 1, H, W], "
                    + "got shape " + Arrays.toString(inputShape));
        }
        int steps = Math.toIntExact(inputShape[2]);
        int outH = Math.toIntExact(outSize(inputShape[3], 0));
        int outW = Math.toIntExact(outSize(inputShape[4], 1));
        int[] p = effectivePadding(inputShape[3], inputShape[4]);
        // One conv2d per time step on the unstacked frames [b, nIn, H, W] (kernel depth 1), not one conv3dnew: with
        // M2.1's default natives conv3dnew spends most of its time in a coordinate-wise assign of its permuted result.
        SDVariable w = SpikingDense.param(params, SpikingConvParamInitializer.WEIGHT_KEY, who).permute(2, 3, 1, 0);
        SDVariable b = hasBias ? SpikingDense.param(params, SpikingConvParamInitializer.BIAS_KEY, who) : null;
        Conv2DConfig conv = Conv2DConfig.builder().kH(kernelSize[0]).kW(kernelSize[1]).sH(stride[0]).sW(stride[1])
                .pH(p[0]).pW(p[1]).dH(dilation[0]).dW(dilation[1])
                .paddingMode(convolutionMode == ConvolutionMode.Same ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat("NCHW").build();
        SDVariable[] frames = sd.unstack(input, 2, steps);
        SDVariable[] zs = new SDVariable[steps];
        for (int t = 0; t < steps; t++) {
            zs[t] = b != null ? sd.cnn.conv2d(frames[t], w, b, conv) : sd.cnn.conv2d(frames[t], w, conv);
        }
        SDVariable z = sd.stack(2, zs);
        if (neuron == null) {
            return z;
        }
        return NeuronGraph.define(sd, z, params, neuron, Math.toIntExact(nOut), steps, outH, outW, 5,
                smoothForGradientChecks);
    }

    @Override
    public void checkInput(INDArray x, String who) {
        checkShape(x, who);
        NeuronRuntime.requireFinite(x, who);
    }

    /** {@link #checkInput} without the finiteness check (the fused runtime checks the spike raster instead). */
    public void checkShape(INDArray x, String who) {
        TimeLayout.requireRank(x, who, 5);
        if (x.size(1) != nIn) {
            throw new IllegalArgumentException(who + ": expected nIn = " + nIn
                    + " channels in dimension 1 of [batch, C, T, H, W], got input shape " + Arrays.toString(x.shape()));
        }
        NeuronRuntime.requireSteps(x, who);
        long positions = outSize(x.size(3), 0) * outSize(x.size(4), 1);
        for (LearnableParam p : LearnableParam.of(neuron)) {
            if (p.scope() == Scope.NEURON && positions != outputHeight() * outputWidth()) {
                throw new IllegalArgumentException(who + ": NEURON-scope parameter \"" + p.name() + "\" is sized for "
                        + "an input of H x W = " + inputHeight + " x " + inputWidth + " (output " + outputHeight()
                        + " x " + outputWidth() + "), got input shape " + Arrays.toString(x.shape()));
            }
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        String who = TimeLayout.describe("SpikingConv", getLayerName(), layerIndex);
        InputType.InputTypeConvolutional3D c = TimeLayout.requireConv(inputType, who);
        long outH = outSize(c.getHeight(), 0);
        long outW = outSize(c.getWidth(), 1);
        return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, c.getDepth(), outH, outW, nOut);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        String who = TimeLayout.describe("SpikingConv", getLayerName(), -1);
        InputType.InputTypeConvolutional3D c = TimeLayout.requireConv(inputType, who);
        if (nIn <= 0 || override) {
            nIn = c.getChannels();
        }
        inputHeight = c.getHeight();
        inputWidth = c.getWidth();
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        TimeLayout.requireConv(inputType, TimeLayout.describe("SpikingConv", getLayerName(), -1));
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long perExample = out.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, SpikingConv.class, inputType, out)
                .standardMemory(initializer().numParams(this), 0)
                .workingMemory(0, perExample, 0, 3 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        if (o == null || o.getClass() != getClass() || !super.equals(o)) return false;
        SpikingConv c = (SpikingConv) o;
        return Objects.equals(neuron, c.neuron) && Arrays.equals(kernelSize, c.kernelSize)
                && Arrays.equals(stride, c.stride) && Arrays.equals(padding, c.padding)
                && Arrays.equals(dilation, c.dilation) && hasBias == c.hasBias && convolutionMode == c.convolutionMode
                && inputHeight == c.inputHeight && inputWidth == c.inputWidth && engine == c.engine;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), neuron, Arrays.hashCode(kernelSize), Arrays.hashCode(stride),
                Arrays.hashCode(padding), Arrays.hashCode(dilation), hasBias, convolutionMode, inputHeight, inputWidth,
                engine);
    }

    /**
     * Builder: {@code nOut} channels, kernel (default 3x3), stride (1), padding (0), dilation (1),
     * {@link ConvolutionMode} (Truncate), bias (true), the neuron (default LIF), engine (FUSED), weight init and
     * updaters as for any DL4J layer. {@code biasUpdater(..)} applies to every bias-like parameter: "b" and the
     * neuron's "tauW", "theta", "v0" (e.g. a separate learning rate for the thresholds).
     */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private NeuronConfig neuron = NeuronConfig.builder().build();
        private int[] kernelSize = {3, 3};
        private int[] stride = {1, 1};
        private int[] padding = {0, 0};
        private int[] dilation = {1, 1};
        private boolean hasBias = true;
        private ConvolutionMode convolutionMode = ConvolutionMode.Truncate;
        private Engine engine = Engine.FUSED;

        public Builder() {
            activation(Activation.IDENTITY);
        }

        /** Builder for {@code nOut} channels with a square kernel {@code k}. */
        public Builder(int nOut, int k) {
            this();
            nOut(nOut);
            kernelSize(k, k);
        }

        public Builder neuron(NeuronConfig neuron) {
            if (neuron == null) throw new IllegalArgumentException("SpikingConv: neuron must not be null");
            this.neuron = neuron;
            return this;
        }

        /** Convolution only (used by {@link TimeConv}). */
        Builder withoutNeuron() {
            this.neuron = null;
            return this;
        }

        public Builder kernelSize(int... k) { this.kernelSize = pair("kernelSize", k, 1); return this; }
        public Builder stride(int... s) { this.stride = pair("stride", s, 1); return this; }
        public Builder padding(int... p) { this.padding = pair("padding", p, 0); return this; }
        public Builder dilation(int... d) { this.dilation = pair("dilation", d, 1); return this; }
        public Builder hasBias(boolean hasBias) { this.hasBias = hasBias; return this; }

        /** The runtime: {@link Engine#FUSED} (default) or {@link Engine#SAMEDIFF}. */
        public Builder engine(Engine engine) {
            if (engine == null) {
                throw new IllegalArgumentException("SpikingConv: engine must be FUSED or SAMEDIFF, got null");
            }
            this.engine = engine;
            return this;
        }

        public Builder convolutionMode(ConvolutionMode mode) {
            if (mode == null || mode == ConvolutionMode.Causal) {
                throw new IllegalArgumentException("SpikingConv: convolutionMode must be Truncate, Strict or Same, got "
                        + mode);
            }
            this.convolutionMode = mode;
            return this;
        }

        private static int[] pair(String field, int[] v, int min) {
            int[] r = v != null && v.length == 1 ? new int[] {v[0], v[0]} : v;
            if (r == null || r.length != 2 || r[0] < min || r[1] < min) {
                throw new IllegalArgumentException("SpikingConv." + field + " must be 1 or 2 values >= " + min
                        + ", got " + Arrays.toString(v));
            }
            return r.clone();
        }

        @Override
        @SuppressWarnings("unchecked")
        public SpikingConv build() {
            return new SpikingConv(this);
        }
    }
}
