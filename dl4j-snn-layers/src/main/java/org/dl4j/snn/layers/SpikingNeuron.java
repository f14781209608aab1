package org.dl4j.snn.layers;

import java.util.Collection;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.internal.params.SynapseNeuronParamInitializer;
import org.dl4j.snn.layers.internal.runtime.FusedRuntime;
import org.dl4j.snn.layers.internal.runtime.Runtimes;
import org.dl4j.snn.neuron.NeuronConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A layer of spiking neurons without weights, the neuron part of a layer alone: its input is the current {@code X[t]}
 * itself, as SpikingJelly's neuron modules after {@code Conv -> BN} ({@code [batch, C, T, H, W]} or
 * {@code [batch, N, T]}, same shape out).
 * {@code H[t] = charge(V[t-1], X[t])}, {@code S[t] = Heaviside(H[t] - theta)}, {@code V[t] = reset(H[t], S[t])}.
 *
 * <p>Use it where something must sit between the linear part and the neuron (e.g. {@link TimeBatchNorm}); the
 * neuron's learnable parameters ("tauW", "theta", "v0") are its only parameters, CHANNEL scope = per channel C,
 * NEURON scope = per channel and position.
 */
public class SpikingNeuron extends FeedForwardLayer implements NeuronLayer {
    private static final long serialVersionUID = 1L;

    @JsonProperty("neuron")
    private NeuronConfig neuron;
    /** Positions per channel (H*W for conv input, 1 for recurrent), set by InputType inference. */
    @JsonProperty("spatial")
    private long spatial = 1;

    /** For Jackson. */
    protected SpikingNeuron() {
    }

    protected SpikingNeuron(Builder builder) {
        super(builder);
        this.neuron = builder.neuron;
    }

    @Override
    public NeuronConfig getNeuron() { return neuron; }

    /** Positions per channel: H*W for conv input, 1 for recurrent input. */
    public long getSpatial() { return spatial; }

    @Override
    public SpikingNeuron clone() {
        return (SpikingNeuron) super.clone();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        if (nIn <= 0) {
            throw new IllegalStateException(TimeLayout.describe("SpikingNeuron", getLayerName(), layerIndex)
                    + ": the number of channels is unknown; give the network an InputType");
        }
        return Runtimes.wire(new FusedRuntime(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return SynapseNeuronParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType instanceof InputType.InputTypeConvolutional3D) {
            return inputType;
        }
        return TimeLayout.requireRecurrent(inputType, TimeLayout.describe("SpikingNeuron", getLayerName(), layerIndex)
                + " (or convolutional3D NCDHW)");
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        String who = TimeLayout.describe("SpikingNeuron", getLayerName(), -1);
        if (inputType instanceof InputType.InputTypeConvolutional3D c) {
            TimeLayout.requireConv(inputType, who);
            nIn = c.getChannels();
            spatial = c.getHeight() * c.getWidth();
        } else {
            nIn = TimeLayout.requireRecurrent(inputType, who + " (or convolutional3D NCDHW)").getSize();
            spatial = 1;
        }
        nOut = nIn;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long perExample = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, SpikingNeuron.class, inputType, inputType)
                .standardMemory(initializer().numParams(this), 0)
                .workingMemory(0, 0, 0, 2 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && super.equals(o)
                && Objects.equals(((SpikingNeuron) o).neuron, neuron) && ((SpikingNeuron) o).spatial == spatial;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), neuron, spatial);
    }

    /** Builder: the neuron (default LIF, tau 2, hard reset to 0, theta 1, ATan(2)). */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private NeuronConfig neuron = NeuronConfig.builder().build();

        public Builder() {
            activation(Activation.IDENTITY);
        }

        public Builder(NeuronConfig neuron) {
            this();
            neuron(neuron);
        }

        public Builder neuron(NeuronConfig neuron) {
            if (neuron == null) throw new IllegalArgumentException("SpikingNeuron: neuron must not be null");
            this.neuron = neuron;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public SpikingNeuron build() {
            return new SpikingNeuron(this);
        }
    }
}
