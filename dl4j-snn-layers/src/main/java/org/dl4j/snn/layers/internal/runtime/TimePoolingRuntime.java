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
 * <p>float32 max / average pooling with non-overlapping windows and no padding (the usual 2x2 stride 2) runs
 * {@link PoolingKernel} instead: the same numbers bit for bit; max pooling keeps the forward's argmax so the backward
 * need not search the input again. Anything else takes the stock path.
 */
public class TimePoolingRuntime extends SubsamplingLayer {
    private static final long serialVersionUID = 1L;

    /** Window index of each max-pooling output of the last training forward, and the input it belongs to. */
    private transient byte[] argmax;
    private transient INDArray argmaxInput;

    public TimePoolingRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray x = input;
        TimeLayout.requireRank(x, layerId(), 5);
        PoolingKernel kernel = kernel(x);
        if (kernel != null) {
            return fastForward(kernel, x, training, workspaceMgr);
        }
        input = stepsAsChannels(x, workspaceMgr, ArrayType.INPUT);
        INDArray out;
        try {
            out = super.activate(training, workspaceMgr);
        } finally {
            input = x;
        }
        return TimeLayout.reshapeC(out, workspaceMgr, ArrayType.ACTIVATIONS, x.size(0), x.size(1), x.size(2),
                out.size(2), out.size(3));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = input;
        TimeLayout.requireRank(epsilon, layerId() + " (gradient)", 5);
        PoolingKernel kernel = kernel(x);
        if (kernel != null && epsilon.dataType() == DataType.FLOAT) {
            return fastBackward(kernel, x, epsilon, workspaceMgr);
        }
        INDArray eps = stepsAsChannels(epsilon, workspaceMgr, ArrayType.ACTIVATION_GRAD);
        input = stepsAsChannels(x, workspaceMgr, ArrayType.INPUT);
        Pair<Gradient, INDArray> ret;
        try {
            ret = super.backpropGradient(eps, workspaceMgr);
        } finally {
            input = x;
        }
        ret.setSecond(TimeLayout.reshapeC(ret.getSecond(), workspaceMgr, ArrayType.ACTIVATION_GRAD, x.shape()));
        return ret;
    }

    @Override
    public void clear() {
        super.clear();
        argmax = null;
        argmaxInput = null;
    }

    /** The flat-array kernel for this input, or null when the stock pooling must run. */
    private PoolingKernel kernel(INDArray x) {
        if (dataType != DataType.FLOAT || x.dataType() != DataType.FLOAT || x.rank() != 5
                || x.length() > Integer.MAX_VALUE) {
            return null;
        }
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        return PoolingKernel.of(c.getPoolingType(), c.getKernelSize(), c.getStride(), c.getPadding(), c.getDilation(),
                convolutionMode, x.size(3), x.size(4));
    }

    private INDArray fastForward(PoolingKernel kernel, INDArray x, boolean training, LayerWorkspaceMgr mgr) {
        INDArray in = dense(x, mgr, ArrayType.INPUT);
        long planes = x.size(0) * x.size(1) * x.size(2);
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                new long[] {x.size(0), x.size(1), x.size(2), kernel.outHeight(), kernel.outWidth()}, 'c');
        byte[] arg = null;
        if (kernel.isMax()) {
            int n = (int) out.length();
            arg = argmax != null && argmax.length == n ? argmax : new byte[n];
        }
        FloatBuffer xb = in.data().asNioFloat();
        FloatBuffer yb = out.data().asNioFloat();
        kernel.forward(xb, xb.position(), yb, yb.position(), arg, (int) planes);
        argmax = training ? arg : null;
        argmaxInput = training && arg != null ? x : null;
        return out;
    }

    private Pair<Gradient, INDArray> fastBackward(PoolingKernel kernel, INDArray x, INDArray epsilon,
            LayerWorkspaceMgr mgr) {
        long[] outShape = {x.size(0), x.size(1), x.size(2), kernel.outHeight(), kernel.outWidth()};
        if (!Arrays.equals(epsilon.shape(), outShape)) {
            throw new IllegalArgumentException(layerId() + ": gradient shape " + Arrays.toString(epsilon.shape())
                    + " does not match the output shape " + Arrays.toString(outShape));
        }
        INDArray eps = dense(epsilon, mgr, ArrayType.ACTIVATION_GRAD);
        // The stored argmax only if it was computed from this very input (no forward with another input since).
        byte[] arg = kernel.isMax() && argmaxInput == x && argmax != null && argmax.length == eps.length()
                ? argmax : null;
        INDArray in = kernel.isMax() && arg == null ? dense(x, mgr, ArrayType.INPUT) : null;
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, x.shape(), 'c');
        FloatBuffer gb = eps.data().asNioFloat();
        FloatBuffer xb = in == null ? null : in.data().asNioFloat();
        FloatBuffer db = dx.data().asNioFloat();
        kernel.backward(gb, gb.position(), xb, xb == null ? 0 : xb.position(), arg, db, db.position(),
                (int) (x.size(0) * x.size(1) * x.size(2)));
        return new Pair<>(new DefaultGradient(), dx);
    }

    /** {@code a} itself when C-ordered and contiguous from the start of its buffer view, else a C-order copy. */
    private static INDArray dense(INDArray a, LayerWorkspaceMgr mgr, ArrayType type) {
        return TimeLayout.isDenseC(a) && a.offset() == 0 ? a : mgr.dup(type, a, 'c');
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
