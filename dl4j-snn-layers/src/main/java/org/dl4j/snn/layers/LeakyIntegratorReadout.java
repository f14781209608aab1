package org.dl4j.snn.layers;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.dl4j.snn.layers.preprocessor.TimeFlattenPreProcessor;
import org.dl4j.snn.neuron.NeuronConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Leaky-integrator readout: a dense layer whose outputs are the membrane potentials of non-spiking LIF neurons,
 * {@code [batch, nIn, T] -> [batch, classes, T]}, a smooth readout for the temporal losses.
 * {@code z[t] = W^T x[t] + b}, then per output neuron {@code H[t] = V[t-1] + k (z[t] - (V[t-1] - vReset))}
 * ({@code decayInput}, default) or {@code H[t] = V[t-1] - k (V[t-1] - vReset) + z[t]}, {@code V[t] = H[t]} (no fire,
 * no reset), output {@code H[t]}; {@code k = 1/tau}, or {@code sigmoid(w)} with a learnable tau ("tauW", PLIF).
 *
 * <p>The dynamics are {@link org.dl4j.snn.neuron.NeuronKernel}'s non-spiking mode ({@link NeuronConfig} with
 * {@code spiking = false}); parameters "W" [nIn, nOut], "b" [nOut] and the neuron's learnable ones ("tauW", "v0";
 * bias-like: not weight-decayed unless the bias regularisation says so). Streams with {@code rnnTimeStep}. After a
 * conv stack ({@code [batch, C, T, H, W]}) DL4J inserts {@link TimeFlattenPreProcessor} automatically.
 */
public class LeakyIntegratorReadout extends FeedForwardLayer {
    private static final long serialVersionUID = 1L;

    @JsonProperty("neuron")
    private NeuronConfig neuron;

    /** For Jackson. */
    protected LeakyIntegratorReadout() {
    }

    protected LeakyIntegratorReadout(Builder builder) {
        super(builder);
        this.neuron = builder.neuron;
        initializeConstraints(builder);
    }

    /** The non-spiking neuron of the readout. */
    public NeuronConfig getNeuron() {
        return neuron;
    }

    @Override
    public LeakyIntegratorReadout clone() {
        return (LeakyIntegratorReadout) super.clone();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        String who = TimeLayout.describe("LeakyIntegratorReadout", getLayerName(), layerIndex);
        if (nIn <= 0 || nOut <= 0) {
            throw new IllegalStateException(who + ": nIn and nOut must be > 0 (give the network an InputType or "
                    + "set nIn), got nIn=" + nIn + ", nOut=" + nOut);
        }
        LeakyIntegratorReadoutRuntime ret = new LeakyIntegratorReadoutRuntime(conf, networkDataType);
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
        return LeakyIntegratorReadoutParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        String who = TimeLayout.describe("LeakyIntegratorReadout", getLayerName(), layerIndex);
        InputType.InputTypeRecurrent r = TimeLayout.requireRecurrent(flattened(inputType), who);
        return r.getTimeSeriesLength() > 0 ? InputType.recurrent(nOut, r.getTimeSeriesLength())
                : InputType.recurrent(nOut);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (nIn <= 0 || override) {
            String who = TimeLayout.describe("LeakyIntegratorReadout", getLayerName(), -1);
            nIn = TimeLayout.requireRecurrent(flattened(inputType), who).getSize();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        if (inputType instanceof InputType.InputTypeConvolutional3D) {
            return TimeFlattenPreProcessor.forInputType(inputType);
        }
        TimeLayout.requireRecurrent(inputType, TimeLayout.describe("LeakyIntegratorReadout", getLayerName(), -1)
                + " (or convolutional3D NCDHW)");
        return null;
    }

    /** A conv input type as seen after the automatic {@link TimeFlattenPreProcessor}. */
    private static InputType flattened(InputType inputType) {
        return inputType instanceof InputType.InputTypeConvolutional3D
                ? TimeFlattenPreProcessor.forInputType(inputType).getOutputType(inputType) : inputType;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long perStep = out.arrayElementsPerExample();
        // Currents z and the kernel's trace H (training), besides the output.
        return new LayerMemoryReport.Builder(layerName, LeakyIntegratorReadout.class, inputType, out)
                .standardMemory(initializer().numParams(this), 0)
                .workingMemory(0, perStep, 0, 3 * perStep)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && super.equals(o)
                && Objects.equals(((LeakyIntegratorReadout) o).neuron, neuron);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + Objects.hashCode(neuron);
    }

    /**
     * Builder: {@code nOut} (classes), the neuron (default: LIF, tau 2, decayInput, v0 at rest, non-spiking), weight
     * init, updaters and regularisation as for any DL4J layer.
     */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private NeuronConfig neuron = NeuronConfig.builder().spiking(false).build();

        public Builder() {
            activation(Activation.IDENTITY);
        }

        /** Builder for {@code classes} outputs. */
        public Builder(int classes) {
            this();
            nOut(classes);
        }

        /**
         * The neuron; it must be non-spiking ({@code NeuronConfig.builder().spiking(false)...}).
         *
         * @throws IllegalArgumentException when {@code neuron.spiking()} is true
         */
        public Builder neuron(NeuronConfig neuron) {
            if (neuron == null || neuron.spiking()) {
                throw new IllegalArgumentException("LeakyIntegratorReadout: neuron must be non-spiking "
                        + "(NeuronConfig.builder().spiking(false)), got " + neuron);
            }
            this.neuron = neuron;
            return this;
        }

        /** Membrane time constant (initial value when learnable); keeps the other neuron settings. */
        public Builder tau(double tau) {
            this.neuron = neuron.toBuilder().tau(tau).build();
            return this;
        }

        /** Learn tau as PLIF does (one w per layer, 1/tau = sigmoid(w)); requires tau &gt; 1. */
        public Builder learnTau(boolean learnTau) {
            this.neuron = neuron.toBuilder().learnTau(learnTau).build();
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public LeakyIntegratorReadout build() {
            return new LeakyIntegratorReadout(this);
        }
    }
}
