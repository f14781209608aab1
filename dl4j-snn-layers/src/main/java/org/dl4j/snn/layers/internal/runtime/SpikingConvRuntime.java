package org.dl4j.snn.layers.internal.runtime;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.SpikingConv;
import org.dl4j.snn.layers.internal.kernel.Im2colConvKernel;
import org.dl4j.snn.layers.internal.kernel.SparseConvKernel;
import org.dl4j.snn.layers.internal.kernel.SparseDenseKernel;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.internal.params.SpikingConvParamInitializer;
import org.dl4j.snn.neuron.internal.Geometry;
import org.dl4j.snn.neuron.internal.State;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fused runtime of {@link SpikingConv}: all T steps convolved at once by one 3-D convolution with kernel depth 1 on
 * the NCDHW input {@code [batch, C, T, H, W]} (no permute copies), then the neuron as one
 * {@link org.dl4j.snn.neuron.internal.NeuronKernel} pass over {@code [batch*nOut, T, H'*W']}. Backward: the kernel's
 * BPTT gives dL/dz, then one {@code conv3dnew_bp} gives dL/dx, dL/dW and dL/db. Streams with {@code rnnTimeStep}.
 *
 * <p>Float32 input with stride 1 and dilation 1 takes one of two Java paths instead: spike input (at most
 * {@link SparseDenseKernel#MAX_DENSITY} non-zeros) the spike-driven {@link SparseConvKernel} (z and dW from the active
 * inputs), denser input {@link Im2colConvKernel} (z and dW by one GEMM per sample over im2col of all its frames); both
 * with db as the sum of dL/dz and dL/dx by one GEMM per sample and col2im, skipped when DL4J discards it
 * ({@link InputGradient}: the first layer during {@code fit}). Anything else (stride, dilation, other data types) runs
 * conv3dnew as above.
 */
public class SpikingConvRuntime extends NeuronLayerRuntime<SpikingConv> {
    private static final long serialVersionUID = 1L;

    /** The spike raster of the last forward pass, null when it ran conv3dnew. */
    private transient SparseConvKernel raster;
    /** The input the raster was scanned from (the backward pass uses the raster only for this input). */
    private transient INDArray rasterInput;
    /** The input the last forward pass convolved with {@link Im2colConvKernel}, else null. */
    private transient INDArray gemmInput;
    /** false forces conv3dnew (tests compare the paths). */
    private boolean spikeDriven = true;

    public SpikingConvRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private INDArray checkedInput() {
        INDArray x = input.castTo(dataType);
        layerConf().checkShape(x, who());
        return x;
    }

    /** libnd4j conv3d weights [1, kH, kW, nIn, nOut] from ours [nOut, nIn, kH, kW]. */
    private INDArray opWeights() {
        INDArray w = getParam(SpikingConvParamInitializer.WEIGHT_KEY);
        int[] k = layerConf().getKernelSize();
        return w.permute(2, 3, 1, 0).dup('c').reshape('c', 1, k[0], k[1], w.size(1), w.size(0));
    }

    private int[] intArgs(INDArray x) {
        SpikingConv c = layerConf();
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        int[] d = c.getDilation();
        int[] p = c.effectivePadding(x.size(3), x.size(4));
        boolean same = c.getConvolutionMode() == ConvolutionMode.Same;
        return new int[] {1, k[0], k[1], 1, s[0], s[1], 0, p[0], p[1], 1, d[0], d[1], same ? 1 : 0, 0};
    }

    @Override
    protected Pair<INDArray, State> forward(boolean training, State initial, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        INDArray x = checkedInput();
        SpikingConv c = layerConf();
        int b = Math.toIntExact(x.size(0));
        int steps = Math.toIntExact(x.size(2));
        int nOut = Math.toIntExact(c.getNOut());
        long outH = c.outSize(x.size(3), 0);
        long outW = c.outSize(x.size(4), 1);
        long[] outShape = {b, nOut, steps, outH, outW};
        // Without a neuron z is the layer's output: written straight into the activations workspace (no copy).
        INDArray z = mgr.createUninitialized(c.getNeuron() == null ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM,
                dataType, outShape, 'c');
        boolean javaPaths = spikeDriven
                && SparseConvKernel.unsupported(dataType, c.getStride(), c.getDilation()) == null;
        raster = javaPaths ? SparseConvKernel.scan(x, SparseDenseKernel.MAX_DENSITY) : null;
        rasterInput = raster != null ? input : null;
        gemmInput = javaPaths && raster == null ? input : null;
        int[] p = c.effectivePadding(x.size(3), x.size(4));
        INDArray bias = c.hasBias() ? getParam(SpikingConvParamInitializer.BIAS_KEY) : null;
        if (raster != null) {
            NeuronRuntime.requireFinite(raster.values(), x, who());
            raster.forward(getParam(SpikingConvParamInitializer.WEIGHT_KEY), bias, p[0], p[1], z);
        } else if (gemmInput != null) {
            NeuronRuntime.requireFinite(x, who());
            Im2colConvKernel.forward(denseC(x, mgr, ArrayType.FF_WORKING_MEM),
                    getParam(SpikingConvParamInitializer.WEIGHT_KEY), bias, p[0], p[1], z);
        } else {
            NeuronRuntime.requireFinite(x, who());
            // The op builder checks each addInputs call against the op's minimum count: pass all inputs at once.
            INDArray[] in = c.hasBias()
                    ? new INDArray[] {x, opWeights(), getParam(SpikingConvParamInitializer.BIAS_KEY)}
                    : new INDArray[] {x, opWeights()};
            Nd4j.exec(DynamicCustomOp.builder("conv3dnew").addInputs(in).addIntegerArguments(intArgs(x))
                    .addOutputs(z).callInplace(false).build());
        }
        if (c.getNeuron() == null) {
            return new Pair<>(z, null);
        }
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, outShape, 'c');
        Geometry shape = new Geometry(b, nOut, steps, Math.toIntExact(outH * outW));
        State last = neuron.forward(c.getNeuron(), shape, z, paramTable(), initial, out, training, who());
        return new Pair<>(out, last);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        SpikingConv c = layerConf();
        if (c.getNeuron() != null) {
            ensureTrace();
        }
        INDArray x = checkedInput();
        Gradient g = new DefaultGradient(gradientsFlattened);
        INDArray dz;
        if (c.getNeuron() == null) {
            dz = epsilon.castTo(dataType);
        } else {
            dz = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, epsilon.shape(), 'c');
            neuron.backward(epsilon, dz, gradientViews, g, dataType, workspaceMgr, who());
        }

        SparseConvKernel sparse = raster != null && rasterInput == input && raster.fits(x.shape()) ? raster : null;
        if (sparse != null || (gemmInput != null && gemmInput == input)) {
            return javaBackward(sparse, x, dz, g, workspaceMgr);
        }
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        INDArray w = opWeights();
        INDArray dw = Nd4j.createUninitialized(dataType, w.shape());
        INDArray dbView = c.hasBias() ? gradientViews.get(SpikingConvParamInitializer.BIAS_KEY) : null;
        INDArray[] in = c.hasBias() ? new INDArray[] {x, w, getParam(SpikingConvParamInitializer.BIAS_KEY), dz}
                : new INDArray[] {x, w, dz};
        INDArray[] out = c.hasBias() ? new INDArray[] {dx, dw, dbView} : new INDArray[] {dx, dw};
        Nd4j.exec(DynamicCustomOp.builder("conv3dnew_bp").addInputs(in).addIntegerArguments(intArgs(x))
                .addOutputs(out).callInplace(false).build());
        int[] k = c.getKernelSize();
        INDArray dwView = gradientViews.get(SpikingConvParamInitializer.WEIGHT_KEY);
        dwView.assign(dw.reshape('c', k[0], k[1], c.getNIn(), c.getNOut()).permute(3, 2, 0, 1));
        g.gradientForVariable().put(SpikingConvParamInitializer.WEIGHT_KEY, dwView);
        if (dbView != null) {
            g.gradientForVariable().put(SpikingConvParamInitializer.BIAS_KEY, dbView);
        }
        return new Pair<>(g, backpropDropOutIfPresent(dx));
    }

    /**
     * dL/dW, dL/db and (unless discarded) dL/dx on the Java paths (see the class doc): dW from the spike raster when
     * {@code sparse} is given, else by {@link Im2colConvKernel}.
     */
    private Pair<Gradient, INDArray> javaBackward(SparseConvKernel sparse, INDArray x, INDArray dz, Gradient g,
                                                  LayerWorkspaceMgr workspaceMgr) {
        SpikingConv c = layerConf();
        dz = denseC(dz, workspaceMgr, ArrayType.BP_WORKING_MEM);
        int[] k = c.getKernelSize();
        int[] p = c.effectivePadding(x.size(3), x.size(4));
        INDArray dwView = gradientViews.get(SpikingConvParamInitializer.WEIGHT_KEY);
        if (sparse != null) {
            dwView.assign(Nd4j.create(sparse.weightGradient(dz, k[0], k[1], p[0], p[1]), dwView.shape(), 'c'));
        } else {
            INDArray xc = denseC(x, workspaceMgr, ArrayType.BP_WORKING_MEM);
            dwView.assign(Im2colConvKernel.weightGradient(xc, dz, k[0], k[1], p[0], p[1]).reshape('c', dwView.shape()));
        }
        g.gradientForVariable().put(SpikingConvParamInitializer.WEIGHT_KEY, dwView);
        if (c.hasBias()) {
            INDArray db = gradientViews.get(SpikingConvParamInitializer.BIAS_KEY);
            TimeLayout.sumPerChannel(dz, db);
            g.gradientForVariable().put(SpikingConvParamInitializer.BIAS_KEY, db);
        }
        INDArray dx;
        if (InputGradient.discarded(getIndex())) {
            dx = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        } else {
            dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
            Im2colConvKernel.inputGradient(getParam(SpikingConvParamInitializer.WEIGHT_KEY), dz, p[0], p[1], dx);
        }
        return new Pair<>(g, backpropDropOutIfPresent(dx));
    }

    /** {@code a} itself when C-contiguous from offset 0 (as the Java paths read it), else such a copy in {@code type}. */
    private static INDArray denseC(INDArray a, LayerWorkspaceMgr mgr, ArrayType type) {
        return TimeLayout.isDenseC(a) && a.offset() == 0 ? a : mgr.dup(type, a, 'c');
    }

    /** Whether the last forward pass took the dense GEMM path ({@link Im2colConvKernel}). */
    public boolean lastForwardGemm() {
        return gemmInput != null;
    }

    /** Whether the last forward pass took the spike-driven path. */
    public boolean lastForwardSpikeDriven() {
        return raster != null;
    }

    /** false runs conv3dnew whatever the input (for tests comparing the paths). */
    public void setSpikeDriven(boolean spikeDriven) {
        this.spikeDriven = spikeDriven;
    }

    @Override
    public void clear() {
        super.clear();
        raster = null;
        rasterInput = null;
        gemmInput = null;
    }
}
