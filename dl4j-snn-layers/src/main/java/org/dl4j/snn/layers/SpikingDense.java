package org.dl4j.snn.layers;

import java.util.Map;
import org.dl4j.snn.layers.preprocessor.TimeFlattenPreProcessor;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.internal.NeuronGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A fully connected spiking layer, a {@link DenseSynapse} and a neuron: {@code [batch, nIn, T] -> [batch, nOut, T]}
 * spikes (or membrane potentials for a non-spiking neuron). {@code z[t] = W^T x[t] + b} for every step, then the
 * neuron of {@link NeuronConfig} ({@code H[t] = charge(V[t-1], z[t])}, {@code S[t] = Heaviside(H[t] - theta)},
 * {@code V[t] = reset(H[t], S[t])}).
 *
 * <p>Parameters: "W" [nIn, nOut], "b" [nOut] (optional, {@link Builder#hasBias(boolean)}) and the neuron's learnable
 * ones ("tauW", "theta", "v0"; bias-like: no weight decay unless the bias regularisation says so). The fused
 * runtime computes the currents of all T steps at once and runs the neuron as one kernel
 * ({@link org.dl4j.snn.neuron.internal.NeuronKernel}); it streams with {@code rnnTimeStep}. Every sample of a minibatch
 * starts from the initial state (v0). After a conv stack ({@code [batch, C, T, H, W]}) DL4J inserts
 * {@link TimeFlattenPreProcessor} automatically.
 *
 * <p>{@link Builder#engine(Engine)} picks the runtime: {@link Engine#FUSED} (default) or {@link Engine#SAMEDIFF}, which
 * runs {@link #define(SameDiff, SDVariable, Map, int)} (the same layer as a SameDiff graph: one matmul over
 * {@code [batch*T, nIn]}, then {@link NeuronGraph}) with SameDiff autodiff. Both give the same outputs and gradients.
 */
public class SpikingDense extends SynapseLayer<DenseSynapse> implements NeuronLayer {
    private static final long serialVersionUID = 1L;

    @JsonProperty("neuron")
    private NeuronConfig neuron;

    /** For Jackson. */
    protected SpikingDense() {
    }

    protected SpikingDense(Builder builder) {
        super(builder, new DenseSynapse(builder.hasBias));
        this.neuron = builder.neuron;
    }

    @Override
    public NeuronConfig getNeuron() {
        return neuron;
    }

    /**
     * The layer as a SameDiff graph, for users composing their own graphs (and the {@link Engine#SAMEDIFF} engine):
     * {@code z = reshape(permute(x)) W + b} over {@code [batch*T, nIn]}, back to {@code [batch, nOut, T]}, then
     * {@link NeuronGraph#defineRecurrent} (unrolled over T, surrogate spikes by the detach trick).
     *
     * @param sd     the graph
     * @param input  {@code [batch, nIn, T]}
     * @param params "W" [nIn, nOut], "b" [nOut] (with a bias) and the neuron's learnable "tauW"/"theta"/"v0" (shapes as
     *               in the layer's parameter table; e.g. {@code sd.var(name, net.getParam(i + "_" + name))})
     * @param steps  T (the graph is unrolled over it)
     * @return spikes (or membrane potentials for a non-spiking neuron) {@code [batch, nOut, T]}
     */
    public SDVariable define(SameDiff sd, SDVariable input, Map<String, SDVariable> params, int steps) {
        return define(sd, input, params, new long[] {-1, nIn, steps}, false);
    }

    @Override
    public SpikingDense clone() {
        return (SpikingDense) super.clone();
    }

    /**
     * Builder: {@code nOut}, the neuron (default: LIF, tau 2, hard reset to 0, theta 1, ATan(2)), bias, engine, weight
     * init, updaters and regularisation as for any DL4J layer. {@code biasUpdater(..)} applies to every bias-like
     * parameter: "b" and the neuron's "tauW", "theta", "v0" (e.g. a separate learning rate for the thresholds).
     */
    public static class Builder extends SynapseLayer.Builder<Builder> {
        private NeuronConfig neuron = NeuronConfig.builder().build();

        public Builder() {
        }

        /** Builder for {@code nOut} neurons. */
        public Builder(int nOut) {
            nOut(nOut);
        }

        /** The neuron model and its (learnable) parameters. */
        public Builder neuron(NeuronConfig neuron) {
            if (neuron == null) {
                throw new IllegalArgumentException("SpikingDense: neuron must not be null");
            }
            this.neuron = neuron;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public SpikingDense build() {
            return new SpikingDense(this);
        }
    }
}
