package org.dl4j.snn.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link TimePooling}: DL4J's 2-D pooling runtime applied to the {@code [batch, C*T, H, W]} view of
 * {@code [batch, C, T, H, W]} activations.
 * Forward {@code out = reshape(pool2d(reshape(x, [b, C*T, H, W])), [b, C, T, H', W'])}; backward reshapes the
 * gradient the same way around the stock {@code maxpool2d_bp} / {@code avgpool2d_bp}.
 */
public class TimePoolingRuntime extends SubsamplingLayer {
    private static final long serialVersionUID = 1L;

    public TimePoolingRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray x = input;
        TimeLayout.requireRank(x, layerId(), 5);
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
