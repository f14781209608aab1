package org.dl4j.snn.layers.internal.runtime;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.internal.kernel.Kernel;
import org.dl4j.snn.layers.internal.kernel.Ranges;
import org.dl4j.snn.layers.internal.kernel.SparseDenseKernel;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.internal.params.SynapseNeuronParamInitializer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The dense synapse of a {@link FusedRuntime} ({@link org.dl4j.snn.layers.DenseSynapse}): for input
 * {@code x [batch, nIn, T]}, forward {@code z[n] = W^T x[n] + b} per sample, straight into the neuron's
 * {@code [batch, nOut, T]} layout; backward {@code dW = sum over n of x[n] dz[n]^T}, {@code db = sum dz},
 * {@code dx[n] = W dz[n]}. Two kernels: the stock one, one ND4J GEMM per sample; for float32 input with at most
 * {@link SparseDenseKernel#MAX_DENSITY} non-zeros (spikes) the spike-driven {@link SparseDenseKernel} computes z and dW
 * from the active inputs instead (same values up to float rounding). dx always takes the GEMMs, and is not computed
 * when DL4J is going to discard it ({@link InputGradient}: the first layer during {@code fit}).
 */
final class DenseSynapseRuntime extends SynapseRuntime<SparseDenseKernel> {

    private final KernelChoice<Pass<SparseDenseKernel>> kernels = new KernelChoice<>(new Gemm(), new SpikeDriven());

    DenseSynapseRuntime(FusedRuntime layer) {
        super(layer);
    }

    @Override
    KernelChoice<Pass<SparseDenseKernel>> kernels() {
        return kernels;
    }

    @Override
    INDArray input(INDArray input, LayerWorkspaceMgr mgr, ArrayType type) {
        INDArray x = input.castTo(layer.dataType());
        conf().checkShape(x, layer.who());
        return denseC(x, mgr, type);
    }

    private INDArray weights() {
        return layer.getParam(SynapseNeuronParamInitializer.WEIGHT_KEY);
    }

    private INDArray bias() {
        return conf().hasBias() ? layer.getParam(SynapseNeuronParamInitializer.BIAS_KEY) : null;
    }

    /** dL/dx by one GEMM per sample (samples split over the threads, one BLAS thread each), and dL/db. */
    private void inputAndBiasGradients(Pass<SparseDenseKernel> pass) {
        INDArray x = pass.x;
        INDArray dz = pass.dz;
        INDArray w = weights();
        if (InputGradient.discarded(layer.getIndex())) {
            // Never read (DL4J nulls it), so not zeroed either: at T = 300 the first layer's is 44 MB a batch.
            pass.dx = pass.mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, layer.dataType(), x.shape(), 'c');
        } else {
            INDArray dx = pass.mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, layer.dataType(), x.shape(), 'c');
            Ranges.parallelBlas(Math.toIntExact(x.size(0)), (task, n0, n1) -> {
                for (int n = n0; n < n1; n++) {
                    Nd4j.gemm(w, dz.slice(n), dx.slice(n), false, false, 1.0, 0.0);
                }
            });
            pass.dx = dx;
        }
        if (conf().hasBias()) {
            INDArray db = layer.gradientView(SynapseNeuronParamInitializer.BIAS_KEY);
            TimeLayout.sumPerChannel(dz, db);
            pass.g.gradientForVariable().put(SynapseNeuronParamInitializer.BIAS_KEY, db);
        }
    }

    /**
     * {@code dW = sum over n of x[n] dz[n]^T}, one GEMM per sample, the threads splitting the rows of dW (the inputs)
     * rather than the samples: every element is still summed over n in order (into a block per part, copied into dW),
     * whatever the thread count. The calls used to run one after another on BLAS's own threads, which for GEMMs this small (a readout's
     * [nIn, T] x [T, classes]) spent most of the step spinning in sched_yield.
     */
    static void weightGradient(INDArray x, INDArray dz, INDArray dW) {
        int batch = Math.toIntExact(x.size(0));
        int nIn = Math.toIntExact(dW.size(0));
        int parts = Math.max(1, Math.min(Ranges.THREADS, nIn / ROWS_PER_PART));
        // Nd4j.gemm writes only whole (element-wise stride 1) arrays: each part sums into its own block, created here
        // outside the workspaces because arrays made on the pool's threads would land in whatever is open there.
        // Row ranges as numbers: ND4J's index objects are stateful and must not be shared between get() calls.
        long[] from = new long[parts + 1];
        INDArray[] blocks = new INDArray[parts];
        try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int p = 0; p < parts; p++) {
                long r0 = (long) nIn * p / parts;
                long r1 = (long) nIn * (p + 1) / parts;
                from[p] = r0;
                from[p + 1] = r1;
                blocks[p] = parts == 1 && dW.elementWiseStride() == 1 ? dW
                        : Nd4j.createUninitialized(dW.dataType(), r1 - r0, dW.size(1));
            }
        }
        Ranges.parallelBlas(parts, (task, p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                for (int n = 0; n < batch; n++) {
                    INDArray xn = parts == 1 ? x.slice(n)
                            : x.slice(n).get(NDArrayIndex.interval(from[p], from[p + 1]), NDArrayIndex.all());
                    Nd4j.gemm(xn, dz.slice(n), blocks[p], false, true, 1.0, n == 0 ? 0.0 : 1.0);
                }
            }
        });
        for (int p = 0; p < parts; p++) {
            if (blocks[p] != dW) {
                // The rows of dW as a view built from its buffer: in M2.1, assigning to dW.get(interval, all()) of a
                // gradient view inside a network's workspaces failed with a NullPointerException (gradient check).
                Nd4j.create(dW.data(), blocks[p].shape(), dW.stride(), dW.offset() + from[p] * dW.stride(0),
                        dW.ordering()).assign(blocks[p]);
            }
        }
    }

    /** Fewest input rows per thread in {@link #weightGradient}: below this one thread does all. */
    private static final int ROWS_PER_PART = 32;

    /** The stock kernel: one ND4J GEMM per sample for z, dW and dx. */
    private final class Gemm implements Kernel<Pass<SparseDenseKernel>> {
        @Override
        public void forward(Pass<SparseDenseKernel> pass) {
            INDArray x = pass.x;
            INDArray z = pass.z;
            NeuronRuntime.requireFinite(x, layer.who());
            // z[n] = W^T x[n] ([nOut, nIn] x [nIn, T]) per sample, on views of the NCW arrays: the result is already
            // in the kernel's [b, nOut, T] layout, so no permute copies, which cost more than one large GEMM saves.
            INDArray w = weights();
            Ranges.parallelBlas(Math.toIntExact(x.size(0)), (task, n0, n1) -> {
                for (int n = n0; n < n1; n++) {
                    Nd4j.gemm(w, x.slice(n), z.slice(n), true, false, 1.0, 0.0);
                }
            });
            INDArray bias = bias();
            if (bias != null) {
                Nd4j.getExecutioner().exec(new BroadcastAddOp(z, bias.reshape(z.size(1)), z, 1));
            }
        }

        @Override
        public void backward(Pass<SparseDenseKernel> pass) {
            INDArray dW = layer.gradientView(SynapseNeuronParamInitializer.WEIGHT_KEY);
            pass.g.gradientForVariable().put(SynapseNeuronParamInitializer.WEIGHT_KEY, dW);
            weightGradient(pass.x, pass.dz, dW);
            inputAndBiasGradients(pass);
        }
    }

    /** {@link SparseDenseKernel}: z and dW from the active inputs of sparse float32 spikes. */
    private final class SpikeDriven implements Kernel<Pass<SparseDenseKernel>> {
        @Override
        public boolean appliesTo(Pass<SparseDenseKernel> pass) {
            pass.raster = SparseDenseKernel.scan(pass.x, SparseDenseKernel.MAX_DENSITY);
            return pass.raster != null;
        }

        @Override
        public void forward(Pass<SparseDenseKernel> pass) {
            NeuronRuntime.requireFinite(pass.raster.values(), pass.x, layer.who());
            pass.raster.forward(weights(), bias(), pass.z);
        }

        @Override
        public void backward(Pass<SparseDenseKernel> pass) {
            INDArray dW = layer.gradientView(SynapseNeuronParamInitializer.WEIGHT_KEY);
            pass.g.gradientForVariable().put(SynapseNeuronParamInitializer.WEIGHT_KEY, dW);
            pass.raster.weightGradient(pass.dz, dW);
            inputAndBiasGradients(pass);
        }
    }
}
