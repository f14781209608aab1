package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.dl4j.snn.layers.TimeLayerFixtures.gradientsMatch;
import static org.dl4j.snn.layers.TimeLayerFixtures.maxAbsDiff;
import static org.dl4j.snn.layers.TimeLayerFixtures.network;
import static org.dl4j.snn.layers.TimeLayerFixtures.randn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class VotingReadoutTest {
    private static final int B = 2;
    private static final int K = 3;
    private static final int VOTES = 4;
    private static final int T = 5;
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void eachClassIsTheMeanOfItsConsecutiveGroupAndTheGradientIsSharedEvenly(DataType dt) {
        Layer layer = network(dt, WorkspaceMode.NONE, InputType.recurrent(K * VOTES, T),
                new VotingReadout.Builder(VOTES).build()).getLayer(0);
        INDArray x = randn(dt, 1, B, K * VOTES, T);
        INDArray y = layer.activate(x, true, NO_WS);
        INDArray eps = randn(dt, 2, B, K, T);
        INDArray g = layer.backpropGradient(eps, NO_WS).getSecond();
        assertThat(y.shape()).containsExactly(B, K, T);
        assertThat(g.shape()).isEqualTo(x.shape());
        double tol = dt == DataType.DOUBLE ? 1e-14 : 1e-6;
        for (int b = 0; b < B; b++) {
            for (int k = 0; k < K; k++) {
                for (int t = 0; t < T; t++) {
                    double sum = 0;
                    for (int j = 0; j < VOTES; j++) {
                        sum += x.getDouble(b, k * VOTES + j, t);
                        assertThat(g.getDouble(b, k * VOTES + j, t)).isCloseTo(eps.getDouble(b, k, t) / VOTES,
                                within(tol));
                    }
                    assertThat(y.getDouble(b, k, t)).isCloseTo(sum / VOTES, within(tol));
                }
            }
        }
    }

    @Test
    void feedForwardInputIsVotedToo() {
        Layer layer = network(DataType.DOUBLE, WorkspaceMode.NONE, InputType.feedForward(K * VOTES),
                new VotingReadout.Builder(VOTES).build()).getLayer(0);
        INDArray x = randn(DataType.DOUBLE, 3, B, K * VOTES);
        INDArray expected = x.reshape(B, K, VOTES).mean(2);
        assertThat(maxAbsDiff(layer.activate(x, false, NO_WS), expected)).isLessThan(1e-14);
        assertThat(layer.backpropGradient(Nd4j.ones(DataType.DOUBLE, B, K), NO_WS).getSecond())
                .isEqualTo(Nd4j.valueArrayOf(new long[] {B, K * VOTES}, 1.0 / VOTES, DataType.DOUBLE));
    }

    @Test
    void outputTypeDividesTheSizeByVotesAndNonDivisibleSizesAreRejected() {
        VotingReadout vote = new VotingReadout.Builder().votes(10).name("vote").build();
        assertThat(vote.getOutputType(3, InputType.recurrent(100, 8))).isEqualTo(InputType.recurrent(10, 8));
        assertThat(vote.getOutputType(3, InputType.feedForward(20))).isEqualTo(InputType.feedForward(2));
        assertThatThrownBy(() -> vote.getOutputType(3, InputType.recurrent(25, 8)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("VotingReadout 'vote' (layer 3)")
                .hasMessageContaining("input size 25 is not divisible by votes 10");
        assertThatThrownBy(() -> vote.getOutputType(3,
                InputType.convolutional3D(org.deeplearning4j.nn.conf.layers.Convolution3D.DataFormat.NCDHW, 2, 2, 2,
                        10))).hasMessageContaining("recurrent");
        assertThatThrownBy(() -> new VotingReadout.Builder(0).build()).hasMessageContaining("votes must be >= 1, got 0");
        Layer layer = network(DataType.FLOAT, WorkspaceMode.NONE, InputType.recurrent(K * VOTES, T),
                new VotingReadout.Builder(VOTES).build()).getLayer(0);
        assertThatThrownBy(() -> layer.activate(randn(DataType.FLOAT, 1, B, K * VOTES + 1, T), false, NO_WS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("13 is not divisible by votes 4");
    }

    @Test
    void gradientsThroughTheVotePassTheNumericCheck() {
        MultiLayerNetwork net = network(DataType.DOUBLE, WorkspaceMode.NONE, InputType.recurrent(3, T),
                new SimpleRnn.Builder().nOut(K * VOTES).activation(Activation.SIGMOID).build(),
                new VotingReadout.Builder(VOTES).build(),
                new RnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build());
        INDArray x = randn(DataType.DOUBLE, 4, B, 3, T);
        assertThat(gradientsMatch(net, x, randn(DataType.DOUBLE, 5, B, K, T))).isTrue();
    }

    @Test
    void jsonRoundTripKeepsTheVotes() {
        MultiLayerNetwork net = network(DataType.FLOAT, WorkspaceMode.ENABLED, InputType.recurrent(K * 7, T),
                new VotingReadout.Builder(7).name("v").build());
        MultiLayerConfiguration back = TimeLayerFixtures.jsonRoundTrip(net.getLayerWiseConfigurations());
        assertThat(((VotingReadout) back.getConf(0).getLayer()).getVotes()).isEqualTo(7);
    }
}
