package org.dl4j.snn.layers;

import org.dl4j.snn.neuron.NeuronConfig;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Leaky-integrator readout: a {@link DenseSynapse} and a neuron that never fires, so its outputs are membrane
 * potentials, {@code [batch, nIn, T] -> [batch, classes, T]}, a smooth readout for the temporal losses.
 * {@code z[t] = W^T x[t] + b}, then per output neuron {@code H[t] = V[t-1] + k (z[t] - (V[t-1] - vReset))}
 * ({@code decayInput}, default) or {@code H[t] = V[t-1] - k (V[t-1] - vReset) + z[t]}, {@code V[t] = H[t]} (no fire,
 * no reset), output {@code H[t]}; {@code k = 1/tau}, or {@code sigmoid(w)} with a learnable tau ("tauW", PLIF).
 *
 * <p>Built from the same parts as {@link SpikingDense}: parameters "W", "b", "tauW"/"v0" when learnable, the fused
 * runtime (with {@link org.dl4j.snn.neuron.internal.NeuronKernel} in its non-spiking mode), streaming with
 * {@code rnnTimeStep}, the automatic flatten after a conv stack. The neuron must have {@code spiking = false}.
 */
public class LeakyIntegratorReadout extends SynapseLayer<DenseSynapse> implements NeuronLayer {
    private static final long serialVersionUID = 1L;

    @JsonProperty("neuron")
    private NeuronConfig neuron;

    /** For Jackson. */
    protected LeakyIntegratorReadout() {
    }

    protected LeakyIntegratorReadout(Builder builder) {
        super(builder, new DenseSynapse(builder.hasBias));
        this.neuron = builder.neuron;
    }

    @Override
    public NeuronConfig getNeuron() {
        return neuron;
    }

    @Override
    public LeakyIntegratorReadout clone() {
        return (LeakyIntegratorReadout) super.clone();
    }

    /**
     * Builder: {@code nOut} (classes), the neuron (default: LIF, tau 2, decayInput, v0 at rest, non-spiking), bias,
     * engine, weight init, updaters and regularisation as for any DL4J layer.
     */
    public static class Builder extends SynapseLayer.Builder<Builder> {
        private NeuronConfig neuron = NeuronConfig.builder().spiking(false).build();

        public Builder() {
        }

        /** Builder for {@code classes} outputs. */
        public Builder(int classes) {
            nOut(classes);
        }

        /**
         * The neuron; it must be non-spiking ({@code NeuronConfig.builder().spiking(false)...}).
         *
         * @throws IllegalArgumentException when {@code neuron} is null or spikes
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
            return neuron(neuron.toBuilder().tau(tau).build());
        }

        /** Learn tau as PLIF does (one w per layer, 1/tau = sigmoid(w)); requires tau &gt; 1. */
        public Builder learnTau(boolean learnTau) {
            return neuron(neuron.toBuilder().learnTau(learnTau).build());
        }

        @Override
        @SuppressWarnings("unchecked")
        public LeakyIntegratorReadout build() {
            return new LeakyIntegratorReadout(this);
        }
    }
}
