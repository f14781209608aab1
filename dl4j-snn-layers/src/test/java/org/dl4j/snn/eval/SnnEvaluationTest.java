package org.dl4j.snn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.loss.LtsLoss;
import org.dl4j.snn.loss.Readout;
import org.dl4j.snn.loss.SpikeRateMseLoss;
import org.dl4j.snn.loss.TemporalLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.loss.TetLoss;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Prediction rules on hand-made [batch, classes, T] outputs, and evaluation of whole networks. */
class SnnEvaluationTest {
    /**
     * Two samples, three classes, four steps. Sample 0: class 0 leads early, class 2 at the last step.
     * Sample 1: class 1 leads on steps 0-1, class 2 on steps 2-3 (masked in the masked variant).
     */
    private static final INDArray OUT = Nd4j.createFromArray(new double[][][] {
            {{3, 3, 0, 0}, {0, 0, 0, 0}, {0, 0, 1, 2}},
            {{0, 0, 0, 0}, {2, 2, 0, 0}, {0, 0, 5, 5}}});
    private static final INDArray MASK = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1}, {1, 1, 0, 0}});

    @Test
    void classScoresFollowTheReadoutRuleAndMask() {
        assertThat(SnnEvaluation.classScores(OUT, null, SnnEvaluation.Rule.of(Readout.MEAN)))
                .isEqualTo(Nd4j.createFromArray(new double[][] {{1.5, 0, 0.75}, {0, 1, 2.5}}));
        assertThat(SnnEvaluation.classScores(OUT, MASK, SnnEvaluation.Rule.of(Readout.MEAN)))
                .isEqualTo(Nd4j.createFromArray(new double[][] {{1.5, 0, 0.75}, {0, 2, 0}}));
        assertThat(SnnEvaluation.classScores(OUT, MASK, SnnEvaluation.Rule.of(Readout.LAST)))
                .isEqualTo(Nd4j.createFromArray(new double[][] {{0, 0, 2}, {0, 2, 0}}));
        assertThat(SnnEvaluation.classScores(OUT, MASK, SnnEvaluation.Rule.of(Readout.SUM)))
                .isEqualTo(Nd4j.createFromArray(new double[][] {{6, 0, 3}, {0, 4, 0}}));
    }

    @Test
    void votingAveragesConsecutiveUnitsPerClass() {
        // 2 classes x 2 votes, 2 steps: unit rates (1, 0.5 | 0, 0.5)
        INDArray spikes = Nd4j.createFromArray(new double[][][] {{{1, 1}, {1, 0}, {0, 0}, {0, 1}}});
        assertThat(SnnEvaluation.classScores(spikes, null, new SnnEvaluation.Rule(Readout.MEAN, 2)))
                .isEqualTo(Nd4j.createFromArray(new double[][] {{0.75, 0.25}}));
        assertThatThrownBy(() -> SnnEvaluation.classScores(spikes, null, new SnnEvaluation.Rule(Readout.MEAN, 3)))
                .hasMessageContaining("votesPerClass 3");
    }

    @Test
    void accuracyDependsOnTheRuleAndMaskedSamplesAreLeftOut() {
        INDArray labels = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 1, 0}});
        Evaluation mean = new Evaluation();
        SnnEvaluation.eval(mean, labels, OUT, MASK, SnnEvaluation.Rule.of(Readout.MEAN));
        assertThat(mean.accuracy()).isEqualTo(1.0);
        Evaluation last = new Evaluation();
        SnnEvaluation.eval(last, labels, OUT, MASK, SnnEvaluation.Rule.of(Readout.LAST));
        assertThat(last.accuracy()).isEqualTo(0.5);
        Evaluation unmasked = new Evaluation();
        SnnEvaluation.eval(unmasked, labels, OUT, null, SnnEvaluation.Rule.of(Readout.MEAN));
        assertThat(unmasked.accuracy()).isEqualTo(0.5);

        Evaluation oneLeft = new Evaluation();
        INDArray sampleOneEmpty = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1}, {0, 0, 0, 0}});
        SnnEvaluation.eval(oneLeft, labels, OUT, sampleOneEmpty, SnnEvaluation.Rule.of(Readout.MEAN));
        assertThat(oneLeft.getNumRowCounter()).isEqualTo(1);
        assertThat(oneLeft.accuracy()).isEqualTo(1.0);
    }

    @Test
    void labelsPerStepAreReducedWithTheSameRule() {
        INDArray labels3d = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 1, 0}}).reshape(2, 3, 1).repeat(2, 4);
        Evaluation e = new Evaluation();
        SnnEvaluation.eval(e, labels3d, OUT, MASK, SnnEvaluation.Rule.of(Readout.LAST));
        assertThat(e.accuracy()).isEqualTo(0.5);
        assertThatThrownBy(() -> SnnEvaluation.eval(new Evaluation(), Nd4j.zeros(2, 4), OUT, null,
                SnnEvaluation.Rule.of(Readout.MEAN))).hasMessageContaining("4 classes");
    }

    private static MultiLayerNetwork net(TemporalLoss loss) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list()
                .layer(new LSTM.Builder().nOut(3L * loss.votesPerClass()).activation(Activation.TANH).build())
                .layer(new TemporalLossLayer.Builder(loss).build())
                .setInputType(InputType.recurrent(2)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * Batch a: a time-step features mask. Batch b: a labels mask leaving out sample 2, in the per-class form
     * [4, 3] with constant rows (DL4J's DataSet.merge keeps that form for 2-D labels; it scrambles [4, 1]).
     */
    private static List<DataSet> batches() {
        Nd4j.getRandom().setSeed(9);
        INDArray y = Nd4j.createFromArray(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 1, 0}});
        INDArray m = Nd4j.createFromArray(new float[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 1, 1, 1, 1},
                {1, 1, 0, 0, 0}});
        DataSet a = new DataSet(Nd4j.randn(DataType.FLOAT, 4, 2, 5), y, m, null);
        DataSet b = new DataSet(Nd4j.randn(DataType.FLOAT, 4, 2, 5), y, null,
                Nd4j.createFromArray(new float[][] {{1, 1, 1}, {1, 1, 1}, {0, 0, 0}, {1, 1, 1}}));
        return List.of(a, b);
    }

    /** The same evaluation done by hand, batch by batch. */
    private static Evaluation byHand(java.util.function.Function<DataSet, INDArray> output, SnnEvaluation.Rule rule) {
        Evaluation e = new Evaluation();
        for (DataSet ds : batches()) {
            INDArray perSample = ds.getLabelsMaskArray() == null ? null : ds.getLabelsMaskArray().max(true, 1);
            INDArray mask = perSample != null ? perSample : ds.getFeaturesMaskArray();
            INDArray scores = SnnEvaluation.classScores(output.apply(ds), mask, rule);
            e.eval(ds.getLabels(), scores, perSample);
        }
        return e;
    }

    @Test
    void multiLayerNetworkIsEvaluatedWithTheRuleOfItsLoss() {
        for (TemporalLoss loss : List.of(new LtsLoss(), new TetLoss(), SpikeRateMseLoss.voting(2))) {
            MultiLayerNetwork net = net(loss);
            Evaluation e = SnnEvaluation.evaluate(net, new ListDataSetIterator<>(batches(), 1));
            Evaluation expected = byHand(ds -> SnnEvaluation.perStepOutput(net, ds.getFeatures(),
                    ds.getFeaturesMaskArray()), SnnEvaluation.Rule.of(loss));
            assertThat(e.getNumRowCounter()).isEqualTo(7);
            assertThat(e.accuracy()).as(loss.toString()).isCloseTo(expected.accuracy(), within(1e-12));
            assertThat(e.getConfusionMatrix().toCSV()).isEqualTo(expected.getConfusionMatrix().toCSV());
        }
    }

    @Test
    void computationGraphIsEvaluatedWithTheRuleOfItsLoss() {
        MultiLayerNetwork mln = net(new LtsLoss());
        ComputationGraph graph = mln.toComputationGraph();
        Evaluation e = SnnEvaluation.evaluate(graph, new ListDataSetIterator<>(batches(), 1));
        Evaluation fromMln = SnnEvaluation.evaluate(mln, new ListDataSetIterator<>(batches(), 1));
        assertThat(e.getConfusionMatrix().toCSV()).isEqualTo(fromMln.getConfusionMatrix().toCSV());
        assertThat(e.getNumRowCounter()).isEqualTo(7);
    }

    @Test
    void networkWithoutTemporalLossLayerNeedsAnExplicitRule() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new LSTM.Builder().nOut(4).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(2)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertThatThrownBy(() -> SnnEvaluation.evaluate(net, new ListDataSetIterator<>(batches(), 1)))
                .hasMessageContaining("RnnOutputLayer").hasMessageContaining("readout rule");
        Evaluation e = SnnEvaluation.evaluate(net, new ListDataSetIterator<>(batches(), 1),
                SnnEvaluation.Rule.of(Readout.MEAN));
        assertThat(e.getNumRowCounter()).isEqualTo(7);
    }
}
