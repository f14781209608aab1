package org.dl4j.snn.layers.internal.runtime;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.internal.BpttGradients;
import org.dl4j.snn.neuron.internal.FlatArray;
import org.dl4j.snn.neuron.internal.Geometry;
import org.dl4j.snn.neuron.internal.NeuronKernel;
import org.dl4j.snn.neuron.internal.ParamValues;
import org.dl4j.snn.neuron.internal.State;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The neuron half of a {@link FusedRuntime}: runs {@link NeuronKernel} on the layer's currents, keeps the trace for
 * BPTT, writes the neuron-parameter gradients into the layer's gradient views, and holds the streaming
 * ({@code rnnTimeStep}) and truncated-BPTT states. The layers differ only in the synapse half before it.
 */
public final class NeuronRuntime {
    private static final String STATE_V = "v";
    private static final String STATE_I = "i";

    private transient NeuronKernel kernel;
    private transient NeuronConfig kernelConfig;
    private boolean smoothForGradientChecks;
    private transient NeuronKernel.Trace trace;
    /**
     * The last trace after {@link #clearTrace} (DL4J clears every layer after each minibatch): no longer usable for
     * backprop, kept only so that the next forward pass writes into its arrays instead of allocating.
     */
    private transient NeuronKernel.Trace spare;
    private transient State streamState;
    private transient State tbpttState;

    private NeuronKernel kernel(NeuronConfig config) {
        if (kernel == null || !config.equals(kernelConfig)) {
            kernel = smoothForGradientChecks
                    ? NeuronKernel.smoothForGradientChecks(config, Runtime.getRuntime().availableProcessors())
                    : new NeuronKernel(config);
            kernelConfig = config;
        }
        return kernel;
    }

    /**
     * TEST ONLY (gradient checks): with {@code true} the kernel fires S = g(H - theta), the surrogate's primitive,
     * instead of Heaviside ({@link NeuronKernel#smoothForGradientChecks}), so that its BPTT is the true gradient of
     * the forward pass and finite differences (DL4J's GradientCheckUtil) can verify the whole layer. Never for
     * training or inference.
     */
    public void smoothForGradientChecks(boolean on) {
        if (on != smoothForGradientChecks) {
            smoothForGradientChecks = on;
            kernel = null;
            trace = null;
            spare = null;
        }
    }

    /** Whether a training forward pass left the trace that {@link #backward} needs. */
    boolean hasTrace() {
        return trace != null;
    }

    /**
     * Runs the neuron over currents {@code z} (layout of {@code shape}) into {@code out}; keeps the trace when
     * training. Returns the final state.
     */
    State forward(NeuronConfig config, Geometry shape, INDArray z, Map<String, INDArray> params,
                  State initial, INDArray out, boolean training, String who) {
        if (initial != null && initial.length() != shape.stateLength()) {
            throw new IllegalStateException(who + ": the stored state is for " + initial.length()
                    + " neurons, the input has " + shape.stateLength() + " (call rnnClearPreviousState())");
        }
        // The previous trace is dead from here on (backprop uses only the latest): its arrays take this pass's H, S
        // and final state, unless that final state was kept as the streaming or TBPTT state.
        NeuronKernel.Trace recycle = trace != null ? trace : spare;
        trace = null;
        spare = null;
        if (recycle != null && (recycle.finalState() == streamState || recycle.finalState() == tbpttState)) {
            recycle = null;
        }
        NeuronKernel.Trace tr = kernel(config).forward(shape, FlatArray.of(z), ParamValues.fromTable(params),
                initial, FlatArray.of(out), training, recycle);
        trace = training ? tr : null;
        return tr.finalState();
    }

    /**
     * BPTT through the neuron: {@code dz} receives dL/dz; the neuron parameters' gradients are written into their
     * views and registered in {@code g}.
     */
    void backward(INDArray epsilon, INDArray dz, Map<String, INDArray> gradientViews, Gradient g, DataType dataType,
                  LayerWorkspaceMgr mgr, String who) {
        if (trace == null) {
            throw new IllegalStateException(who + ": backprop needs a training forward pass first");
        }
        INDArray eps = epsilon.castTo(dataType);
        if (!TimeLayout.isDenseC(eps) || eps.offset() != eps.data().offset()) {
            eps = mgr.dup(ArrayType.BP_WORKING_MEM, eps, 'c');
        }
        BpttGradients ng = kernel.backward(trace, FlatArray.of(eps), FlatArray.of(dz));
        for (Map.Entry<String, double[]> e : ng.asMap().entrySet()) {
            INDArray view = gradientViews.get(e.getKey());
            view.assign(Nd4j.createFromArray(e.getValue()).castTo(dataType).reshape(view.shape()));
            g.gradientForVariable().put(e.getKey(), view);
        }
    }

    /**
     * @throws IllegalArgumentException naming the layer when {@code x} ({@code [batch, n, T]} or
     *                                  {@code [batch, C, T, H, W]}) has no time steps
     */
    public static void requireSteps(INDArray x, String who) {
        if (x.size(TimeLayout.TIME_AXIS) < 1) {
            throw new IllegalArgumentException(who + ": input has T = " + x.size(TimeLayout.TIME_AXIS)
                    + " time steps (dimension 2), need T >= 1; input shape " + java.util.Arrays.toString(x.shape()));
        }
    }

    /** @throws IllegalArgumentException naming the layer when {@code x} holds NaN or infinity */
    public static void requireFinite(INDArray x, String who) {
        if (!TimeLayout.allFinite(x)) {
            throw notFinite(x, who);
        }
    }

    /**
     * {@link #requireFinite(INDArray, String)} for an input whose non-zero entries a spike raster has collected
     * ({@code nonZeros}, every NaN and infinity among them): no second pass over the dense input.
     */
    public static void requireFinite(float[] nonZeros, INDArray x, String who) {
        if (!TimeLayout.allFinite(nonZeros, nonZeros.length)) {
            throw notFinite(x, who);
        }
    }

    private static IllegalArgumentException notFinite(INDArray x, String who) {
        return new IllegalArgumentException(who + ": input contains NaN or infinite values (shape "
                + java.util.Arrays.toString(x.shape()) + "); refusing to propagate them into the parameters");
    }

    State streamState() { return streamState; }
    void setStreamState(State s) { streamState = s; }
    State tbpttState() { return tbpttState; }
    void setTbpttState(State s) { tbpttState = s; }

    void clearStates() {
        streamState = null;
        tbpttState = null;
    }

    void clearTrace() {
        if (trace != null) spare = trace;
        trace = null;
    }

    static Map<String, INDArray> toMap(State s) {
        Map<String, INDArray> m = new HashMap<>();
        if (s != null) {
            m.put(STATE_V, Nd4j.createFromArray(s.v()));
            if (s.current() != null) {
                m.put(STATE_I, Nd4j.createFromArray(s.current()));
            }
        }
        return m;
    }

    static State fromMap(Map<String, INDArray> m) {
        INDArray v = m == null ? null : m.get(STATE_V);
        if (v == null) {
            return null;
        }
        INDArray i = m.get(STATE_I);
        return new State(v.castTo(DataType.DOUBLE).dup('c').toDoubleVector(),
                i == null ? null : i.castTo(DataType.DOUBLE).dup('c').toDoubleVector());
    }
}
