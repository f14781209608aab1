package org.dl4j.snn.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link TimeBatchNorm}: DL4J's batch-norm runtime on an NCHW view in which time is a spatial axis.
 * {@code [b, C, T, H, W] -> [b, C, T*H, W]} and {@code [b, N, T] -> [b, N, T, 1]} (both free reshapes), so the
 * per-channel statistics run over {@code (b, t, h, w)}; outputs and gradients are reshaped back.
 */
public class TimeBatchNormRuntime extends BatchNormalization {
    private static final long serialVersionUID = 1L;

    public TimeBatchNormRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray x = input;
        checkInput(x);
        input = asImage(x, workspaceMgr, ArrayType.INPUT);
        INDArray out;
        try {
            out = super.activate(training, workspaceMgr);
        } finally {
            input = x;
        }
        return TimeLayout.reshapeC(out, workspaceMgr, ArrayType.ACTIVATIONS, x.shape());
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = input;
        if (!Arrays.equals(epsilon.shape(), x.shape())) {
            throw new IllegalArgumentException(layerId() + ": gradient shape " + Arrays.toString(epsilon.shape())
                    + " differs from input shape " + Arrays.toString(x.shape()));
        }
        INDArray eps = asImage(epsilon, workspaceMgr, ArrayType.ACTIVATION_GRAD);
        input = asImage(x, workspaceMgr, ArrayType.INPUT);
        Pair<Gradient, INDArray> ret;
        try {
            ret = super.backpropGradient(eps, workspaceMgr);
        } finally {
            input = x;
        }
        ret.setSecond(TimeLayout.reshapeC(ret.getSecond(), workspaceMgr, ArrayType.ACTIVATION_GRAD, x.shape()));
        return ret;
    }

    private void checkInput(INDArray x) {
        TimeLayout.requireRank(x, layerId(), 3, 5);
        long channels = layerConf().getNOut();
        if (x.size(1) != channels) {
            throw new IllegalArgumentException(layerId() + ": expected " + channels + " channels in dimension 1, "
                    + "got shape " + Arrays.toString(x.shape()));
        }
    }

    /** The NCHW view with time folded into the spatial axes: {@code [b, C, T*H, W]} or {@code [b, N, T, 1]}. */
    private static INDArray asImage(INDArray a, LayerWorkspaceMgr mgr, ArrayType type) {
        if (a.rank() == 3) {
            return TimeLayout.reshapeC(a, mgr, type, a.size(0), a.size(1), a.size(2), 1);
        }
        return TimeLayout.reshapeC(a, mgr, type, a.size(0), a.size(1), a.size(2) * a.size(3), a.size(4));
    }
}
