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
import org.dl4j.snn.layers.internal.params.SpikingDenseParamInitializer;
import org.dl4j.snn.layers.internal.runtime.NeuronRuntime;
import org.dl4j.snn.layers.internal.runtime.SpikingDenseRuntime;
import org.dl4j.snn.layers.internal.samediff.SameDiffRuntime;
import org.dl4j.snn.layers.preprocessor.TimeFlattenPreProcessor;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.internal.NeuronGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A fully connected spiking layer: {@code [batch, nIn, T] -> [batch, nOut, T]} spikes (or membrane potentials for a
 * non-spiking neuron). {@code z[t] = W^T x[t] + b} for every step, then the neuron of {@link NeuronConfig}
 * ({@code H[t] = charge(V[t-1], z[t])}, {@code S[t] = Heaviside(H[t] - theta)}, {@code V[t] = reset(H[t], S[t])}).
 *
 * <p>Parameters: "W" [nIn, nOut], "b" [nOut] (optional, {@link Builder#hasBias(boolean)}) and the neuron's learnable
 * ones ("tauW", "theta", "v0"; bias-like: no weight decay unless the bias regularisation says so). The fused
 * runtime computes the currents of all T steps in one GEMM and runs the neuron as one kernel
 * ({@link org.dl4j.snn.neuron.internal.NeuronKernel}); it streams with {@code rnnTimeStep}. Every sample of a minibatch
 * starts from the initial state (v0). After a conv stack ({@code [batch, C, T, H, W]}) DL4J inserts
 * {@link TimeFlattenPreProcessor} automatically.
 *
 * <p>{@link Builder#engine(Engine)} picks the runtime: {@link Engine#FUSED} (default) or {@link Engine#SAMEDIFF}, which
 * runs {@link #define(SameDiff, SDVariable, Map, int)} (the same layer as a SameDiff graph: one matmul over
 * {@code [batch*T, nIn]}, then {@link NeuronGraph}) with SameDiff autodiff. Both give the same outputs and gradients.
 */
public class SpikingDense extends FeedForwardLayer implements NeuronLayer, SameDiffDefinition {
    private static final long serialVersionUID = 1L;

    @JsonProperty("neuron")
    private NeuronConfig neuron;
    @JsonProperty("engine")
    private Engine engine = Engine.FUSED;

    /** For Jackson. */
    protected SpikingDense() {
    }

    protected SpikingDense(Builder builder) {
        super(builder);
        this.neuron = builder.neuron;
        this.hasBias = builder.hasBias;
        this.engine = builder.engine;
        initializeConstraints(builder);
        if (nOut < 1) {
            throw new IllegalArgumentException(TimeLayout.describe(kind(), getLayerName(), -1)
                    + ": nOut must be >= 1, got " + nOut);
        }
    }

    @JsonProperty("hasBias")
    private boolean hasBias = true;

    @Override
    public NeuronConfig getNeuron() {
        return neuron;
    }

    /** Whether the layer has the bias "b". */
    public boolean hasBias() {
        return hasBias;
    }

    /** The runtime that executes the layer. */
    public Engine getEngine() {
        return engine;
    }

    /** The kind of layer, for messages. */
    protected String kind() {
        return "SpikingDense";
    }

    @Override
    public SpikingDense clone() {
        return (SpikingDense) super.clone();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        String who = TimeLayout.describe(kind(), getLayerName(), layerIndex);
        if (nIn <= 0 || nOut <= 0) {
            throw new IllegalStateException(who + ": nIn and nOut must be > 0 (give the network an InputType or "
                    + "set nIn), got nIn=" + nIn + ", nOut=" + nOut);
        }
        org.deeplearning4j.nn.api.Layer ret = engine == Engine.SAMEDIFF
                ? new SameDiffRuntime<SpikingDense>(conf, networkDataType)
                : new SpikingDenseRuntime(conf, networkDataType);
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
        return SpikingDenseParamInitializer.getInstance();
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
    public SDVariable define(SameDiff sd, SDVariable input, Map<String, SDVariable> params, long[] inputShape,
                             boolean smoothForGradientChecks) {
        String who = TimeLayout.describe(kind(), getLayerName(), -1) + ".define";
        if (inputShape.length != 3 || inputShape[1] != nIn || inputShape[2] < 1) {
            throw new IllegalArgumentException(who + ": expected an input [batch, nIn = " + nIn + ", T >= 1], got "
                    + "shape " + Arrays.toString(inputShape));
        }
        int steps = Math.toIntExact(inputShape[2]);
        SDVariable rows = input.permute(0, 2, 1).reshape(-1, nIn);
        SDVariable z = rows.mmul(param(params, SpikingDenseParamInitializer.WEIGHT_KEY, who));
        if (hasBias) {
            z = z.add(param(params, SpikingDenseParamInitializer.BIAS_KEY, who).reshape(1, nOut));
        }
        z = z.reshape(-1, steps, nOut).permute(0, 2, 1);
        return NeuronGraph.define(sd, z, params, neuron, Math.toIntExact(nOut), steps, 1, 1, 3,
                smoothForGradientChecks);
    }

    /** {@code params.get(name)}, or an error naming the layer and the missing key (shared with SpikingConv). */
    static SDVariable param(Map<String, SDVariable> params, String name, String who) {
        SDVariable p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException(who + ": params has no \"" + name + "\" (keys " + params.keySet() + ")");
        }
        return p;
    }

    @Override
    public void checkInput(INDArray x, String who) {
        checkShape(x, who);
        NeuronRuntime.requireFinite(x, who);
    }

    /** {@link #checkInput} without the finiteness check (the fused runtime checks the spike raster instead). */
    public void checkShape(INDArray x, String who) {
        TimeLayout.requireRank(x, who, 3);
        if (x.size(1) != nIn) {
            throw new IllegalArgumentException(who + ": expected nIn = " + nIn + " in dimension 1, got input shape "
                    + Arrays.toString(x.shape()));
        }
        NeuronRuntime.requireSteps(x, who);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        String who = TimeLayout.describe(kind(), getLayerName(), layerIndex);
        InputType.InputTypeRecurrent r = TimeLayout.requireRecurrent(flattened(inputType), who);
        return r.getTimeSeriesLength() > 0 ? InputType.recurrent(nOut, r.getTimeSeriesLength())
                : InputType.recurrent(nOut);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (nIn <= 0 || override) {
            String who = TimeLayout.describe(kind(), getLayerName(), -1);
            nIn = TimeLayout.requireRecurrent(flattened(inputType), who).getSize();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        if (inputType instanceof InputType.InputTypeConvolutional3D) {
            return TimeFlattenPreProcessor.forInputType(inputType);
        }
        TimeLayout.requireRecurrent(inputType, TimeLayout.describe(kind(), getLayerName(), -1)
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
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, out)
                .standardMemory(initializer().numParams(this), 0)
                .workingMemory(0, perStep, 0, 3 * perStep)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && super.equals(o)
                && Objects.equals(((SpikingDense) o).neuron, neuron) && ((SpikingDense) o).hasBias == hasBias
                && ((SpikingDense) o).engine == engine;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), neuron, hasBias, engine);
    }

    /**
     * Builder: {@code nOut}, the neuron (default: LIF, tau 2, hard reset to 0, theta 1, ATan(2)), bias, engine, weight
     * init, updaters and regularisation as for any DL4J layer. {@code biasUpdater(..)} applies to every bias-like
     * parameter: "b" and the neuron's "tauW", "theta", "v0" (e.g. a separate learning rate for the thresholds).
     */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private NeuronConfig neuron = NeuronConfig.builder().build();
        private boolean hasBias = true;
        private Engine engine = Engine.FUSED;

        public Builder() {
            activation(Activation.IDENTITY);
        }

        /** Builder for {@code nOut} neurons. */
        public Builder(int nOut) {
            this();
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

        /** Whether to add the bias "b" to the currents (default true). */
        public Builder hasBias(boolean hasBias) {
            this.hasBias = hasBias;
            return this;
        }

        /** The runtime: {@link Engine#FUSED} (default) or {@link Engine#SAMEDIFF}. */
        public Builder engine(Engine engine) {
            if (engine == null) {
                throw new IllegalArgumentException("SpikingDense: engine must be FUSED or SAMEDIFF, got null");
            }
            this.engine = engine;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public SpikingDense build() {
            return new SpikingDense(this);
        }
    }
}
