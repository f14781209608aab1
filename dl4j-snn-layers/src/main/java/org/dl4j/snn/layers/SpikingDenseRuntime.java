package org.dl4j.snn.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.neuron.NeuronShape;
import org.dl4j.snn.neuron.NeuronState;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fused runtime of {@link SpikingDense}: one GEMM for the input currents of all T steps, then the neuron recursion
 * of {@link org.dl4j.snn.neuron.NeuronKernel} over the flat {@code [batch*nOut, T]} layout.
 * Forward {@code z = reshape(x^T) W + b}, {@code out = neuron(z)}; backward {@code dz} from the kernel's BPTT, then
 * {@code dW = x^T dz}, {@code db = sum dz}, {@code dx = dz W^T}. Implements {@link RecurrentLayer}: the state
 * carries over between {@code rnnTimeStep} calls; {@code fit} and {@code output} always start from v0.
 */
public class SpikingDenseRuntime extends NeuronLayerRuntime<SpikingDense> {
    private static final long serialVersionUID = 1L;

    public SpikingDenseRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected Pair<INDArray, NeuronState> forward(boolean training, NeuronState initial, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        INDArray x = input.castTo(dataType);
        layerConf().checkInput(x, who());
        long nOut = layerConf().getNOut();
        int b = Math.toIntExact(x.size(0));
        int steps = Math.toIntExact(x.size(2));
        // z[b, t, :] = x[b, :, t] W + bias, for all steps in one GEMM, then laid out [b, nOut, T] for the kernel.
        INDArray xRows = stepRows(x, mgr, ArrayType.FF_WORKING_MEM);
        INDArray zRows = xRows.mmul(getParam(DefaultParamInitializer.WEIGHT_KEY));
        if (layerConf().hasBias()) {
            zRows.addiRowVector(getParam(DefaultParamInitializer.BIAS_KEY));
        }
        INDArray z = fromStepRows(zRows, b, steps, mgr, ArrayType.FF_WORKING_MEM);
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {b, nOut, steps}, 'c');
        NeuronState last = neuron.forward(layerConf().getNeuron(), NeuronShape.recurrent(b, (int) nOut, steps), z,
                paramTable(), initial, out, training, who());
        return new Pair<>(out, last);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        ensureTrace();
        INDArray x = input.castTo(dataType);
        int b = Math.toIntExact(x.size(0));
        int steps = Math.toIntExact(x.size(2));
        long nOut = layerConf().getNOut();
        INDArray dz = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
                new long[] {b, nOut, steps}, 'c');
        Gradient g = new DefaultGradient(gradientsFlattened);
        INDArray dW = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        g.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, dW);
        neuron.backward(epsilon, dz, gradientViews, g, dataType, workspaceMgr, who());

        INDArray dzRows = stepRows(dz, workspaceMgr, ArrayType.BP_WORKING_MEM);
        INDArray xRows = stepRows(x, workspaceMgr, ArrayType.BP_WORKING_MEM);
        Nd4j.gemm(xRows, dzRows, dW, true, false, 1.0, 0.0);
        if (layerConf().hasBias()) {
            INDArray db = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            db.assign(dzRows.sum(0));
            g.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, db);
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
}
