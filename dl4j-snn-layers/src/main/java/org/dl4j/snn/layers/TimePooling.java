package org.dl4j.snn.layers;

import java.util.Arrays;
import java.util.Collection;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.deeplearning4j.util.ValidationUtils;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.internal.runtime.TimePoolingRuntime;
import org.dl4j.snn.layers.internal.runtime.Runtimes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pooling through time: the 2-D max / average / sum / p-norm pooling of every time step of spiking conv activations
 * {@code [batch, C, T, H, W]}, as SpikingJelly's {@code SeqToANNContainer(MaxPool2d)} or {@code layer.MaxPool2d}.
 * Each step is pooled exactly as DL4J's {@link SubsamplingLayer} pools an NCHW image,
 * {@code out[b, c, t] = pool2d(x[b, c, t]; kernel, stride, padding, dilation, ConvolutionMode)}, giving
 * {@code [batch, C, T, H', W']}.
 *
 * <p>The runtime views the input as {@code [batch, C*T, H, W]} (a free reshape: pooling is per channel, so the T
 * steps of a channel are just more channels) and runs one stock 2-D pooling over it. Measured on 2 cores against
 * {@code Subsampling3DLayer} with kernel depth 1 ({@code [16, 128, 10, 34, 34]}, 2x2 max and average, forward and
 * backward): the same time within noise; this path was chosen because it needs no copy and inherits every
 * {@code SubsamplingLayer} option and backend helper. A {@code [batch, T]} time-step mask passes through unchanged.
 */
public class TimePooling extends SubsamplingLayer {
    private static final long serialVersionUID = 1L;

    /** For Jackson. */
    protected TimePooling() {
    }

    protected TimePooling(Builder builder) {
        super(builder);
        this.dilation = builder.dilation.clone();
    }

    @Override
    public TimePooling clone() {
        return (TimePooling) super.clone();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        return Runtimes.wire(new TimePoolingRuntime(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        String who = TimeLayout.describe("TimePooling", getLayerName(), layerIndex);
        InputType.InputTypeConvolutional3D in = TimeLayout.requireConv(inputType, who);
        checkKernelFits(in, who);
        InputType.InputTypeConvolutional step = (InputType.InputTypeConvolutional) InputTypeUtil
                .getOutputTypeCnnLayers(InputType.convolutional(in.getHeight(), in.getWidth(), in.getChannels()),
                        kernelSize, stride, padding, dilation, convolutionMode, in.getChannels(), layerIndex,
                        getLayerName(), CNN2DFormat.NCHW, TimePooling.class);
        return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, in.getDepth(), step.getHeight(),
                step.getWidth(), in.getChannels());
    }

    /** Except in Same mode (which pads as needed), the dilated kernel must fit into the padded input. */
    private void checkKernelFits(InputType.InputTypeConvolutional3D in, String who) {
        if (convolutionMode == ConvolutionMode.Same) {
            return;
        }
        long[] size = {in.getHeight(), in.getWidth()};
        String[] axis = {"height", "width"};
        for (int i = 0; i < 2; i++) {
            long k = kernelSize[i] + (long) (kernelSize[i] - 1) * (dilation[i] - 1);
            int pad = padding == null ? 0 : padding[i];
            if (k > size[i] + 2L * pad) {
                throw new IllegalStateException(who + ": kernel " + axis[i] + " " + k
                        + (dilation[i] != 1 ? " (dilated)" : "") + " is larger than the input " + axis[i] + " "
                        + size[i] + " + 2 * padding " + pad + " (kernelSize " + Arrays.toString(kernelSize)
                        + ", input " + in + "); use a smaller kernel, padding, or ConvolutionMode.Same");
            }
        }
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // No nIn, and the data format is fixed to NCHW on the [batch, C*T, H, W] view.
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        TimeLayout.requireConv(inputType, TimeLayout.describe("TimePooling", getLayerName(), -1));
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(layerName, TimePooling.class, inputType, out)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    /**
     * Builder: pooling type (default MAX), kernel (default 1x1: set it), stride (default 2x2), padding (default 0),
     * dilation (default 1), ConvolutionMode (default: the network's).
     */
    public static class Builder extends BaseSubsamplingBuilder<Builder> {
        private int[] dilation = {1, 1};

        public Builder() {
        }

        public Builder(org.deeplearning4j.nn.conf.layers.PoolingType poolingType) {
            super(poolingType);
        }

        /** Pooling type and square or [kH, kW] kernel; stride defaults to 2, set it to the kernel if you mean so. */
        public Builder(org.deeplearning4j.nn.conf.layers.PoolingType poolingType, int... kernelSize) {
            super(poolingType, kernelSize);
        }

        public Builder kernelSize(int... kernelSize) {
            setKernelSize(kernelSize);
            return this;
        }

        public Builder stride(int... stride) {
            setStride(stride);
            return this;
        }

        public Builder padding(int... padding) {
            setPadding(padding);
            return this;
        }

        public Builder dilation(int... dilation) {
            this.dilation = ValidationUtils.validate2NonNegative(dilation, true, "dilation");
            return this;
        }

        @Override
        public void setKernelSize(int... kernelSize) {
            this.kernelSize = ValidationUtils.validate2NonNegative(kernelSize, true, "kernelSize");
        }

        @Override
        public void setStride(int... stride) {
            this.stride = ValidationUtils.validate2NonNegative(stride, true, "stride");
        }

        @Override
        public void setPadding(int... padding) {
            this.padding = ValidationUtils.validate2NonNegative(padding, true, "padding");
        }

        @Override
        protected boolean allowCausal() {
            return false;
        }

        @Override
        @SuppressWarnings("unchecked")
        public TimePooling build() {
            String who = TimeLayout.describe("TimePooling", layerName, -1);
            if (poolingType == org.deeplearning4j.nn.conf.layers.PoolingType.PNORM && pnorm <= 0) {
                throw new IllegalStateException(who + ": pnorm must be > 0 with PoolingType PNORM, got " + pnorm);
            }
            if (cnn2DFormat != CNN2DFormat.NCHW) {
                throw new IllegalStateException(who + ": dataFormat must be NCHW (activations are [batch, C, T, H, W]),"
                        + " got " + cnn2DFormat);
            }
            for (int i = 0; i < 2; i++) {
                if (dilation[i] < 1) {
                    throw new IllegalStateException(who + ": dilation must be >= 1, got "
                            + Arrays.toString(dilation));
                }
            }
            ConvolutionUtils.validateConvolutionModePadding(convolutionMode, padding);
            ConvolutionUtils.validateCnnKernelStridePadding(kernelSize, stride, padding);
            return new TimePooling(this);
        }
    }
}
