package org.dl4j.snn.layers.internal.runtime;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.ConvSynapse;
import org.dl4j.snn.layers.internal.kernel.Im2colConvKernel;
import org.dl4j.snn.layers.internal.kernel.Kernel;
import org.dl4j.snn.layers.internal.kernel.OneDnnConvKernel;
import org.dl4j.snn.layers.internal.kernel.SparseConvKernel;
import org.dl4j.snn.layers.internal.kernel.SparseDenseKernel;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.internal.params.SynapseNeuronParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The conv synapse of a {@link FusedRuntime} ({@link ConvSynapse}): all T steps of {@code x [batch, C, T, H, W]}
 * convolved at once. Three kernels:
 * <ul>
 *   <li>stock: one libnd4j 3-D convolution with kernel depth 1 on the NCDHW input (no permute copies), backward one
 *   {@code conv3dnew_bp} for dL/dx, dL/dW and dL/db; for every setting and data type;</li>
 *   <li>spike-driven ({@link SparseConvKernel}): float32 spike input with at most {@link #sparseLimit()} non-zeros,
 *   stride 1 and dilation 1: z and dW from the active inputs;</li>
 *   <li>{@link OneDnnConvKernel}: denser float32 input, stride 1 and dilation 1, when oneDNN is on the class path:
 *   z, dW and dx by oneDNN's convolution primitives;</li>
 *   <li>{@link Im2colConvKernel}: the same without oneDNN: z and dW by one GEMM per sample over im2col of all its
 *   frames.</li>
 * </ul>
 * These kernels compute db as the sum of dL/dz, and dL/dx by oneDNN's backward-data primitive or, without it, by one
 * GEMM per sample and col2im; dL/dx is skipped when DL4J discards it ({@link InputGradient}: the first layer during
 * {@code fit}).
 */
final class ConvSynapseRuntime extends SynapseRuntime<SparseConvKernel> {

    private final KernelChoice<Pass<SparseConvKernel>> kernels =
            new KernelChoice<>(new Conv3d(), new SpikeDriven(), new OneDnn(), new Im2col());

    ConvSynapseRuntime(FusedRuntime layer) {
        super(layer);
    }

    @Override
    KernelChoice<Pass<SparseConvKernel>> kernels() {
        return kernels;
    }

    private ConvSynapse synapse() {
        return (ConvSynapse) conf().getSynapse();
    }

    @Override
    INDArray input(INDArray input, LayerWorkspaceMgr mgr, ArrayType type) {
        INDArray x = input.castTo(layer.dataType());
        conf().checkShape(x, layer.who());
        return x;
    }

    private INDArray weights() {
        return layer.getParam(SynapseNeuronParamInitializer.WEIGHT_KEY);
    }

    private INDArray bias() {
        return conf().hasBias() ? layer.getParam(SynapseNeuronParamInitializer.BIAS_KEY) : null;
    }

    private int[] padding(INDArray x) {
        return synapse().effectivePadding(x.size(3), x.size(4));
    }

    /**
     * The largest input density the spike-driven kernel takes: {@link SparseDenseKernel#MAX_DENSITY} (its break-even
     * against im2col GEMMs), or, when oneDNN runs the dense convolutions, {@value #SPARSE_LIMIT_ONEDNN} where each
     * output sums at least {@value #ONEDNN_MIN_TAPS} inputs ({@code C*kH*kW}) and 0 (never) below. Measured
     * ({@code SpikeConvSpeedMain}, 2 threads, z and dW of [16, T = 10] batches, oneDNN on channel-blocked layouts):
     * 32 -> 64 and 32 -> 32 channels, 3x3, 17x17: spike-driven 4-10 ms at 0.5-1 % and 7-15 ms at 2 % against
     * oneDNN's 7-13 ms whatever the input (break-even between 1 and 2 %); 2 -> 32 channels at 34x34: spike-driven
     * 8-14 ms from 0.5 % to 5 % against oneDNN's 4.5-5.7 ms (its cost is the large output, not the inputs).
     */
    static final double SPARSE_LIMIT_ONEDNN = 0.01;

    /** Fewest inputs per output ({@code C*kH*kW}) for which the spike-driven kernel can beat oneDNN. */
    static final int ONEDNN_MIN_TAPS = 64;

    private double sparseLimit() {
        if (!OneDnnConvKernel.available()) return SparseDenseKernel.MAX_DENSITY;
        int[] k = synapse().getKernelSize();
        long taps = conf().getNIn() * k[0] * k[1];
        return taps >= ONEDNN_MIN_TAPS ? SPARSE_LIMIT_ONEDNN : 0;
    }

    /** Whether the Java kernels handle these settings (float32, stride 1, dilation 1). */
    private boolean javaKernelsApply() {
        ConvSynapse c = synapse();
        return SparseConvKernel.unsupported(layer.dataType(), c.getStride(), c.getDilation()) == null;
    }

    /** A Java kernel's dL/dW from dL/dz (dense, C order): any shape with the weights' length, in C order. */
    @FunctionalInterface
    private interface WeightGradient {
        INDArray of(INDArray dz, int kH, int kW, int padH, int padW);
    }

    /**
     * dL/dW by {@code weightGradient}, dL/db as the sum of dL/dz and, unless discarded, dL/dx by oneDNN's
     * backward-data primitive or one GEMM per sample and col2im: the backward of the Java kernels.
     */
    private void javaBackward(Pass<SparseConvKernel> pass, WeightGradient weightGradient) {
        INDArray dz = TimeLayout.denseC(pass.dz, pass.mgr, ArrayType.BP_WORKING_MEM);
        int[] k = synapse().getKernelSize();
        int[] p = padding(pass.x);
        INDArray dwView = layer.gradientView(SynapseNeuronParamInitializer.WEIGHT_KEY);
        dwView.assign(weightGradient.of(dz, k[0], k[1], p[0], p[1]).reshape('c', dwView.shape()));
        pass.g.gradientForVariable().put(SynapseNeuronParamInitializer.WEIGHT_KEY, dwView);
        if (conf().hasBias()) {
            INDArray db = layer.gradientView(SynapseNeuronParamInitializer.BIAS_KEY);
            TimeLayout.sumPerChannel(dz, db);
            pass.g.gradientForVariable().put(SynapseNeuronParamInitializer.BIAS_KEY, db);
        }
        // Uninitialised: when DL4J discards dL/dx (InputGradient) nothing zeroes [batch, nIn, T] floats each step.
        pass.dx = pass.mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, layer.dataType(), pass.x.shape(), 'c');
        if (!InputGradient.discarded(layer.getIndex())) {
            if (OneDnnConvKernel.available()) {
                OneDnnConvKernel.inputGradient(weights(), dz, p[0], p[1], pass.dx);
            } else {
                Im2colConvKernel.inputGradient(weights(), dz, p[0], p[1], pass.dx);
            }
        }
    }

    /** The stock kernel: libnd4j's conv3dnew with kernel depth 1 and its conv3dnew_bp. */
    private final class Conv3d implements Kernel<Pass<SparseConvKernel>> {
        @Override
        public boolean nativeLoops() {
            return true;
        }

        /** libnd4j conv3d weights [1, kH, kW, nIn, nOut] from ours [nOut, nIn, kH, kW]. */
        private INDArray opWeights() {
            INDArray w = weights();
            int[] k = synapse().getKernelSize();
            return w.permute(2, 3, 1, 0).dup('c').reshape('c', 1, k[0], k[1], w.size(1), w.size(0));
        }

        private int[] intArgs(INDArray x) {
            ConvSynapse c = synapse();
            int[] k = c.getKernelSize();
            int[] s = c.getStride();
            int[] d = c.getDilation();
            int[] p = padding(x);
            boolean same = c.getConvolutionMode() == ConvolutionMode.Same;
            return new int[] {1, k[0], k[1], 1, s[0], s[1], 0, p[0], p[1], 1, d[0], d[1], same ? 1 : 0, 0};
        }

        @Override
        public void forward(Pass<SparseConvKernel> pass) {
            INDArray x = pass.x;
            NeuronRuntime.requireFinite(x, layer.who());
            // The op builder checks each addInputs call against the op's minimum count: pass all inputs at once.
            INDArray[] in = conf().hasBias() ? new INDArray[] {x, opWeights(), bias()}
                    : new INDArray[] {x, opWeights()};
            Nd4j.exec(DynamicCustomOp.builder("conv3dnew").addInputs(in).addIntegerArguments(intArgs(x))
                    .addOutputs(pass.z).callInplace(false).build());
        }

        @Override
        public void backward(Pass<SparseConvKernel> pass) {
            INDArray x = pass.x;
            boolean hasBias = conf().hasBias();
            INDArray dx = pass.mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, layer.dataType(), x.shape(), 'c');
            INDArray w = opWeights();
            INDArray dw = Nd4j.createUninitialized(layer.dataType(), w.shape());
            INDArray dbView = hasBias ? layer.gradientView(SynapseNeuronParamInitializer.BIAS_KEY) : null;
            INDArray[] in = hasBias ? new INDArray[] {x, w, bias(), pass.dz} : new INDArray[] {x, w, pass.dz};
            INDArray[] out = hasBias ? new INDArray[] {dx, dw, dbView} : new INDArray[] {dx, dw};
            Nd4j.exec(DynamicCustomOp.builder("conv3dnew_bp").addInputs(in).addIntegerArguments(intArgs(x))
                    .addOutputs(out).callInplace(false).build());
            int[] k = synapse().getKernelSize();
            INDArray dwView = layer.gradientView(SynapseNeuronParamInitializer.WEIGHT_KEY);
            dwView.assign(dw.reshape('c', k[0], k[1], conf().getNIn(), conf().getNOut()).permute(3, 2, 0, 1));
            pass.g.gradientForVariable().put(SynapseNeuronParamInitializer.WEIGHT_KEY, dwView);
            if (dbView != null) {
                pass.g.gradientForVariable().put(SynapseNeuronParamInitializer.BIAS_KEY, dbView);
            }
            pass.dx = dx;
        }
    }

    /** {@link SparseConvKernel}: z and dW from the active inputs of sparse float32 spikes. */
    private final class SpikeDriven implements Kernel<Pass<SparseConvKernel>> {
        @Override
        public boolean appliesTo(Pass<SparseConvKernel> pass) {
            double limit = sparseLimit();
            pass.raster = limit > 0 && javaKernelsApply() ? SparseConvKernel.scan(pass.x, limit) : null;
            return pass.raster != null;
        }

        @Override
        public void forward(Pass<SparseConvKernel> pass) {
            NeuronRuntime.requireFinite(pass.raster.values(), pass.x, layer.who());
            int[] p = padding(pass.x);
            pass.raster.forward(weights(), bias(), p[0], p[1], pass.z);
        }

        @Override
        public void backward(Pass<SparseConvKernel> pass) {
            javaBackward(pass, (dz, kH, kW, padH, padW) ->
                    Nd4j.createFromArray(pass.raster.weightGradient(dz, kH, kW, padH, padW)));
        }
    }

    /** {@link OneDnnConvKernel}: z and dW by oneDNN's convolution primitives. */
    private final class OneDnn implements Kernel<Pass<SparseConvKernel>> {
        @Override
        public boolean appliesTo(Pass<SparseConvKernel> pass) {
            return javaKernelsApply() && OneDnnConvKernel.available();
        }

        @Override
        public void forward(Pass<SparseConvKernel> pass) {
            NeuronRuntime.requireFinite(pass.x, layer.who());
            int[] p = padding(pass.x);
            OneDnnConvKernel.forward(pass.x, weights(), bias(), p[0], p[1], pass.z);
        }

        @Override
        public void backward(Pass<SparseConvKernel> pass) {
            javaBackward(pass, (dz, kH, kW, padH, padW) -> OneDnnConvKernel.weightGradient(pass.x, dz, kH, kW, padH,
                    padW));
        }
    }

    /** {@link Im2colConvKernel}: z and dW by one GEMM per sample over im2col of its frames. */
    private final class Im2col implements Kernel<Pass<SparseConvKernel>> {
        @Override
        public boolean appliesTo(Pass<SparseConvKernel> pass) {
            return javaKernelsApply();
        }

        @Override
        public void forward(Pass<SparseConvKernel> pass) {
            NeuronRuntime.requireFinite(pass.x, layer.who());
            int[] p = padding(pass.x);
            Im2colConvKernel.forward(TimeLayout.denseC(pass.x, pass.mgr, ArrayType.FF_WORKING_MEM), weights(), bias(),
                    p[0], p[1], pass.z);
        }

        @Override
        public void backward(Pass<SparseConvKernel> pass) {
            INDArray xc = TimeLayout.denseC(pass.x, pass.mgr, ArrayType.BP_WORKING_MEM);
            javaBackward(pass, (dz, kH, kW, padH, padW) -> Im2colConvKernel.weightGradient(xc, dz, kH, kW, padH, padW));
        }
    }
}
