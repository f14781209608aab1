package org.dl4j.snn.layers.internal.runtime;

import java.util.Map;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.neuron.internal.State;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of the fused runtimes of layers ending in a neuron population ({@link org.dl4j.snn.layers.SpikingDense},
 * {@link org.dl4j.snn.layers.SpikingConv}, {@link org.dl4j.snn.layers.SpikingNeuron}): DL4J's {@link RecurrentLayer}
 * contract on top of one {@link #forward} that runs from a given initial state. {@code fit} and {@code output} start
 * every minibatch from v0; {@code rnnTimeStep} carries the state between calls until {@code rnnClearPreviousState}; a
 * {@code [batch, T]} time mask passes through unchanged.
 *
 * @param <L> the layer configuration
 */
public abstract class NeuronLayerRuntime<L extends org.deeplearning4j.nn.conf.layers.BaseLayer> extends BaseLayer<L>
        implements RecurrentLayer {
    private static final long serialVersionUID = 1L;

    /** The neuron half: kernel, trace, streaming state. */
    protected final NeuronRuntime neuron = new NeuronRuntime();

    protected NeuronLayerRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Runs the layer on {@code input} from {@code initial} (null: from v0); returns the output and final state. */
    protected abstract Pair<INDArray, State> forward(boolean training, State initial,
                                                     LayerWorkspaceMgr mgr);

    /**
     * Re-runs the forward pass in training mode when the last one was an inference pass, so that backprop has the
     * neuron's trace: DL4J's FrozenLayerWithBackprop calls {@code activate(false)} and then {@code backpropGradient}.
     * No dropout (the inference pass had none); working arrays outside workspaces (they are not open here).
     */
    protected void ensureTrace() {
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

    /** "SpikingDense(name, layer 3)" for messages. */
    protected String who() {
        return TimeLayout.describe(layerConf().getClass().getSimpleName(), layerConf().getLayerName(), getIndex());
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
        setInput(input, workspaceMgr);
        Pair<INDArray, State> r = forward(false, neuron.streamState(), workspaceMgr);
        neuron.setStreamState(r.getSecond());
        return r.getFirst();
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
            LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Pair<INDArray, State> r = forward(training, neuron.tbpttState(), workspaceMgr);
        if (storeLastForTBPTT) {
            neuron.setTbpttState(r.getSecond());
        }
        return r.getFirst();
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
            LayerWorkspaceMgr workspaceMgr) {
        // Truncated BPTT: the gradient stops at the start of the chunk (the kernel ran from the stored state).
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
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }
}
