package org.dl4j.snn.layers.internal.samediff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.SameDiffDefinition;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@link org.dl4j.snn.layers.Engine#SAMEDIFF} runtime of a spiking layer: runs the layer's
 * {@link SameDiffDefinition#define SameDiff definition} and gets every gradient from SameDiff's autodiff.
 * Forward {@code out = define(x, params)}; backward differentiates {@code L = sum(out * epsilon)} with the incoming
 * epsilon fed as a placeholder, so {@code dL/dout = epsilon} exactly (stock {@code SameDiffLayer}s inject it through
 * {@code ExternalErrorsFunction} and return 2x gradients in DL4J 1.0.0-M2.1).
 *
 * <p>Execution: each graph and its gradient function run as {@link GraphPlan}s (SameDiff's ops in a fixed order,
 * without {@code InferenceSession}'s per-call bookkeeping, which cost more than the ops on these T-unrolled graphs);
 * a training forward pass keeps its values so that the backward pass runs only the gradient ops, fed the forward
 * values and epsilon as the output's gradient. Results are those of {@code output}/{@code calculateGradients} bit
 * for bit ({@link #useSameDiffSession} runs those instead).
 *
 * <p>One graph is built per input shape without the batch dimension (T is unrolled, so it cannot change inside a
 * graph) and cached. The graph's variables are the layer's own parameter views (param table names "W", "b", "tauW",
 * "theta", "v0"), re-bound before every run, so updates, {@code setParams} and a fused twin on the same parameters
 * are seen. The SameDiff definition starts every sequence from v0 and has no state input, so streaming
 * ({@code rnnTimeStep}, stored state) and truncated BPTT throw {@link UnsupportedOperationException} pointing to
 * {@link org.dl4j.snn.layers.Engine#FUSED}; clearing state is a no-op.
 *
 * @param <L> the layer configuration
 */
public class SameDiffRuntime<L extends org.deeplearning4j.nn.conf.layers.BaseLayer & SameDiffDefinition>
        extends BaseLayer<L> implements RecurrentLayer {
    private static final long serialVersionUID = 1L;
    private static final String INPUT = "input";
    private static final String EPSILON = "epsilon";
    private static final String GRAD_FUNCTION = "grad";
    /** Per-step input slices below this many elements run single-threaded in libnd4j. */
    private static final long SMALL_STEP = 1 << 16;

    /** One graph per input shape (batch excluded) and forward mode. */
    private transient Map<String, Graph> graphs;
    private boolean smoothForGradientChecks;
    private boolean sessionOnly;
    /** The input array the last forward pass checked. */
    private transient INDArray checked;

    /**
     * A layer graph and, built on first use, the {@link GraphPlan}s that run its forward pass and its gradient
     * function (absent when the graph has an op a plan does not execute: then SameDiff's session runs it).
     */
    private static final class Graph {
        final SameDiff sd;
        final String output;
        Optional<GraphPlan> forward;
        Optional<GraphPlan> backward;
        /** Gradient variable name (in the gradient function) -> the name it is wanted under. */
        Map<String, String> gradientOf;
        /** The output's gradient variable, fed with epsilon in the backward plan (null: computed from the loss). */
        String outputGradient;
        /**
         * The gradient function's backward ops alone: fed the forward values that the last training forward pass
         * kept, instead of recomputing the forward pass as {@code backward} (and calculateGradients) do.
         */
        Optional<GraphPlan> backwardFromForward;
        /** The values of the last training forward pass, and the input they were computed from. */
        GraphPlan.Results kept;
        INDArray keptFor;

        Graph(SameDiff sd, String output) {
            this.sd = sd;
            this.output = output;
        }
    }

    public SameDiffRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * FOR GRADIENT CHECKS ONLY: with {@code true} the neuron fires S = g(H - theta) (the surrogate's primitive)
     * instead of Heaviside, so that the surrogate gradient is the true gradient of the forward pass and finite
     * differences can verify it. Never for training or inference.
     */
    public void smoothForGradientChecks(boolean on) {
        this.smoothForGradientChecks = on;
    }

    /**
     * With {@code true}, runs the graphs with SameDiff's own {@code InferenceSession} (output / calculateGradients)
     * instead of their {@link GraphPlan}s: same results bit for bit, several times slower on the unrolled graphs; for
     * diagnosing the engine. Graphs a plan cannot execute always use the session.
     */
    public void useSameDiffSession(boolean on) {
        this.sessionOnly = on;
    }

    private String who() {
        return TimeLayout.describe(layerConf().getClass().getSimpleName(), layerConf().getLayerName(), getIndex());
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray x = checkedInput(false);
        Graph g = graph(x);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            bindParams(g.sd);
            if (g.forward == null) {
                g.forward = GraphPlan.of(g.sd, List.of(g.output));
            }
            g.kept = null;
            return SessionWorkspace.run(smallOps(x), () -> {
                INDArray out;
                if (g.forward.isPresent() && !sessionOnly && training) {
                    // Kept for backpropGradient, which then runs only the backward ops.
                    g.kept = g.forward.get().runKeeping(Map.of(INPUT, x));
                    g.keptFor = input;
                    out = g.kept.get(g.output);
                } else if (g.forward.isPresent() && !sessionOnly) {
                    out = g.forward.get().run(Map.of(INPUT, x)).get(g.output);
                } else {
                    out = g.sd.output(Map.of(INPUT, x), g.output).get(g.output);
                    // Placeholders must not keep references to (workspace) arrays between calls.
                    g.sd.clearPlaceholders(true);
                    g.sd.clearOpInputs();
                }
                return workspaceMgr.dup(ArrayType.ACTIVATIONS, out, 'c');
            }, g.sd);
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = checkedInput(true);
        Graph g = graph(x);
        List<String> wanted = new ArrayList<>();
        wanted.add(INPUT);
        wanted.addAll(paramTable().keySet());
        Gradient gradient = new DefaultGradient(gradientsFlattened);
        INDArray dx;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            SameDiff sd = g.sd;
            if (!sd.hasGradientFunction()) {
                // The input is a placeholder: SameDiff differentiates it only when asked to at build time.
                QuietGradientBuild.createGradFunction(sd, INPUT);
            }
            bindParams(sd);
            SameDiff gradFn = sd.getFunction(GRAD_FUNCTION);
            bindParams(gradFn);
            if (g.backward == null) {
                g.gradientOf = new LinkedHashMap<>();
                for (String name : wanted) {
                    // No gradient variable: the parameter does not reach the output (reported by required()).
                    SDVariable grad = sd.getVariable(name).getGradient();
                    if (grad != null) g.gradientOf.put(grad.name(), name);
                }
                g.outputGradient = seedableGradient(sd, g.output);
                g.backward = GraphPlan.of(gradFn, new ArrayList<>(g.gradientOf.keySet()),
                        g.outputGradient == null ? Set.of() : Set.of(g.outputGradient));
            }
            Map<String, INDArray> placeholders = new HashMap<>();
            placeholders.put(INPUT, x);
            INDArray eps = epsilon.castTo(dataType);
            placeholders.put(EPSILON, eps);
            if (g.outputGradient != null) placeholders.put(g.outputGradient, eps);
            GraphPlan plan = null;
            if (!sessionOnly && g.kept != null && g.keptFor == input) {
                if (g.backwardFromForward == null) {
                    Set<String> fed = new HashSet<>();
                    for (String name : g.forward.orElseThrow().computedNames()) {
                        if (gradFn.hasVariable(name)) fed.add(name);
                    }
                    if (g.outputGradient != null) fed.add(g.outputGradient);
                    g.backwardFromForward = GraphPlan.of(gradFn, new ArrayList<>(g.gradientOf.keySet()), fed);
                }
                if (g.backwardFromForward.isPresent()) {
                    plan = g.backwardFromForward.get();
                    for (String name : plan.inputNames()) {
                        if (!placeholders.containsKey(name)) placeholders.put(name, g.kept.get(name));
                    }
                }
            }
            if (plan == null && !sessionOnly) plan = g.backward.orElse(null);
            // One backward pass per forward pass: the kept values are not used again.
            g.kept = null;
            GraphPlan backward = plan;
            dx = SessionWorkspace.run(smallOps(x), () -> {
                Map<String, INDArray> grads;
                if (backward != null) {
                    grads = new HashMap<>();
                    for (Map.Entry<String, INDArray> e : backward.run(placeholders).entrySet()) {
                        grads.put(g.gradientOf.get(e.getKey()), e.getValue());
                    }
                } else {
                    grads = sd.calculateGradients(placeholders, wanted);
                    sd.clearPlaceholders(true);
                    sd.clearOpInputs();
                }
                // Copied out before the session's workspace closes.
                for (String name : paramTable().keySet()) {
                    INDArray view = gradientViews.get(name);
                    view.assign(required(grads, name).reshape(view.shape()));
                    gradient.gradientForVariable().put(name, view);
                }
                return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, required(grads, INPUT), 'c');
            }, sd, gradFn);
        }
        return new Pair<>(gradient, backpropDropOutIfPresent(dx));
    }

    /**
     * The name of the output's gradient variable when the loss {@code sum(out * epsilon)} is the output's only use:
     * autodiff then computes that gradient as exactly epsilon (ones times epsilon, through a multiply_bp over the
     * whole [b, C, T, ...] output), so the backward plan takes epsilon for it instead. Null otherwise.
     */
    private static String seedableGradient(SameDiff sd, String output) {
        SDVariable out = sd.getVariable(output);
        SDVariable grad = out.getGradient();
        List<String> uses = sd.getVariables().get(output).getInputsForOp();
        if (grad == null || out.isPlaceHolder() || uses == null || uses.size() != 1) return null;
        return grad.name();
    }

    private INDArray required(Map<String, INDArray> grads, String name) {
        INDArray g = grads == null ? null : grads.get(name);
        if (g == null) {
            throw new IllegalStateException(who() + ": SameDiff returned no gradient for \"" + name + "\" (it does "
                    + "not reach the output in the layer's definition)");
        }
        return g;
    }

    /**
     * Whether one time step's input slice is small enough (below 2^16 elements) that libnd4j should run the graph's
     * per-step ops on one thread (see {@link SessionWorkspace#run}).
     */
    private static boolean smallOps(INDArray x) {
        return x.length() / Math.max(1, x.size(TimeLayout.TIME_AXIS)) < SMALL_STEP;
    }

    /**
     * The input in the layer's data type, checked ({@link SameDiffDefinition#checkInput}: shape and finiteness, a full
     * pass); a backward pass skips the check for the array its forward pass checked.
     */
    private INDArray checkedInput(boolean backward) {
        INDArray x = input.castTo(dataType);
        if (!backward || input != checked) {
            layerConf().checkInput(x, who());
            checked = input;
        }
        return x;
    }

    /** The graph for {@code x}'s shape (batch excluded), built on first use. */
    private Graph graph(INDArray x) {
        long[] shape = x.shape().clone();
        shape[0] = -1;
        String key = Arrays.toString(shape) + (smoothForGradientChecks ? " smooth" : "");
        if (graphs == null) {
            graphs = new HashMap<>();
        }
        return graphs.computeIfAbsent(key, k -> build(shape));
    }

    private Graph build(long[] shape) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            SameDiff sd = SameDiff.create();
            // Single-thread holders store the arrays as given, so the variables can be views of the layer's params.
            sd.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), false);
            SDVariable in = sd.placeHolder(INPUT, dataType, shape);
            Map<String, SDVariable> params = new LinkedHashMap<>();
            for (Map.Entry<String, INDArray> e : paramTable().entrySet()) {
                params.put(e.getKey(), sd.var(e.getKey(), dataType, e.getValue().shape()));
            }
            SDVariable out = layerConf().define(sd, in, params, shape, smoothForGradientChecks);
            long[] anyShape = new long[shape.length];
            Arrays.fill(anyShape, -1);
            SDVariable eps = sd.placeHolder(EPSILON, dataType, anyShape);
            sd.setLossVariables(out.mul(eps).sum());
            return new Graph(sd, out.name());
        }
    }

    /** Points the graph's variables at the current parameter arrays (the updater changes them in place). */
    private void bindParams(SameDiff sd) {
        for (Map.Entry<String, INDArray> e : paramTable().entrySet()) {
            sd.associateArrayWithVariable(e.getValue(), sd.getVariable(e.getKey()));
        }
    }

    /** A {@code [batch, T]} time mask passes through unchanged (the layer acts per time step). */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
            int minibatchSize) {
        this.maskArray = maskArray;
        this.maskState = currentMaskState;
        return new Pair<>(maskArray, currentMaskState);
    }

    // ---- RecurrentLayer: no streaming on this engine ----

    private UnsupportedOperationException noStreaming(String what) {
        return new UnsupportedOperationException(who() + ": " + what + " is not supported with Engine.SAMEDIFF (its "
                + "graph starts every sequence from v0 and has no state input); build the layer with "
                + "engine(Engine.FUSED), the default, for streaming and truncated BPTT");
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        throw noStreaming("rnnTimeStep");
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
            LayerWorkspaceMgr workspaceMgr) {
        throw noStreaming("truncated BPTT (activation from a stored state)");
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
            LayerWorkspaceMgr workspaceMgr) {
        throw noStreaming("truncated BPTT");
    }

    /** Always empty: this engine keeps no state. */
    @Override
    public Map<String, INDArray> rnnGetPreviousState() {
        return new HashMap<>();
    }

    @Override
    public void rnnSetPreviousState(Map<String, INDArray> stateMap) {
        if (stateMap != null && !stateMap.isEmpty()) {
            throw noStreaming("rnnSetPreviousState");
        }
    }

    /** Nothing to clear: this engine keeps no state. */
    @Override
    public void rnnClearPreviousState() {
    }

    /** Always empty: this engine keeps no state. */
    @Override
    public Map<String, INDArray> rnnGetTBPTTState() {
        return new HashMap<>();
    }

    @Override
    public void rnnSetTBPTTState(Map<String, INDArray> state) {
        if (state != null && !state.isEmpty()) {
            throw noStreaming("rnnSetTBPTTState");
        }
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }
}
