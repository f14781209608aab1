package org.dl4j.snn.layers.internal.samediff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.custom.Invoke;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Enter;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Exit;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.LoopCond;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Merge;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.NextIteration;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Switch;
import org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction;
import org.nd4j.linalg.api.ops.impl.shape.CreateView;
import org.nd4j.linalg.api.ops.impl.shape.tensorops.BaseTensorOp;
import org.nd4j.linalg.api.ops.impl.transforms.Assert;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Assign;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.GradientBackwardsMarker;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fixed execution schedule for a control-flow-free SameDiff graph: the ops that the requested outputs need, in
 * topological order, with every variable resolved to a slot of an array table once, when the plan is built.
 *
 * <p>Why: the SameDiff engine's graphs are unrolled over T (thousands of small ops), and M2.1's
 * {@code InferenceSession} spends far more per op than libnd4j does: every call re-walks the whole graph
 * ({@code initSubgraph}, compiling a regex per variable in {@code VariableUtils.stripVarSuffix}), tracks
 * dependencies in hash maps and wraps every value; that bookkeeping and the garbage it leaves dominate the step time of
 * graphs of small ops. A plan executes the same ops, parameterised exactly as {@code InferenceSession} does for plain
 * (non-control-flow) ops: custom ops through an {@link OpContext} with the op's i/t/b/d arguments, outputs shaped by
 * the op's {@code calculateOutputShape} with the output variable's data type; legacy ops with their input(s) in the
 * context and the scalar or dimensions they carry; {@link Identity} passes its input through. The results are therefore
 * those of {@code sd.output} / {@code calculateGradients} bit for bit (each op is deterministic and sees the same
 * inputs).
 *
 * <p>Graphs with ops that need the session's special handling (control flow, TensorArrays, {@code Invoke}, ops
 * reading a scalar or axis from a second input, ...) get no plan: {@link #of} returns empty and the caller keeps
 * using SameDiff's own execution. {@link #run} allocates op outputs uninitialised in the current workspace (see
 * {@link SessionWorkspace}) and releases nothing; {@link #runKeeping} writes them to detached arrays the plan owns
 * and reuses. A plan holds per-op state (contexts, last shapes, kept arrays): one run at a time, like the layer
 * that owns it.
 */
final class GraphPlan {
    /** The op classes that M2.1's InferenceSession executes by special cases (as of its doExec). */
    private static final List<Class<?>> SESSION_ONLY = List.of(LoopCond.class, Enter.class, Exit.class,
            NextIteration.class, Merge.class, Switch.class, BaseTensorOp.class, Invoke.class, Assert.class,
            ExternalErrorsFunction.class, Assign.class, CreateView.class, GradientBackwardsMarker.class);

    private final SameDiff sd;
    private final Step[] steps;
    /** Slot of each VARIABLE / CONSTANT input, read from the graph at the start of every run (params are re-bound). */
    private final Map<String, Integer> stored;
    private final Map<String, Integer> placeholders;
    private final Map<String, Integer> outputs;
    private final int slots;
    private final Map<String, Integer> slotOf;

    /**
     * Custom ops whose output shapes follow from their inputs' shapes, their integer inputs' values and their own
     * arguments (so a step can reuse the shapes of its last run); legacy ops always do. Ops with data-dependent
     * shapes (where, unique, boolean_mask, ...) are not listed and are shaped at every run.
     */
    private static final Set<String> SHAPED_BY_INPUTS = Set.of("add", "subtract", "multiply", "divide", "add_bp",
            "subtract_bp", "multiply_bp", "divide_bp", "matmul", "matmul_bp", "permute", "reshape", "shape_of",
            "stack", "unstack", "concat", "zeroslike", "oneslike", "stop_gradient", "sigmoid_bp", "tanh_bp",
            "reduce_sum_bp", "reduce_mean_bp", "conv2d", "conv2d_bp", "maxpool2d", "maxpool2d_bp", "avgpool2d",
            "avgpool2d_bp", "batchnorm", "batchnorm_bp", "tile", "tile_bp", "squeeze", "expand_dims");

    /**
     * One op: where its inputs come from and its outputs go, the context it runs in, its outputs' types and the
     * output shapes of its last run with the input signature they were computed for.
     */
    private static final class Step {
        final DifferentialFunction op;
        final int[] in;
        final int[] out;
        final DataType[] outTypes;
        final OpContext context;
        final boolean reuseShapes;
        long[][] lastInputs;
        List<LongShapeDescriptor> lastShapes;
        /** The outputs of the last {@link #runKeeping} (detached, overwritten by the next one). */
        INDArray[] kept;

        Step(DifferentialFunction op, int[] in, int[] out, DataType[] outTypes, OpContext context) {
            this.op = op;
            this.in = in;
            this.out = out;
            this.outTypes = outTypes;
            this.context = context;
            this.reuseShapes = !(op instanceof CustomOp) || SHAPED_BY_INPUTS.contains(op.opName());
        }

        /**
         * The output shapes for these inputs: those of the last run when every input has the same data type, order
         * and shape (and, for integer inputs such as a reshape's target shape, the same values), else computed.
         */
        List<LongShapeDescriptor> shapes(INDArray[] args, OpContext oc) {
            if (reuseShapes && lastShapes != null && sameInputs(args)) {
                return lastShapes;
            }
            List<LongShapeDescriptor> shapes = op.calculateOutputShape(oc);
            if (shapes == null || shapes.size() != out.length) {
                throw new IllegalStateException("GraphPlan: op " + op.opName() + " (" + op.getOwnName() + ") gave "
                        + (shapes == null ? 0 : shapes.size()) + " output shapes for " + out.length + " outputs");
            }
            List<LongShapeDescriptor> typed = new ArrayList<>(shapes.size());
            for (int i = 0; i < shapes.size(); i++) {
                LongShapeDescriptor d = shapes.get(i);
                // As InferenceSession: a custom op's outputs take their variables' data types.
                typed.add(op instanceof CustomOp && d.dataType() != outTypes[i] ? d.asDataType(outTypes[i]) : d);
            }
            lastInputs = reuseShapes ? signature(args) : null;
            lastShapes = lastInputs == null ? null : typed;
            return typed;
        }

        /**
         * Whether {@code args} have the signature of the last computed shapes, checked in place (no allocation
         * for float inputs: this runs for every op of every run).
         */
        private boolean sameInputs(INDArray[] args) {
            if (lastInputs.length != args.length) return false;
            for (int i = 0; i < args.length; i++) {
                INDArray a = args[i];
                long[] key = lastInputs[i];
                long[] shape = a.shape();
                boolean values = holdsShapeValues(a);
                if (key.length != 2 + shape.length + (values ? a.length() : 0)
                        || key[0] != a.dataType().ordinal() || key[1] != a.ordering()) {
                    return false;
                }
                for (int d = 0; d < shape.length; d++) {
                    if (key[2 + d] != shape[d]) return false;
                }
                if (values) {
                    long[] v = longValues(a);
                    for (int k = 0; k < v.length; k++) {
                        if (key[2 + shape.length + k] != v[k]) return false;
                    }
                }
            }
            return true;
        }

        /**
         * Per input: data type, order, shape and, for integer or boolean inputs (a reshape's target shape, an
         * axis), the values; null when such an input has more than 64 values (shapes are then not reused).
         */
        private static long[][] signature(INDArray[] args) {
            long[][] sig = new long[args.length][];
            for (int i = 0; i < args.length; i++) {
                INDArray a = args[i];
                long[] shape = a.shape();
                boolean values = holdsShapeValues(a);
                if (values && a.length() > 64) return null;
                long[] key = new long[shape.length + 2 + (values ? (int) a.length() : 0)];
                key[0] = a.dataType().ordinal();
                key[1] = a.ordering();
                System.arraycopy(shape, 0, key, 2, shape.length);
                if (values) {
                    long[] v = longValues(a);
                    System.arraycopy(v, 0, key, 2 + shape.length, v.length);
                }
                sig[i] = key;
            }
            return sig;
        }

        private static boolean holdsShapeValues(INDArray a) {
            return a.dataType().isIntType() || a.dataType() == DataType.BOOL;
        }

        private static long[] longValues(INDArray a) {
            return a.dataType() == DataType.BOOL ? a.castTo(DataType.LONG).toLongVector()
                    : a.reshape(a.length()).toLongVector();
        }
    }

    private GraphPlan(SameDiff sd, Step[] steps, Map<String, Integer> stored, Map<String, Integer> placeholders,
                      Map<String, Integer> outputs, Map<String, Integer> slotOf) {
        this.sd = sd;
        this.steps = steps;
        this.stored = stored;
        this.placeholders = placeholders;
        this.outputs = outputs;
        this.slotOf = slotOf;
        this.slots = slotOf.size();
    }

    /**
     * The plan computing {@code outputs} of {@code sd}, or empty when the ops they need include one that the plan does
     * not execute (see the class comment).
     */
    static Optional<GraphPlan> of(SameDiff sd, List<String> outputs) {
        return of(sd, outputs, Set.of());
    }

    /**
     * As {@link #of(SameDiff, List)}, with the variables named in {@code fed} given to {@link #run} like placeholders:
     * the ops that would compute them are not run. (The SameDiff engine feeds the gradient of the layer's output,
     * which autodiff would compute from the loss {@code sum(out * epsilon)} as exactly epsilon.)
     */
    static Optional<GraphPlan> of(SameDiff sd, List<String> outputs, Set<String> fed) {
        Walk walk = new Walk(sd, fed);
        for (String name : outputs) {
            if (!walk.require(name)) return Optional.empty();
        }
        Map<String, Integer> slot = walk.slot;
        List<DifferentialFunction> order = walk.order;
        Step[] steps = new Step[order.size()];
        for (int i = 0; i < steps.length; i++) {
            DifferentialFunction op = order.get(i);
            String[] args = op.argNames();
            int[] in = new int[args == null ? 0 : args.length];
            for (int a = 0; a < in.length; a++) in[a] = slot.get(args[a]);
            String[] outNames = op.outputVariablesNames();
            int[] out = new int[outNames.length];
            DataType[] types = new DataType[outNames.length];
            for (int o = 0; o < out.length; o++) {
                out[o] = slot.computeIfAbsent(outNames[o], k -> slot.size());
                types[o] = sd.getVariable(outNames[o]).dataType();
            }
            OpContext context = op instanceof Identity ? null : Nd4j.getExecutioner().buildContext();
            steps[i] = new Step(op, in, out, types, context);
        }
        Map<String, Integer> outSlots = new LinkedHashMap<>();
        for (String name : outputs) outSlots.put(name, slot.get(name));
        return Optional.of(new GraphPlan(sd, steps, walk.stored, walk.placeholders, outSlots, slot));
    }

    /**
     * Iterative depth-first walk from the requested outputs to the graph's inputs: an op is scheduled after all ops
     * that produce its inputs (post-order), each op once; every variable met gets a slot.
     */
    private static final class Walk {
        final SameDiff sd;
        final Set<String> fed;
        final Map<String, Integer> slot = new HashMap<>();
        /** VARIABLE / CONSTANT inputs and placeholder / fed inputs, by slot. */
        final Map<String, Integer> stored = new LinkedHashMap<>();
        final Map<String, Integer> placeholders = new LinkedHashMap<>();
        final List<DifferentialFunction> order = new ArrayList<>();
        /** Op name -> false while on the stack, true once scheduled. */
        final Map<String, Boolean> done = new HashMap<>();
        /** Frames {op, index of its next argument}. */
        final Deque<Object[]> stack = new ArrayDeque<>();

        Walk(SameDiff sd, Set<String> fed) {
            this.sd = sd;
            this.fed = fed;
        }

        /** Schedules what {@code name} needs; false if one of those ops is not supported. */
        boolean require(String name) {
            if (!enter(name)) return false;
            while (!stack.isEmpty()) {
                Object[] frame = stack.peek();
                DifferentialFunction op = (DifferentialFunction) frame[0];
                String[] args = op.argNames();
                int next = (Integer) frame[1];
                if (args != null && next < args.length) {
                    frame[1] = next + 1;
                    if (!enter(args[next])) return false;
                    continue;
                }
                stack.pop();
                done.put(op.getOwnName(), true);
                order.add(op);
                for (String out : op.outputVariablesNames()) slot.putIfAbsent(out, slot.size());
            }
            return true;
        }

        /**
         * Gives {@code name} a slot if it is an input of the plan (a variable or constant read from the graph, a
         * placeholder or a fed variable), else pushes the op producing it unless already scheduled; false for an
         * unknown name, an unsupported op or a cycle (not a plain graph).
         */
        private boolean enter(String name) {
            if (slot.containsKey(name)) return true;
            SDVariable v = sd.getVariable(name);
            if (v == null) return false;
            VariableType type = v.getVariableType();
            if (fed.contains(name) || type == VariableType.PLACEHOLDER) {
                slot.put(name, slot.size());
                placeholders.put(name, slot.get(name));
                return true;
            }
            if (type == VariableType.VARIABLE || type == VariableType.CONSTANT) {
                slot.put(name, slot.size());
                stored.put(name, slot.get(name));
                return true;
            }
            DifferentialFunction producer = sd.getVariableOutputOp(name);
            if (producer == null || !supported(producer) || done.containsKey(producer.getOwnName())) return false;
            stack.push(new Object[] {producer, 0});
            done.put(producer.getOwnName(), false);
            return true;
        }
    }

    /**
     * Whether the op runs exactly like {@code InferenceSession}'s generic path: a custom op, or a legacy op whose
     * inputs are all arrays (no scalar or axis passed as a second input), or Identity; never one of the classes the
     * session special-cases (control flow, TensorArrays, ...).
     */
    private static boolean supported(DifferentialFunction op) {
        for (Class<?> special : SESSION_ONLY) {
            if (special.isInstance(op)) return false;
        }
        if (op instanceof Identity || op instanceof DynamicCustomOp) return true;
        if (op instanceof BaseOp) {
            String[] args = op.argNames();
            int n = args == null ? 0 : args.length;
            return n == 1 || (n == 2 && !(op instanceof ScalarOp) && !(op instanceof ReduceOp));
        }
        return false;
    }

    /**
     * Runs the plan on {@code feeds} (every placeholder the requested outputs need); returns the requested outputs
     * by name. Arrays are allocated in the current workspace.
     */
    Map<String, INDArray> run(Map<String, INDArray> feeds) {
        INDArray[] values = execute(feeds, false);
        Map<String, INDArray> result = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : outputs.entrySet()) {
            result.put(e.getKey(), values[e.getValue()]);
        }
        return result;
    }

    /**
     * Runs the plan keeping every value: op outputs go to detached arrays that the plan owns and reuses (overwrites)
     * on its next {@code runKeeping}, so a later plan can be fed any of them (see {@link #computedNames}).
     */
    Results runKeeping(Map<String, INDArray> feeds) {
        return new Results(slotOf, execute(feeds, true));
    }

    /** The values of one {@link #runKeeping} by variable name. */
    record Results(Map<String, Integer> slotOf, INDArray[] values) {
        INDArray get(String name) {
            Integer slot = slotOf.get(name);
            return slot == null ? null : values[slot];
        }
    }

    /** The names of the variables the plan's ops compute. */
    Set<String> computedNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Step step : steps) {
            for (String name : step.op.outputVariablesNames()) names.add(name);
        }
        return names;
    }

    /** The names the plan reads from {@link #run}'s feeds (placeholders and fed variables). */
    Set<String> inputNames() {
        return placeholders.keySet();
    }

    private INDArray[] execute(Map<String, INDArray> feeds, boolean keep) {
        INDArray[] values = new INDArray[slots];
        for (Map.Entry<String, Integer> e : stored.entrySet()) {
            values[e.getValue()] = sd.getArrForVarName(e.getKey());
        }
        for (Map.Entry<String, Integer> e : placeholders.entrySet()) {
            INDArray x = feeds.get(e.getKey());
            if (x == null) {
                throw new IllegalArgumentException("GraphPlan: no array for input \"" + e.getKey() + "\"");
            }
            values[e.getValue()] = x;
        }
        for (Step step : steps) {
            execute(step, values, keep);
        }
        return values;
    }

    private static void execute(Step step, INDArray[] values, boolean keep) {
        DifferentialFunction df = step.op;
        INDArray[] args = new INDArray[step.in.length];
        for (int i = 0; i < args.length; i++) args[i] = values[step.in[i]];
        if (df instanceof Identity) {
            values[step.out[0]] = args[0];
            return;
        }
        OpContext oc = step.context;
        if (df instanceof CustomOp) {
            DynamicCustomOp op = (DynamicCustomOp) df;
            oc.setArgs(args, op.iArgs(), op.dArgs(), op.tArgs(), op.bArgs());
        } else {
            oc.setInputArray(0, args[0]);
            if (args.length == 2) oc.setInputArray(1, args[1]);
        }
        List<LongShapeDescriptor> shapes = step.shapes(args, oc);
        if (keep && step.kept == null) step.kept = new INDArray[step.out.length];
        for (int i = 0; i < step.out.length; i++) {
            INDArray z = keep ? kept(step, i, shapes.get(i)) : allocate(shapes.get(i));
            oc.setOutputArray(i, z);
            values[step.out[i]] = z;
        }
        if (df instanceof CustomOp) {
            Nd4j.exec((CustomOp) df, oc);
        } else {
            Nd4j.exec((Op) df, oc);
        }
        // As InferenceSession: the op object and the context keep no references to this run's arrays.
        df.clearArrays();
        oc.purge();
    }

    /** The step's kept output i, reallocated (detached) when its shape, type or order changed. */
    private static INDArray kept(Step step, int i, LongShapeDescriptor d) {
        INDArray a = step.kept[i];
        if (a == null || a.dataType() != d.dataType() || a.ordering() != d.getOrder() || a.isEmpty() != d.isEmpty()
                || !Arrays.equals(a.shape(), d.getShape())) {
            if (d.isEmpty()) {
                a = Nd4j.create(d).detach();
            } else {
                a = Nd4j.createUninitializedDetached(d.dataType(), d.getOrder(), d.getShape());
            }
            step.kept[i] = a;
        }
        return a;
    }

    private static INDArray allocate(LongShapeDescriptor d) {
        if (d.isEmpty()) return Nd4j.create(d);
        return Nd4j.createUninitialized(d.dataType(), d.getShape(), d.getOrder());
    }
}
