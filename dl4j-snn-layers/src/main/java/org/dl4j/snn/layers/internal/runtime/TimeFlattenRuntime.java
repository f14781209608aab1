package org.dl4j.snn.layers.internal.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.TimeFlatten;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.preprocessor.TimeFlattenPreProcessor;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link TimeFlatten}: {@code [b, C, T, H, W] -> [b, C*H*W, T]} forward and the inverse permutation
 * backward.
 * Both directions are {@link TimeFlattenPreProcessor#flatten} / {@link TimeFlattenPreProcessor#unflatten}.
 */
public class TimeFlattenRuntime extends NoParamRuntime<TimeFlatten> {
    private static final long serialVersionUID = 1L;

    public TimeFlattenRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        TimeLayout.requireRank(input, layerId(), 5);
        return TimeFlattenPreProcessor.flatten(input, workspaceMgr, ArrayType.ACTIVATIONS);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray g = TimeFlattenPreProcessor.unflatten(epsilon, input.size(1), input.size(3), input.size(4),
                workspaceMgr, ArrayType.ACTIVATION_GRAD, layerId());
        return new Pair<>(new DefaultGradient(), g);
    }
}
