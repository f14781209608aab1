package org.dl4j.snn.layers.internal.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of the runtimes of layers without parameters ({@link TimeDropoutRuntime}, {@link TimeFlattenRuntime},
 * {@link VotingReadoutRuntime}): no pretraining, no parameters, no regularisation; subclasses give the forward and
 * backward passes.
 *
 * @param <L> the layer configuration
 */
public abstract class NoParamRuntime<L extends org.deeplearning4j.nn.conf.layers.Layer> extends AbstractLayer<L> {
    private static final long serialVersionUID = 1L;

    protected NoParamRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
        // no parameters
    }

    @Override
    public double calcRegularizationScore(boolean backpropOnlyParams) {
        return 0;
    }

    @Override
    public INDArray params() {
        return null;
    }
}
