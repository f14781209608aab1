package org.dl4j.snn.layers;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.neuron.FlatArray;
import org.dl4j.snn.neuron.NeuronGradients;
import org.dl4j.snn.neuron.NeuronKernel;
import org.dl4j.snn.neuron.NeuronParams;
import org.dl4j.snn.neuron.NeuronShape;
import org.dl4j.snn.neuron.NeuronState;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link LeakyIntegratorReadout}: one GEMM for the input currents of all T steps, then the non-spiking
 * neuron recursion of {@link NeuronKernel} over the flat {@code [batch*nOut, T]} layout.
 * Forward {@code z = reshape(x^T) W + b}, {@code out = H(z)}; backward {@code dz} from the kernel's BPTT, then
 * {@code dW = x^T dz}, {@code db = sum dz}, {@code dx = dz W^T}. Implements {@link RecurrentLayer}: the membrane
 * potential carries over between {@code rnnTimeStep} calls (state keys "v", and "i" for CUBA_LIF).
 */
public class LeakyIntegratorReadoutRuntime extends BaseLayer<LeakyIntegratorReadout> implements RecurrentLayer {
    private static final long serialVersionUID = 1L;
    private static final String STATE_V = "v";
    private static final String STATE_I = "i";

    private transient NeuronKernel kernel;
    private transient NeuronKernel.Trace trace;
    private transient NeuronState streamState;
    private transient NeuronState tbpttState;

    public LeakyIntegratorReadoutRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private NeuronKernel kernel() {
        if (kernel == null) {
            kernel = new NeuronKernel(layerConf().getNeuron());
        }
        return kernel;
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return forward(training, null, workspaceMgr).getFirst();
    }

