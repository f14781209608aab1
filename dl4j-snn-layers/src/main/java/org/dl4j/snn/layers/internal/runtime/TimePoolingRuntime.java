package org.dl4j.snn.layers.internal.runtime;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.internal.kernel.Kernel;
import org.dl4j.snn.layers.internal.kernel.PoolingKernel;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link org.dl4j.snn.layers.TimePooling}: DL4J's 2-D pooling runtime applied to the {@code [batch, C*T, H,
 * W]} view of {@code [batch, C, T, H, W]} activations.
 * Forward {@code out = reshape(pool2d(reshape(x, [b, C*T, H, W])), [b, C, T, H', W'])}; backward reshapes the
 * gradient the same way around the stock {@code maxpool2d_bp} / {@code avgpool2d_bp}.
 *
 * <p>Two {@link Kernel}s, chosen per forward pass ({@link KernelChoice}): the stock one is DL4J's runtime on that
 * view; {@link PoolingKernel} takes float32 max / average pooling with non-overlapping windows and no padding (the
 * usual 2x2 stride 2): the same numbers bit for bit, and max pooling keeps the forward's argmax so that the backward
 * need not search the input again.
 */
public class TimePoolingRuntime extends SubsamplingLayer {
    private static final long serialVersionUID = 1L;

    private final transient KernelChoice<Pass> kernels = new KernelChoice<>(new Stock(), new Fast());
    /** The window indices of the last max-pooling forward, reused by the next one of the same size. */
    private transient byte[] spareArgmax;

    public TimePoolingRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * One pass over the input ({@code [b, C, T, H, W]}): forward writes {@code out} (and, for max pooling in
     * training, the window index of each maximum), backward writes {@code gradients} from {@code epsilon}.
     */
    private static final class Pass extends KernelChoice.Pass {
        final boolean training;
        /** The flat kernel for these settings and this input size, found by {@link Fast#appliesTo}. */
        PoolingKernel kernel;
        INDArray out;
        byte[] argmax;
        INDArray epsilon;
        Pair<Gradient, INDArray> gradients;

        Pass(INDArray x, boolean training, LayerWorkspaceMgr mgr) {
            super(x, mgr);
            this.training = training;
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        StepBatch.record(input);
        TimeLayout.requireRank(input, layerId(), 5);
        Pass pass = new Pass(input, training, workspaceMgr);
        kernels.forward(pass);
        return pass.out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        TimeLayout.requireRank(epsilon, layerId() + " (gradient)", 5);
        INDArray x = input;
        Pass pass = kernels.passFor(x, () -> new Pass(x, true, workspaceMgr));
        pass.mgr = workspaceMgr;
        pass.epsilon = epsilon;
        // The flat kernel's backward takes float32 gradients.
        kernels.backward(pass, epsilon.dataType() == DataType.FLOAT);
        return pass.gradients;
    }

    /**
     * DL4J clears every layer after each minibatch: the pass goes, the argmax array stays as a spare for the next
     * forward to write into instead of allocating one per step (as the neuron runtime keeps its trace).
     */
    @Override
    public void clear() {
        super.clear();
        kernels.clear();
    }

    /** DL4J's runtime on the {@code [batch, C*T, H, W]} view. */
    private final class Stock implements Kernel<Pass> {
        @Override
        public boolean nativeLoops() {
            return true;
        }

        @Override
        public void forward(Pass pass) {
            INDArray x = pass.input;
            input = stepsAsChannels(x, pass.mgr, ArrayType.INPUT);
            INDArray out;
            try {
                out = TimePoolingRuntime.super.activate(pass.training, pass.mgr);
            } finally {
                input = x;
            }
            pass.out = TimeLayout.reshapeC(out, pass.mgr, ArrayType.ACTIVATIONS, x.size(0), x.size(1), x.size(2),
                    out.size(2), out.size(3));
        }

        @Override
        public void backward(Pass pass) {
            INDArray x = pass.input;
            INDArray eps = stepsAsChannels(pass.epsilon, pass.mgr, ArrayType.ACTIVATION_GRAD);
            input = stepsAsChannels(x, pass.mgr, ArrayType.INPUT);
            Pair<Gradient, INDArray> ret;
            try {
                ret = TimePoolingRuntime.super.backpropGradient(eps, pass.mgr);
            } finally {
                input = x;
            }
            ret.setSecond(TimeLayout.reshapeC(ret.getSecond(), pass.mgr, ArrayType.ACTIVATION_GRAD, x.shape()));
            pass.gradients = ret;
        }
    }

