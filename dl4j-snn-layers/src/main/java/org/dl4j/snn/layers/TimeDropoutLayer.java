package org.dl4j.snn.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.internal.runtime.TimeDropoutRuntime;
import org.dl4j.snn.layers.internal.runtime.Runtimes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A parameter-free layer that applies {@link TimeDropout} to its input: one mask per sample and neuron shared over
 * all time steps, in training only, identity in inference.
 * {@code y[b, n, t] = x[b, n, t] * m[b, n] / (1 - p)} on {@code [batch, N, T]}, and per {@code (c, h, w)} on
 * {@code [batch, C, T, H, W]}; output type = input type.
 */
public class TimeDropoutLayer extends NoParamLayer {
    private static final long serialVersionUID = 1L;

    /** For Jackson. */
    protected TimeDropoutLayer() {
    }

    protected TimeDropoutLayer(Builder builder) {
        super(builder);
    }

    /** The dropout this layer applies. */
    public TimeDropout getTimeDropout() {
        return (TimeDropout) getIDropout();
    }

    @Override
    public TimeDropoutLayer clone() {
        return (TimeDropoutLayer) super.clone();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        if (!(getIDropout() instanceof TimeDropout)) {
            // The network-wide .dropOut(...) only fills layers that have none, so this means a hand-set field.
            throw new IllegalStateException(TimeLayout.describe("TimeDropoutLayer", getLayerName(), layerIndex)
                    + ": dropout must be a TimeDropout, got " + getIDropout());
        }
        return Runtimes.wire(new TimeDropoutRuntime(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        check(inputType, layerIndex);
        return inputType;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        check(inputType, -1);
        return null;
    }

    private void check(InputType inputType, int layerIndex) {
        String who = TimeLayout.describe("TimeDropoutLayer", getLayerName(), layerIndex);
        if (inputType instanceof InputType.InputTypeRecurrent) {
            TimeLayout.requireRecurrent(inputType, who);
        } else if (!(inputType instanceof InputType.InputTypeFeedForward)) {
            TimeLayout.requireConv(inputType, who + " (or recurrent [batch, N, T])");
        }
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, TimeDropoutLayer.class, inputType, inputType)
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

    /** Builder: {@code new TimeDropoutLayer.Builder(0.5)} drops each neuron with probability 0.5. */
    public static class Builder extends org.deeplearning4j.nn.conf.layers.Layer.Builder<Builder> {
        /** @param dropProbability probability of silencing a neuron for the whole sequence, in [0, 1) */
        public Builder(double dropProbability) {
            dropOut(new TimeDropout(dropProbability));
        }

        /** Only a {@link TimeDropout} is accepted here. */
        @Override
        public Builder dropOut(IDropout dropout) {
            if (!(dropout instanceof TimeDropout)) {
                throw new IllegalArgumentException("TimeDropoutLayer: dropout must be a TimeDropout, got " + dropout);
            }
            return super.dropOut(dropout);
        }

        /** Unsupported: DL4J's {@code dropOut(double)} is a retain probability; use the constructor. */
        @Override
        public Builder dropOut(double inputRetainProbability) {
            throw new UnsupportedOperationException("TimeDropoutLayer: set the DROP probability with "
                    + "new TimeDropoutLayer.Builder(p)");
        }

        @Override
        @SuppressWarnings("unchecked")
        public TimeDropoutLayer build() {
            return new TimeDropoutLayer(this);
        }
    }
}
