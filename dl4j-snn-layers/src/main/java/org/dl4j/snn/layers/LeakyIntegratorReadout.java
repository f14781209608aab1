package org.dl4j.snn.layers;

import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.neuron.NeuronConfig;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Leaky-integrator readout: a {@link SpikingDense} whose neurons never fire, so its outputs are membrane potentials,
 * {@code [batch, nIn, T] -> [batch, classes, T]}, a smooth readout for the temporal losses.
 * {@code z[t] = W^T x[t] + b}, then per output neuron {@code H[t] = V[t-1] + k (z[t] - (V[t-1] - vReset))}
 * ({@code decayInput}, default) or {@code H[t] = V[t-1] - k (V[t-1] - vReset) + z[t]}, {@code V[t] = H[t]} (no fire,
 * no reset), output {@code H[t]}; {@code k = 1/tau}, or {@code sigmoid(w)} with a learnable tau ("tauW", PLIF).
 *
 * <p>Everything but the check is SpikingDense's: parameters "W", "b", "tauW"/"v0" when learnable, the fused GEMM +
 * {@link org.dl4j.snn.neuron.internal.NeuronKernel} runtime in its non-spiking mode, streaming with
 * {@code rnnTimeStep}, the automatic flatten after a conv stack. The neuron must have {@code spiking = false}.
 */
public class LeakyIntegratorReadout extends SpikingDense {
    private static final long serialVersionUID = 1L;

    /** For Jackson. */
    protected LeakyIntegratorReadout() {
    }

    /**
     * @throws IllegalArgumentException when the builder's neuron spikes (set through the inherited
     *                                  {@code neuron(...)} after another inherited call)
     */
    protected LeakyIntegratorReadout(Builder builder) {
        super(builder);
        if (getNeuron().spiking()) {
            throw new IllegalArgumentException(TimeLayout.describe(kind(), getLayerName(), -1)
                    + ": neuron must be non-spiking (NeuronConfig.builder().spiking(false)), got " + getNeuron());
        }
    }

    @Override
    protected String kind() {
        return "LeakyIntegratorReadout";
    }

    @Override
    public LeakyIntegratorReadout clone() {
        return (LeakyIntegratorReadout) super.clone();
    }

    /**
     * Builder: {@code nOut} (classes), the neuron (default: LIF, tau 2, decayInput, v0 at rest, non-spiking), bias,
     * weight init, updaters and regularisation as for any DL4J layer. Methods inherited and not overridden here return
     * the SpikingDense builder type; its {@code build()} still returns a {@link LeakyIntegratorReadout}.
     */
    public static class Builder extends SpikingDense.Builder {
        private NeuronConfig readoutNeuron = NeuronConfig.builder().spiking(false).build();

        public Builder() {
            super.neuron(readoutNeuron);
        }

        /** Builder for {@code classes} outputs. */
        public Builder(int classes) {
            this();
            nOut(classes);
        }

        /**
         * The neuron; it must be non-spiking ({@code NeuronConfig.builder().spiking(false)...}).
         *
         * @throws IllegalArgumentException when {@code neuron} is null or spikes
         */
        @Override
        public Builder neuron(NeuronConfig neuron) {
            if (neuron == null || neuron.spiking()) {
                throw new IllegalArgumentException("LeakyIntegratorReadout: neuron must be non-spiking "
                        + "(NeuronConfig.builder().spiking(false)), got " + neuron);
            }
            readoutNeuron = neuron;
            super.neuron(neuron);
            return this;
        }

        /** Membrane time constant (initial value when learnable); keeps the other neuron settings. */
        public Builder tau(double tau) {
            return neuron(readoutNeuron.toBuilder().tau(tau).build());
        }

        /** Learn tau as PLIF does (one w per layer, 1/tau = sigmoid(w)); requires tau &gt; 1. */
        public Builder learnTau(boolean learnTau) {
            return neuron(readoutNeuron.toBuilder().learnTau(learnTau).build());
        }

        @Override
        public Builder name(String layerName) {
            super.name(layerName);
            return this;
        }

        @Override
        public Builder nOut(long nOut) {
            super.nOut(nOut);
            return this;
        }

        @Override
        public Builder updater(IUpdater updater) {
            super.updater(updater);
            return this;
        }

        @Override
        public Builder hasBias(boolean hasBias) {
            super.hasBias(hasBias);
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public LeakyIntegratorReadout build() {
            return new LeakyIntegratorReadout(this);
        }
    }
}
