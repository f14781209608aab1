package org.dl4j.snn.layers.internal.runtime;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.ConvSynapse;
import org.dl4j.snn.layers.NeuronLayer;
import org.dl4j.snn.layers.SpikingNeuron;
import org.dl4j.snn.layers.SynapseLayer;
import org.dl4j.snn.layers.internal.kernel.NativeThreads;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.neuron.internal.Geometry;
import org.dl4j.snn.neuron.internal.State;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fused runtime ({@link org.dl4j.snn.layers.Engine#FUSED}) of every layer built from a synapse and a neuron:
 * {@link org.dl4j.snn.layers.SpikingDense}, {@link org.dl4j.snn.layers.LeakyIntegratorReadout},
 * {@link org.dl4j.snn.layers.SpikingConv}, {@link org.dl4j.snn.layers.TimeConv} (no neuron) and
 * {@link SpikingNeuron} (no synapse). Composed of two halves:
 * <pre>
 *   forward   z = synapse(x)            all T steps at once ({@link SynapseRuntime}: dense or conv, kernel per pass)
 *             out = neuron(z)           the neuron recursion as one kernel over flat arrays ({@link NeuronRuntime})
 *   backward  dz = neuron'(dL/dout)     BPTT, with the neuron parameters' gradients
 *             dx = synapse'(dz)         with dL/dW and dL/db
 * </pre>
 * Without a synapse the input is the current z; without a neuron z is the output. DL4J's {@link RecurrentLayer}
 * contract sits on top: {@code fit} and {@code output} start every minibatch from v0; {@code rnnTimeStep} carries the
 * neuron state between calls until {@code rnnClearPreviousState}; truncated BPTT stops the gradient at the start of
 * each chunk; a {@code [batch, T]} time mask passes through unchanged.
 */
public class FusedRuntime extends BaseLayer<FeedForwardLayer> implements RecurrentLayer {
    private static final long serialVersionUID = 1L;

    /** The linear half; null for a layer of neurons alone (its input is the current). */
    private final transient SynapseRuntime<?> synapse;
    /** The neuron half (kernel, trace, streaming state); it runs for layers that have a neuron. */
    private final NeuronRuntime neuron = new NeuronRuntime();

    public FusedRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        synapse = conf.getLayer() instanceof SynapseLayer<?> s
                ? s.getSynapse() instanceof ConvSynapse ? new ConvSynapseRuntime(this) : new DenseSynapseRuntime(this)
                : null;
    }

    /**
     * Runs the layer on {@code input} from {@code initial} (null: from v0); returns the output and the neuron's final
     * state (null without a neuron).
     */
    private Pair<INDArray, State> forward(boolean training, State initial, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        StepBatch.record(input);
        applyDropOutIfNecessary(training, mgr);
        boolean hasNeuron = layerConf() instanceof NeuronLayer;
        INDArray z = synapse != null
                ? synapse.forward(input, hasNeuron ? ArrayType.FF_WORKING_MEM : ArrayType.ACTIVATIONS, mgr)
                : currents(mgr);
        if (!(layerConf() instanceof NeuronLayer n)) {
            return new Pair<>(z, null);
        }
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, z.shape(), 'c');
        Geometry shape = new Geometry(Math.toIntExact(z.size(0)), Math.toIntExact(z.size(1)),
                Math.toIntExact(z.size(2)), z.rank() == 5 ? Math.toIntExact(z.size(3) * z.size(4)) : 1);
        // The neuron kernel parallelises in Java: libnd4j's threads stay parked meanwhile (NativeThreads).
        State last = NativeThreads.serial(
                () -> neuron.forward(n.getNeuron(), shape, z, paramTable(), initial, out, training, who()));
        // Without a synapse nothing has read the input yet. A non-finite input current always reaches the final state
        // (State.isFinite), so checking the state (T times smaller than the input) replaces a reduction over it.
        if (synapse == null && !last.isFinite() && (initial == null || initial.isFinite())) {
            NeuronRuntime.requireFinite(z, who());
        }
        return new Pair<>(out, last);
    }

    /** A neuron layer's input as its current, checked against the configured channels and positions. */
    private INDArray currents(LayerWorkspaceMgr mgr) {
        SpikingNeuron c = (SpikingNeuron) layerConf();
        INDArray x = input.castTo(dataType);
        TimeLayout.requireRank(x, who(), 3, 5);
        long spatial = x.rank() == 5 ? x.size(3) * x.size(4) : 1;
        if (x.size(1) != c.getNIn() || spatial != c.getSpatial()) {
            throw new IllegalArgumentException(who() + ": expected " + c.getNIn() + " channels"
                    + (x.rank() == 5 ? " and H*W = " + c.getSpatial() : "") + ", got input shape "
                    + Arrays.toString(x.shape()));
        }
        if (!TimeLayout.isDenseC(x) || x.offset() != x.data().offset()) {
            x = mgr.dup(ArrayType.FF_WORKING_MEM, x, 'c');
        }
        return x;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Gradient g = new DefaultGradient(gradientsFlattened);
        INDArray dz;
        if (layerConf() instanceof NeuronLayer) {
            ensureTrace();
            // Without a synapse dL/dz is the layer's input gradient.
            dz = workspaceMgr.createUninitialized(synapse != null ? ArrayType.BP_WORKING_MEM
                    : ArrayType.ACTIVATION_GRAD, dataType, epsilon.shape(), 'c');
            INDArray dzFinal = dz;
            NativeThreads.serial(() -> neuron.backward(epsilon, dzFinal, gradientViews, g, dataType, workspaceMgr,
                    who()));
        } else {
            dz = epsilon.castTo(dataType);
        }
        INDArray dx = synapse != null ? synapse.backward(input, dz, g, workspaceMgr) : dz;
        return new Pair<>(g, backpropDropOutIfPresent(dx));
    }

    /**
     * Re-runs the forward pass in training mode when the last one was an inference pass, so that backprop has the
     * neuron's trace: DL4J's FrozenLayerWithBackprop calls {@code activate(false)} and then {@code backpropGradient}.
     * No dropout (the inference pass had none); working arrays outside workspaces (they are not open here).
     */
    private void ensureTrace() {
        if (!neuron.hasTrace()) {
            boolean dropped = dropoutApplied;
            dropoutApplied = true;
            try {
                forward(true, null, LayerWorkspaceMgr.noWorkspaces());
            } finally {
                dropoutApplied = dropped;
            }
        }
    }

    /**
     * TEST ONLY (gradient checks): the smooth forward S = g(H - theta) instead of Heaviside, see
     * {@link NeuronRuntime#smoothForGradientChecks}. Never for training or inference.
     */
    public void smoothForGradientChecks(boolean on) {
        neuron.smoothForGradientChecks(on);
    }

    /** The synapse's kernel of the last forward pass (tests check which one ran); null without a synapse. */
    public String lastSynapseKernel() {
        return synapse == null ? null : synapse.kernels().lastKernelName();
    }

    /** "SpikingDense 'fc' (layer 3)" for messages. */
    String who() {
        return TimeLayout.describe(layerConf().getClass().getSimpleName(), layerConf().getLayerName(), getIndex());
    }

    /** The data type of the layer's arrays. */
    DataType dataType() {
        return dataType;
    }

    /** The gradient view of parameter {@code key}. */
    INDArray gradientView(String key) {
        return gradientViews.get(key);
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return forward(training, null, workspaceMgr).getFirst();
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
            int minibatchSize) {
        this.maskArray = maskArray;
        this.maskState = currentMaskState;
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        // A ComputationGraph streams without the vertex's preprocessor: apply the automatic ones here.
        setInput(synapse instanceof DenseSynapseRuntime ? TimeSteps.forDense(input, who())
                : TimeSteps.fromRows(input, who()), workspaceMgr);
        Pair<INDArray, State> r = forward(false, neuron.streamState(), workspaceMgr);
        neuron.setStreamState(r.getSecond());
        return r.getFirst();
    }

    /**
     * Truncated BPTT's forward pass over one segment: starts from the stored (previous) state, as DL4J's LSTM does,
     * so repeated calls on the same segment agree; with {@code storeLastForTBPTT} the final state is kept as the TBPTT
     * state, which DL4J makes the previous state for the next segment ({@code updateRnnStateWithTBPTTState}).
     */
    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
            LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Pair<INDArray, State> r = forward(training, neuron.streamState(), workspaceMgr);
        if (storeLastForTBPTT) {
            neuron.setTbpttState(r.getSecond());
        }
        return r.getFirst();
    }

    /**
     * Truncated BPTT's backward pass: BPTT over the segment, the carried initial state a constant (no gradient
     * through the segment boundary, no learned-v0 gradient after the first segment).
     *
     * @throws UnsupportedOperationException when {@code tbpttBackLength} is shorter than the segment (a backward
     *                                       length below the forward length): set both with {@code tBPTTLength(k)}
     */
    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
            LayerWorkspaceMgr workspaceMgr) {
        long steps = epsilon.size(TimeLayout.TIME_AXIS);
        if (tbpttBackLength < steps) {
            throw new UnsupportedOperationException(who() + ": truncated BPTT with a backward length ("
                    + tbpttBackLength + ") shorter than the segment (" + steps + " steps) is not supported; set "
                    + "both with tBPTTLength(k)");
        }
        return backpropGradient(epsilon, workspaceMgr);
    }

    @Override
    public Map<String, INDArray> rnnGetPreviousState() {
        return NeuronRuntime.toMap(neuron.streamState());
    }

    @Override
    public void rnnSetPreviousState(Map<String, INDArray> stateMap) {
        neuron.setStreamState(NeuronRuntime.fromMap(stateMap));
    }

    @Override
    public void rnnClearPreviousState() {
        neuron.clearStates();
    }

    @Override
    public Map<String, INDArray> rnnGetTBPTTState() {
        return NeuronRuntime.toMap(neuron.tbpttState());
    }

    @Override
    public void rnnSetTBPTTState(Map<String, INDArray> state) {
        neuron.setTbpttState(NeuronRuntime.fromMap(state));
    }

    @Override
    public void clear() {
        super.clear();
        neuron.clearTrace();
        if (synapse != null) {
            synapse.kernels().clear();
        }
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }
}
