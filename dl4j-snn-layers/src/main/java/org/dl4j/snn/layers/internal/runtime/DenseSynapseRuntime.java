package org.dl4j.snn.layers.internal.runtime;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.internal.kernel.BlasGemm;
import org.dl4j.snn.layers.internal.kernel.Kernel;
import org.dl4j.snn.layers.internal.kernel.Ranges;
import org.dl4j.snn.layers.internal.kernel.SparseDenseKernel;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.internal.params.SynapseNeuronParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;

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
        return TimeLayout.denseC(x, mgr, type);
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
            // dx[n] [nIn, T] = W [nIn, nOut] dz[n] [nOut, T], W read as the C-order [nOut, nIn] it is stored as.
            INDArray wt = transposedC(w);
            int nIn = Math.toIntExact(x.size(1));
            int nOut = Math.toIntExact(dz.size(1));
            int steps = Math.toIntExact(x.size(2));
            Ranges.parallelBlas(Math.toIntExact(x.size(0)), (task, n0, n1) -> {
                for (int n = n0; n < n1; n++) {
                    BlasGemm.gemm(true, false, nIn, steps, nOut, 1, wt, 0, nIn, dz, (long) n * nOut * steps, steps,
                            0, dx, (long) n * nIn * steps, steps);
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
     * {@code dW = sum over n of x[n] dz[n]^T}, one GEMM per sample, the threads splitting the inputs (rows of dW)
     * rather than the samples: every element is still summed over n in order, whatever the thread count. The calls
     * used to run one after another on BLAS's own threads, which for GEMMs this small (a readout's
     * [nIn, T] x [T, classes]) spent most of the step spinning in sched_yield. DL4J's dW is an f-order view, so the
     * GEMMs compute its C-order transpose, {@code dW^T = sum over n of dz[n] x[n]^T}, each part a block of its columns.
     */
    static void weightGradient(INDArray x, INDArray dz, INDArray dW) {
        int batch = Math.toIntExact(x.size(0));
        int nIn = Math.toIntExact(dW.size(0));
        int nOut = Math.toIntExact(dW.size(1));
        int steps = Math.toIntExact(x.size(2));
        int parts = Math.max(1, Math.min(Ranges.THREADS, nIn / ROWS_PER_PART));
        INDArray dWt = dW.transpose();
        boolean fOrder = TimeLayout.isDenseC(dWt);
        INDArray target = fOrder || TimeLayout.isDenseC(dW) ? null : dW.dup('c');
        INDArray out = fOrder ? dWt : target != null ? target : dW;
        Ranges.parallelBlas(parts, (task, p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int r0 = (int) ((long) nIn * p / parts);
                int rows = (int) ((long) nIn * (p + 1) / parts) - r0;
                for (int n = 0; n < batch; n++) {
                    long xOff = ((long) n * nIn + r0) * steps;
                    long zOff = (long) n * nOut * steps;
                    double beta = n == 0 ? 0 : 1;
                    if (fOrder) { // dW^T[:, r0 .. r0+rows) = dz[n] x[n][r0 .., :]^T
                        BlasGemm.gemm(false, true, nOut, rows, steps, 1, dz, zOff, steps, x, xOff, steps, beta, out,
                                r0, nIn);
                    } else { // dW[r0 .. r0+rows, :] = x[n][r0 .., :] dz[n]^T
                        BlasGemm.gemm(false, true, rows, nOut, steps, 1, x, xOff, steps, dz, zOff, steps, beta, out,
                                (long) r0 * nOut, nOut);
                    }
                }
            }
        });
        if (target != null) dW.assign(target);
    }

    /** Fewest input rows per thread in {@link #weightGradient}: below this one thread does all. */
    private static final int ROWS_PER_PART = 32;

    /** {@code w^T} as a dense C-ordered array: DL4J's f-order weight view itself, transposed (no copy). */
    private static INDArray transposedC(INDArray w) {
        INDArray wt = w.transpose();
        return TimeLayout.isDenseC(wt) ? wt : wt.dup('c');
    }

    /** The stock kernel: one ND4J GEMM per sample for z, dW and dx. */
    private final class Gemm implements Kernel<Pass<SparseDenseKernel>> {
        @Override
        public void forward(Pass<SparseDenseKernel> pass) {
            INDArray x = pass.x;
            INDArray z = pass.z;
            NeuronRuntime.requireFinite(x, layer.who());
            // z[n] = W^T x[n] ([nOut, nIn] x [nIn, T]) per sample, on views of the NCW arrays: the result is already
            // in the kernel's [b, nOut, T] layout, so no permute copies, which cost more than one large GEMM saves.
            INDArray wt = transposedC(weights());
            int nIn = Math.toIntExact(x.size(1));
            int nOut = Math.toIntExact(z.size(1));
            int steps = Math.toIntExact(x.size(2));
            Ranges.parallelBlas(Math.toIntExact(x.size(0)), (task, n0, n1) -> {
                for (int n = n0; n < n1; n++) {
                    BlasGemm.gemm(false, false, nOut, steps, nIn, 1, wt, 0, nIn, x, (long) n * nIn * steps, steps, 0,
                            z, (long) n * nOut * steps, steps);
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