    /** Runs the layer from {@code initial} (null: from v0); returns the output and the final state. */
    private Pair<INDArray, NeuronState> forward(boolean training, NeuronState initial, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        INDArray x = input.castTo(dataType);
        TimeLayout.requireRank(x, layerId(), 3);
        long nIn = layerConf().getNIn();
        long nOut = layerConf().getNOut();
        if (x.size(1) != nIn) {
            throw new IllegalArgumentException(layerId() + ": expected nIn = " + nIn + " in dimension 1, got shape "
                    + Arrays.toString(x.shape()));
        }
        int b = Math.toIntExact(x.size(0));
        int steps = Math.toIntExact(x.size(2));
        NeuronShape shape = NeuronShape.recurrent(b, Math.toIntExact(nOut), steps);
        if (initial != null && initial.length() != shape.stateLength()) {
            throw new IllegalStateException(layerId() + ": the stored state is for " + initial.length() / nOut
                    + " samples, the input has " + b + " (call rnnClearPreviousState())");
        }
        // z[b, t, :] = x[b, :, t] W + bias, for all steps in one GEMM, then laid out [b, nOut, T] for the kernel.
        INDArray xRows = stepRows(x, mgr, ArrayType.FF_WORKING_MEM);
        INDArray zRows = xRows.mmul(getParam(DefaultParamInitializer.WEIGHT_KEY))
                .addiRowVector(getParam(DefaultParamInitializer.BIAS_KEY));
        INDArray z = fromStepRows(zRows, b, steps, mgr, ArrayType.FF_WORKING_MEM);
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {b, nOut, steps}, 'c');
        NeuronKernel.Trace tr = kernel().forward(shape, FlatArray.of(z), NeuronParams.fromTable(paramTable()),
                initial, FlatArray.of(out), training);
        trace = training ? tr : null;
        return new Pair<>(out, tr.finalState());
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (trace == null) {
            throw new IllegalStateException(layerId() + ": backprop needs a training forward pass first");
        }
        INDArray x = input.castTo(dataType);
        int b = Math.toIntExact(x.size(0));
        int steps = Math.toIntExact(x.size(2));
        long nOut = layerConf().getNOut();
        INDArray eps = epsilon.castTo(dataType);
        if (!TimeLayout.isDenseC(eps) || eps.offset() != eps.data().offset()) {
            eps = workspaceMgr.dup(ArrayType.BP_WORKING_MEM, eps, 'c');
        }
        INDArray dz = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
                new long[] {b, nOut, steps}, 'c');
        NeuronGradients ng = kernel().backward(trace, FlatArray.of(eps), FlatArray.of(dz));

        INDArray dzRows = stepRows(dz, workspaceMgr, ArrayType.BP_WORKING_MEM);
        INDArray xRows = stepRows(x, workspaceMgr, ArrayType.BP_WORKING_MEM);
        Gradient g = new DefaultGradient(gradientsFlattened);
        INDArray dW = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(xRows, dzRows, dW, true, false, 1.0, 0.0);
        g.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, dW);
        INDArray db = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
        db.assign(dzRows.sum(0));
        g.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, db);
        for (Map.Entry<String, double[]> e : ng.asMap().entrySet()) {
            INDArray view = gradientViews.get(e.getKey());
            view.assign(Nd4j.createFromArray(e.getValue()).castTo(dataType).reshape(view.shape()));
            g.gradientForVariable().put(e.getKey(), view);
        }

        INDArray dxRows = dzRows.mmul(getParam(DefaultParamInitializer.WEIGHT_KEY).transpose());
        INDArray dx = fromStepRows(dxRows, b, steps, workspaceMgr, ArrayType.ACTIVATION_GRAD);
        dx = backpropDropOutIfPresent(dx);
        return new Pair<>(g, dx);
    }

    /** {@code [b, n, T] -> [b*T, n]}: one row per (sample, step), C order. */
    private static INDArray stepRows(INDArray a, LayerWorkspaceMgr mgr, ArrayType type) {
        INDArray rows = mgr.createUninitialized(type, a.dataType(), new long[] {a.size(0), a.size(2), a.size(1)},
                'c');
        rows.assign(a.permute(0, 2, 1));
        return rows.reshape('c', a.size(0) * a.size(2), a.size(1));
    }

    /** The inverse of {@link #stepRows}: {@code [b*T, n] -> [b, n, T]}, C order, in {@code type}'s workspace. */
    private static INDArray fromStepRows(INDArray rows, int b, int steps, LayerWorkspaceMgr mgr, ArrayType type) {
        long n = rows.size(1);
        INDArray out = mgr.createUninitialized(type, rows.dataType(), new long[] {b, n, steps}, 'c');
        out.assign(TimeLayout.reshapeC(rows, mgr, type, b, steps, n).permute(0, 2, 1));
        return out;
    }

    // ---- RecurrentLayer: streaming keeps V between calls ----

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Pair<INDArray, NeuronState> r = forward(false, streamState, workspaceMgr);
        streamState = r.getSecond();
        return r.getFirst();
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
            LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Pair<INDArray, NeuronState> r = forward(training, tbpttState, workspaceMgr);
        if (storeLastForTBPTT) {
            tbpttState = r.getSecond();
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
        return toMap(streamState);
    }

    @Override
    public void rnnSetPreviousState(Map<String, INDArray> stateMap) {
        streamState = fromMap(stateMap);
    }

    @Override
    public void rnnClearPreviousState() {
        streamState = null;
        tbpttState = null;
    }

    @Override
    public Map<String, INDArray> rnnGetTBPTTState() {
        return toMap(tbpttState);
    }

    @Override
    public void rnnSetTBPTTState(Map<String, INDArray> state) {
        tbpttState = fromMap(state);
    }

    private static Map<String, INDArray> toMap(NeuronState s) {
        Map<String, INDArray> m = new HashMap<>();
        if (s != null) {
            m.put(STATE_V, Nd4j.createFromArray(s.v()));
            if (s.current() != null) {
                m.put(STATE_I, Nd4j.createFromArray(s.current()));
            }
        }
        return m;
    }

    private static NeuronState fromMap(Map<String, INDArray> m) {
        INDArray v = m == null ? null : m.get(STATE_V);
        if (v == null) {
            return null;
        }
        INDArray i = m.get(STATE_I);
        return new NeuronState(v.castTo(DataType.DOUBLE).dup('c').toDoubleVector(),
                i == null ? null : i.castTo(DataType.DOUBLE).dup('c').toDoubleVector());
    }

    @Override
    public void clear() {
        super.clear();
        trace = null;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }
}
