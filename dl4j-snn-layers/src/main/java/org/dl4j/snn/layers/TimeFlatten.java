package org.dl4j.snn.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.internal.runtime.TimeFlattenRuntime;
import org.dl4j.snn.layers.internal.runtime.Runtimes;
import org.dl4j.snn.layers.preprocessor.TimeFlattenPreProcessor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Flatten through time as a layer: spiking conv activations {@code [batch, C, T, H, W]} become dense activations
 * {@code [batch, C*H*W, T]}, so that any recurrent-layout layer (stock or spiking) can follow a conv stack.
 * Feature {@code (c*H + h)*W + w} of step t is {@code x[b, c, t, h, w]} (PyTorch's {@code Flatten} order over
 * {@code [C, H, W]}); the same mapping as {@link TimeFlattenPreProcessor}, whose static functions do the work.
 */
public class TimeFlatten extends NoParamLayer {
    private static final long serialVersionUID = 1L;

    /** For Jackson. */
    protected TimeFlatten() {
    }

    protected TimeFlatten(Builder builder) {
        super(builder);
    }

    @Override
    public TimeFlatten clone() {
        return (TimeFlatten) super.clone();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        return Runtimes.wire(new TimeFlattenRuntime(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional3D c = TimeLayout.requireConv(inputType,
                TimeLayout.describe("TimeFlatten", getLayerName(), layerIndex));
        return InputType.recurrent(c.getChannels() * c.getHeight() * c.getWidth(), c.getDepth());
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        TimeLayout.requireConv(inputType, TimeLayout.describe("TimeFlatten", getLayerName(), -1));
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        // One permuted copy forward and one backward.
        return new LayerMemoryReport.Builder(layerName, TimeFlatten.class, inputType, out)
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
        return getClass().hashCode() * 31 + super.hashCode();
    }

    /** Builder: nothing to configure but the name. */
    public static class Builder extends org.deeplearning4j.nn.conf.layers.Layer.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public TimeFlatten build() {
            return new TimeFlatten(this);
        }
    }
}
