package org.dl4j.snn.layers.internal.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.internal.kernel.Ranges;
import org.dl4j.snn.layers.internal.kernel.SparseDenseKernel;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.neuron.internal.Geometry;
import org.dl4j.snn.neuron.internal.State;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fused runtime of {@link SpikingDense}: one GEMM for the input currents of all T steps, then the neuron recursion
 * of {@link org.dl4j.snn.neuron.internal.NeuronKernel} over the flat {@code [batch*nOut, T]} layout.
 * Forward {@code z = reshape(x^T) W + b}, {@code out = neuron(z)}; backward {@code dz} from the kernel's BPTT, then
 * {@code dW = x^T dz}, {@code db = sum dz}, {@code dx = dz W^T}. Float32 input with at most
 * {@link SparseDenseKernel#MAX_DENSITY} non-zeros (spikes) takes the spike-driven path for z and dW instead of the
 * GEMMs (same values up to float rounding), and dx is not computed when DL4J is going to discard it
 * ({@link InputGradient}: the first layer during {@code fit}). Implements
 * {@link org.deeplearning4j.nn.api.layers.RecurrentLayer}: the state carries over between {@code rnnTimeStep} calls;
 * {@code fit} and {@code output} always start from v0.
 */
public class SpikingDenseRuntime extends NeuronLayerRuntime<SpikingDense> {
    private static final long serialVersionUID = 1L;

    /** Non-zero inputs of the last forward pass (null: dense input, the GEMM path), reused by backprop. */
    private transient SparseDenseKernel raster;
    /** The input array {@link #raster} was scanned from. */
    private transient INDArray rasterInput;

    public SpikingDenseRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected Pair<INDArray, State> forward(boolean training, State initial, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        INDArray x = input.castTo(dataType);
        layerConf().checkShape(x, who());
        x = contiguous(x, mgr, ArrayType.FF_WORKING_MEM);
        long nOut = layerConf().getNOut();
        int b = Math.toIntExact(x.size(0));
        int steps = Math.toIntExact(x.size(2));
        // z[n] = W^T x[n] ([nOut, nIn] x [nIn, T]) per sample, on views of the NCW arrays: the result is already
        // in the kernel's [b, nOut, T] layout, so no permute copies, which cost more than one large GEMM saves.
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray z = mgr.createUninitialized(ArrayType.FF_WORKING_MEM, dataType, new long[] {b, nOut, steps}, 'c');
        // Sparse spike input (up to MAX_DENSITY): accumulate the weight rows of the active inputs instead
        // (SparseDenseKernel).
        raster = SparseDenseKernel.scan(x, SparseDenseKernel.MAX_DENSITY);
        rasterInput = raster != null ? input : null;
        INDArray bias = layerConf().hasBias() ? getParam(DefaultParamInitializer.BIAS_KEY) : null;
        if (raster != null) {
            NeuronRuntime.requireFinite(raster.values(), x, who());
            raster.forward(w, bias, z);
        } else {
            NeuronRuntime.requireFinite(x, who());
            INDArray xs = x;
            Ranges.parallelBlas(b, (task, n0, n1) -> {
                for (int n = n0; n < n1; n++) {
                    Nd4j.gemm(w, xs.slice(n), z.slice(n), true, false, 1.0, 0.0);
                }
            });
            if (bias != null) {
                Nd4j.getExecutioner().exec(new BroadcastAddOp(z, bias.reshape(nOut), z, 1));
            }
        }
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {b, nOut, steps}, 'c');
        State last = neuron.forward(layerConf().getNeuron(), Geometry.recurrent(b, (int) nOut, steps), z,
                paramTable(), initial, out, training, who());
        return new Pair<>(out, last);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        ensureTrace();
        INDArray x = contiguous(input.castTo(dataType), workspaceMgr, ArrayType.BP_WORKING_MEM);
        int b = Math.toIntExact(x.size(0));
        int steps = Math.toIntExact(x.size(2));
        long nOut = layerConf().getNOut();
        INDArray dz = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
                new long[] {b, nOut, steps}, 'c');
        Gradient g = new DefaultGradient(gradientsFlattened);
        INDArray dW = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        g.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, dW);
        neuron.backward(epsilon, dz, gradientViews, g, dataType, workspaceMgr, who());

        // Per sample on views: dW += x[n] dz[n]^T, dx[n] = W dz[n] (straight into NCW; samples split over the threads,
        // one BLAS thread each), db = sum over b and T.
        // dW from the active inputs when the forward pass found the input sparse; no dx when DL4J discards it.
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        SparseDenseKernel sparse = raster != null && rasterInput == input && raster.fits(b, x.size(1), steps)
                ? raster : null;
        boolean needDx = !InputGradient.discarded(getIndex());
        INDArray dx = needDx
                ? workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c')
                : workspaceMgr.create(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        if (sparse != null) {
            sparse.weightGradient(dz, dW);
        }
        if (sparse == null) {
            for (int n = 0; n < b; n++) {
                Nd4j.gemm(x.slice(n), dz.slice(n), dW, false, true, 1.0, n == 0 ? 0.0 : 1.0);
            }
        }
        if (needDx) {
            INDArray dzs = dz;
            INDArray dxs = dx;
            Ranges.parallelBlas(b, (task, n0, n1) -> {
                for (int n = n0; n < n1; n++) {
                    Nd4j.gemm(w, dzs.slice(n), dxs.slice(n), false, false, 1.0, 0.0);
                }
            });
        }
        if (layerConf().hasBias()) {
            INDArray db = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            TimeLayout.sumPerChannel(dz, db);
            g.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, db);
        }
        dx = backpropDropOutIfPresent(dx);
        return new Pair<>(g, dx);
    }

    @Override
    public void clear() {
        super.clear();
        raster = null;
        rasterInput = null;
    }

    /** {@code a} itself when it is C-ordered and dense from offset 0, else a C-ordered copy in {@code type}. */
    private static INDArray contiguous(INDArray a, LayerWorkspaceMgr mgr, ArrayType type) {
        return TimeLayout.isDenseC(a) && a.offset() == 0 ? a : mgr.dup(type, a, 'c');
    }
}