    /** {@link PoolingKernel} over the flat float32 planes. */
    private final class Fast implements Kernel<Pass> {
        @Override
        public boolean appliesTo(Pass pass) {
            INDArray x = pass.input;
            if (dataType != DataType.FLOAT || x.dataType() != DataType.FLOAT || x.rank() != 5
                    || x.length() > Integer.MAX_VALUE) {
                return false;
            }
            org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
            pass.kernel = PoolingKernel.of(c.getPoolingType(), c.getKernelSize(), c.getStride(), c.getPadding(),
                    c.getDilation(), convolutionMode, x.size(3), x.size(4));
            return pass.kernel != null;
        }

        @Override
        public void forward(Pass pass) {
            INDArray x = pass.input;
            PoolingKernel kernel = pass.kernel;
            LayerWorkspaceMgr mgr = pass.mgr;
            INDArray in = TimeLayout.denseC(x, mgr, ArrayType.INPUT);
            long planes = x.size(0) * x.size(1) * x.size(2);
            INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                    new long[] {x.size(0), x.size(1), x.size(2), kernel.outHeight(), kernel.outWidth()}, 'c');
            byte[] arg = null;
            if (kernel.isMax()) {
                int n = (int) out.length();
                arg = spareArgmax != null && spareArgmax.length == n ? spareArgmax : new byte[n];
            }
            FloatBuffer xb = in.data().asNioFloat();
            FloatBuffer yb = out.data().asNioFloat();
            kernel.forward(xb, xb.position(), yb, yb.position(), arg, (int) planes);
            pass.argmax = pass.training ? arg : null;
            spareArgmax = pass.argmax;
            pass.out = out;
        }

        @Override
        public void backward(Pass pass) {
            INDArray x = pass.input;
            PoolingKernel kernel = pass.kernel;
            LayerWorkspaceMgr mgr = pass.mgr;
            INDArray epsilon = pass.epsilon;
            long[] outShape = {x.size(0), x.size(1), x.size(2), kernel.outHeight(), kernel.outWidth()};
            if (!Arrays.equals(epsilon.shape(), outShape)) {
                throw new IllegalArgumentException(layerId() + ": gradient shape " + Arrays.toString(epsilon.shape())
                        + " does not match the output shape " + Arrays.toString(outShape));
            }
            INDArray eps = TimeLayout.denseC(epsilon, mgr, ArrayType.ACTIVATION_GRAD);
            // The forward's argmax (a pass is reused only for its own input); none after an inference forward.
            byte[] arg = kernel.isMax() && pass.argmax != null && pass.argmax.length == eps.length()
                    ? pass.argmax : null;
            INDArray in = kernel.isMax() && arg == null ? TimeLayout.denseC(x, mgr, ArrayType.INPUT) : null;
            INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, x.shape(), 'c');
            FloatBuffer gb = eps.data().asNioFloat();
            FloatBuffer xb = in == null ? null : in.data().asNioFloat();
            FloatBuffer db = dx.data().asNioFloat();
            kernel.backward(gb, gb.position(), xb, xb == null ? 0 : xb.position(), arg, db, db.position(),
                    (int) (x.size(0) * x.size(1) * x.size(2)));
            pass.gradients = new Pair<>(new DefaultGradient(), dx);
        }
    }

    /** {@code [b, C, T, H, W] -> [b, C*T, H, W]}: the T steps of a channel become T channels of the 2-D pooling. */
    private static INDArray stepsAsChannels(INDArray a, LayerWorkspaceMgr mgr, ArrayType type) {
        return TimeLayout.reshapeC(a, mgr, type, a.size(0), a.size(1) * a.size(2), a.size(3), a.size(4));
    }

    /** Pooling keeps T, so a time-step mask {@code [batch, T]} stays valid; spatial masks are not supported. */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
            int minibatchSize) {
        if (maskArray != null && maskArray.rank() != 2) {
            throw new IllegalArgumentException(layerId() + ": only a time-step mask [batch, T] is supported, got "
                    + "shape " + Arrays.toString(maskArray.shape()));
        }
        this.maskArray = maskArray;
        this.maskState = currentMaskState;
        return new Pair<>(maskArray, currentMaskState);
    }
}
