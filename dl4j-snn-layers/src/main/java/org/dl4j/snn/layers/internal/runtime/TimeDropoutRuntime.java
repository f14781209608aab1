package org.dl4j.snn.layers.internal.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.TimeDropoutLayer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link TimeDropoutLayer}: {@code y = x * m / (1 - p)} with the time-shared mask of
 * {@link org.dl4j.snn.layers.TimeDropout} in training, {@code y = x} in inference.
 * Backprop multiplies the gradient by the same mask; time-step masks pass through unchanged.
 */
public class TimeDropoutRuntime extends NoParamRuntime<TimeDropoutLayer> {
    private static final long serialVersionUID = 1L;

    public TimeDropoutRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (!training) {
            return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, input);
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
        return layerConf().getTimeDropout().applyDropout(input, out, getIterationCount(), getEpochCount(),
                workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray g = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape(),
                'c');
        layerConf().getTimeDropout().backprop(epsilon, g, getIterationCount(), getEpochCount());
        return new Pair<>(new DefaultGradient(), g);
    }
}
