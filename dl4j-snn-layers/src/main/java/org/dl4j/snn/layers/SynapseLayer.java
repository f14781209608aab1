package org.dl4j.snn.layers;

import java.util.Arrays;
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
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.internal.params.SynapseNeuronParamInitializer;
import org.dl4j.snn.layers.internal.runtime.named.NamedRuntimes;
import org.dl4j.snn.layers.internal.runtime.NeuronRuntime;
import org.dl4j.snn.layers.internal.samediff.SameDiffRuntime;
import org.dl4j.snn.layers.internal.runtime.Runtimes;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.internal.LearnableParam;
import org.dl4j.snn.neuron.internal.NeuronGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonUnwrapped;

/**
 * The DL4J plumbing of the layers built from a {@link Synapse} (their linear part) and, when they implement
 * {@link NeuronLayer}, a neuron after it: {@link SpikingDense}, {@link LeakyIntegratorReadout} (dense synapse and
 * neuron), {@link SpikingConv} (conv synapse and neuron), {@link TimeConv} (conv synapse alone). Output
 * {@code z[t] = W x[t] + b} of the synapse, then, with a neuron, {@code H[t] = charge(V[t-1], z[t])},
 * {@code S[t] = Heaviside(H[t] - theta)}, {@code V[t] = reset(H[t], S[t])} ({@link NeuronConfig}).
 *
 * <p>What the layers share goes through the parts: shapes and InputType inference through the synapse; parameters
 * "W", "b" (synapse), then "tauW", "theta", "v0" (neuron) through one parameter initialiser; the runtime, picked by
 * {@link Builder#engine(Engine)}: {@link Engine#FUSED} (default; streams with {@code rnnTimeStep}) or
 * {@link Engine#SAMEDIFF}, which runs {@link #define(SameDiff, SDVariable, Map, long[], boolean)} with SameDiff
 * autodiff. Both give the same outputs and gradients (up to float rounding).
 *
 * @param <S> the kind of synapse
 */
public abstract class SynapseLayer<S extends Synapse> extends FeedForwardLayer implements SameDiffDefinition {
    private static final long serialVersionUID = 1L;

    @JsonUnwrapped
    private S synapse;
    @JsonProperty("engine")
    private Engine engine = Engine.FUSED;

    /** For Jackson. */
    protected SynapseLayer() {
    }

    protected SynapseLayer(Builder<?> builder, S synapse) {
        super(builder);
        this.synapse = synapse;
        this.engine = builder.engine;
        initializeConstraints(builder);
        if (nOut < 1) {
            throw new IllegalArgumentException(who(-1) + ": nOut must be >= 1, got " + nOut);
        }
    }

    /** The linear part. */
    public S getSynapse() {
        return synapse;
    }

    /** Whether the layer has the bias "b". */
    public boolean hasBias() {
        return synapse.hasBias();
    }

    /** The runtime that executes the layer. */
    public Engine getEngine() {
        return engine;
    }

    /**
     * The synapse's output positions per channel (H' * W' for a convolution, 1 for a dense synapse).
     *
     * @throws IllegalStateException naming the layer when a convolution's input height and width are unknown
     */
    public long outputPositions() {
        requireInputSize(-1);
        return getSynapse().outputPositions();
    }

    private void requireInputSize(int layerIndex) {
        if (getSynapse() instanceof ConvSynapse c && (c.getInputHeight() <= 0 || c.getInputWidth() <= 0)) {
            throw new IllegalStateException(who(layerIndex) + ": the input height and width are unknown (give the "
                    + "network an InputType, e.g. setInputType(InputType.convolutional3D(Convolution3D.DataFormat"
                    + ".NCDHW, T, H, W, C)))");
        }
    }

