package org.dl4j.snn.layers.internal.runtime;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.VotingReadout;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link VotingReadout}: group means {@code [b, K*votes, T] -> [b, K, T]} forward and the gradient spread
 * evenly over each group backward.
 * Both are {@link VotingReadout#vote} / {@link VotingReadout#voteGradient}; time-step masks pass through.
 */
public class VotingReadoutRuntime extends NoParamRuntime<VotingReadout> {
    private static final long serialVersionUID = 1L;

    public VotingReadoutRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        return VotingReadout.vote(input, layerConf().getVotes(), workspaceMgr, ArrayType.ACTIVATIONS, layerId());
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray g = VotingReadout.voteGradient(epsilon, layerConf().getVotes(), workspaceMgr,
                ArrayType.ACTIVATION_GRAD);
        return new Pair<>(new DefaultGradient(), g);
    }
}