    /** "SpikingDense 'fc' (layer 3)" for messages; no index for -1. */
    String who(int layerIndex) {
        return TimeLayout.describe(getClass().getSimpleName(), getLayerName(), layerIndex);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        if (nIn <= 0 || nOut <= 0) {
            throw new IllegalStateException(who(layerIndex) + ": nIn and nOut must be > 0 (give the network an "
                    + "InputType or set nIn), got nIn=" + nIn + ", nOut=" + nOut);
        }
        requireInputSize(layerIndex);
        org.deeplearning4j.nn.api.Layer runtime = engine == Engine.SAMEDIFF
                ? new SameDiffRuntime<SynapseLayer<S>>(conf, networkDataType)
                : NamedRuntimes.of(this, conf, networkDataType);
        return Runtimes.wire(runtime, this, conf, trainingListeners, layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return SynapseNeuronParamInitializer.getInstance();
    }

    /**
     * The layer as a SameDiff graph, for users composing their own graphs (and the {@link Engine#SAMEDIFF} engine):
     * the synapse's currents (dense: one matmul over {@code [batch*T, nIn]}; conv: one conv2d per time step), then,
     * with a neuron, {@link NeuronGraph} unrolled over T (surrogate spikes by the detach trick).
     */
    @Override
    public SDVariable define(SameDiff sd, SDVariable input, Map<String, SDVariable> params, long[] inputShape,
                             boolean smoothForGradientChecks) {
        String who = who(-1) + ".define";
        SDVariable z = synapse.define(sd, input, params, inputShape, nIn, nOut, who);
        if (!(this instanceof NeuronLayer n)) {
            return z;
        }
        long[] out = synapse.outputShape(inputShape, nOut, who);
        boolean conv = out.length == 5;
        return NeuronGraph.define(sd, z, params, n.getNeuron(), Math.toIntExact(nOut), Math.toIntExact(out[2]),
                conv ? Math.toIntExact(out[3]) : 1, conv ? Math.toIntExact(out[4]) : 1, out.length,
                smoothForGradientChecks);
    }

    @Override
    public void checkInput(INDArray x, String who) {
        checkShape(x, who);
        NeuronRuntime.requireFinite(x, who);
    }

    /**
     * {@link #checkInput} without the finiteness check (the fused runtime checks the input where its kernels read
     * it): rank, nIn, T, and, with a neuron with NEURON-scope parameters, the output size they were made for.
     */
    public void checkShape(INDArray x, String who) {
        synapse.checkShape(x, nIn, who);
        long[] out = synapse.outputShape(x.shape(), nOut, who); // also: the kernel fits the input
        long positions = out.length == 5 ? out[3] * out[4] : 1;
        if (this instanceof NeuronLayer n) {
            for (LearnableParam p : LearnableParam.of(n.getNeuron())) {
                if (p.scope() == Scope.NEURON && positions != synapse.outputPositions()) {
                    throw new IllegalArgumentException(who + ": NEURON-scope parameter \"" + p.name() + "\" is sized "
                            + "for the configured input (" + synapse.outputPositions() + " output positions per "
                            + "channel, " + synapse + "), got input shape " + Arrays.toString(x.shape()));
                }
            }
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return synapse.outputType(inputType, nOut, who(layerIndex));
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        String who = who(-1);
        if (nIn <= 0 || override) {
            nIn = synapse.inputSize(inputType, who);
        }
        @SuppressWarnings("unchecked")
        S withInput = (S) synapse.withInput(inputType, who);
        synapse = withInput;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return synapse.preProcessor(inputType, who(-1));
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long perExample = out.arrayElementsPerExample();
        // The currents z and the neuron's trace H (training), besides the output.
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, out)
                .standardMemory(initializer().numParams(this), 0)
                .workingMemory(0, perExample, 0, 3 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public SynapseLayer<S> clone() {
        @SuppressWarnings("unchecked")
        SynapseLayer<S> c = (SynapseLayer<S>) super.clone();
        c.synapse = (S) synapse.clone();
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (o == null || o.getClass() != getClass() || !super.equals(o)) return false;
        SynapseLayer<?> l = (SynapseLayer<?>) o;
        return engine == l.engine && Objects.equals(synapse, l.synapse)
                && (!(this instanceof NeuronLayer n) || Objects.equals(n.getNeuron(), ((NeuronLayer) l).getNeuron()));
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(super.hashCode(), synapse, engine);
        return this instanceof NeuronLayer n ? 31 * h + Objects.hashCode(n.getNeuron()) : h;
    }

    /**
     * Builder of the settings every synapse layer has: {@code nOut}, bias, engine, weight init, updaters and
     * regularisation as for any DL4J layer. {@code biasUpdater(..)} applies to every bias-like parameter: "b" and the
     * neuron's "tauW", "theta", "v0" (e.g. a separate learning rate for the thresholds).
     *
     * @param <B> the concrete builder, which every setter returns
     */
    public abstract static class Builder<B extends Builder<B>> extends FeedForwardLayer.Builder<B> {
        boolean hasBias = true;
        Engine engine = Engine.FUSED;

        protected Builder() {
            activation(Activation.IDENTITY);
        }

        /** The layer's simple class name, for messages. */
        String kind() {
            Class<?> layer = getClass().getEnclosingClass();
            return layer != null ? layer.getSimpleName() : getClass().getSimpleName();
        }

        @SuppressWarnings("unchecked")
        B self() {
            return (B) this;
        }

        /** Whether to add the bias "b" to the currents (default true). */
        public B hasBias(boolean hasBias) {
            this.hasBias = hasBias;
            return self();
        }

        /** The runtime: {@link Engine#FUSED} (default) or {@link Engine#SAMEDIFF}. */
        public B engine(Engine engine) {
            if (engine == null) {
                throw new IllegalArgumentException(kind() + ": engine must be FUSED or SAMEDIFF, got null");
            }
            this.engine = engine;
            return self();
        }
    }
}
