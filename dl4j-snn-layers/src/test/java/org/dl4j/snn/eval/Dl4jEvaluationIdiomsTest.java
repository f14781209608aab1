package org.dl4j.snn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.ClassificationScoreCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingGraphTrainer;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.EvaluativeListener;
import org.deeplearning4j.optimize.listeners.callbacks.EvaluationCallback;
import org.deeplearning4j.optimize.api.InvocationType;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.loss.LtsLoss;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.testing.SpikeTrainTask;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROCMultiClass;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;

/**
 * DL4J's own evaluation idioms on spiking classifiers ending in a {@link TemporalLossLayer}: the layer outputs the
 * class probabilities {@code [batch, classes]} of its loss's rule, so {@code net.evaluate}, {@code Evaluation},
 * {@code ROCMultiClass}, {@code EvaluativeListener} and early stopping on accuracy work unchanged and give
 * {@link SnnEvaluation}'s accuracy, in MultiLayerNetwork and ComputationGraph.
 */
class Dl4jEvaluationIdiomsTest {
    private static final int TEST = 250;

    private static MultiLayerNetwork mln(TemporalLoss loss, boolean perStep) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(2e-2)).list()
                .layer(new SpikingDense.Builder(16).build())
                .layer(new LeakyIntegratorReadout.Builder(SpikeTrainTask.CLASSES).build())
                .layer(new TemporalLossLayer.Builder(loss).perStepOutput(perStep).build())
                .setInputType(InputType.recurrent(SpikeTrainTask.INPUTS, SpikeTrainTask.STEPS)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static ComputationGraph graph(TemporalLoss loss) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(2e-2))
                .graphBuilder().addInputs("in")
                .addLayer("hidden", new SpikingDense.Builder(16).build(), "in")
                .addLayer("readout", new LeakyIntegratorReadout.Builder(SpikeTrainTask.CLASSES).build(), "hidden")
                .addLayer("loss", new TemporalLossLayer.Builder(loss).build(), "readout")
                .setOutputs("loss")
                .setInputTypes(InputType.recurrent(SpikeTrainTask.INPUTS, SpikeTrainTask.STEPS)).build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    private static DataSetIterator train() {
        return SpikeTrainTask.iterator(384, 1, 64);
    }

    private static DataSetIterator test() {
        return SpikeTrainTask.iterator(TEST, 2, TEST);
    }

    @Test
    void outputIsTheClassProbabilitiesOfTheLossRule() {
        MultiLayerNetwork net = mln(new SdtLoss(), false);
        DataSet d = SpikeTrainTask.data(5, 4);
        INDArray out = net.output(d.getFeatures());
        assertThat(out.shape()).containsExactly(5, SpikeTrainTask.CLASSES);
        // SDT: softmax of the mean logit over time.
        INDArray perStep = SnnEvaluation.perStepOutput(net, d.getFeatures(), null);
        assertThat(perStep.shape()).containsExactly(5, SpikeTrainTask.CLASSES, SpikeTrainTask.STEPS);
        INDArray expected = org.nd4j.linalg.factory.Nd4j.nn().softmax(perStep.mean(2), 1);
        assertThat(out.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(out.sum(1).sub(1).amaxNumber().doubleValue()).isLessThan(1e-6);
    }

    @Test
    void perStepOutputFlagKeepsEveryStepAndEvaluatesTheSame() {
        MultiLayerNetwork reduced = mln(new LtsLoss(), false);
        reduced.fit(train());
        MultiLayerNetwork perStep = mln(new LtsLoss(), true);
        perStep.setParams(reduced.params());
        INDArray x = SpikeTrainTask.data(7, 4).getFeatures();
        INDArray steps = perStep.output(x);
        assertThat(steps.shape()).containsExactly(7, SpikeTrainTask.CLASSES, SpikeTrainTask.STEPS);
        assertThat(steps).isEqualTo(SnnEvaluation.perStepOutput(reduced, x, null));
        assertThat(SnnEvaluation.evaluate(perStep, test()).accuracy())
                .isEqualTo(SnnEvaluation.evaluate(reduced, test()).accuracy());
    }

    @Test
    void multiLayerNetworkEvaluateEvaluationAndRocAgreeWithSnnEvaluation() {
        MultiLayerNetwork net = mln(new SdtLoss(), false);
        net.fit(train(), 3);
        double snn = SnnEvaluation.evaluate(net, test()).accuracy();
        assertThat(snn).isGreaterThan(0.8);
        assertThat(net.evaluate(test()).accuracy()).isEqualTo(snn);

        DataSet d = test().next();
        Evaluation manual = new Evaluation();
        manual.eval(d.getLabels(), net.output(d.getFeatures()));
        assertThat(manual.accuracy()).isEqualTo(snn);

        ROCMultiClass roc = net.evaluateROCMultiClass(test(), 0);
        assertThat(roc.calculateAverageAUC()).isGreaterThan(0.9).isLessThanOrEqualTo(1.0);
    }

    @Test
    void computationGraphEvaluateAndRocAgreeWithSnnEvaluation() {
        ComputationGraph net = graph(new SdtLoss());
        net.fit(train(), 3);
        double snn = SnnEvaluation.evaluate(net, test()).accuracy();
        assertThat(snn).isGreaterThan(0.8);
        assertThat(net.evaluate(test()).accuracy()).isEqualTo(snn);
        assertThat(net.evaluateROCMultiClass(test(), 0).calculateAverageAUC()).isGreaterThan(0.9);
    }

    @Test
    void evaluativeListenerSeesSnnEvaluationsAccuracyAfterEveryEpoch() {
        MultiLayerNetwork net = mln(new SdtLoss(), false);
        List<Double> seen = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        EvaluationCallback callback = (listener, model, invocations, evaluations) -> {
            seen.add(((Evaluation) evaluations[0]).accuracy());
            expected.add(SnnEvaluation.evaluate((MultiLayerNetwork) model, test()).accuracy());
        };
        EvaluativeListener listener = new EvaluativeListener(test(), 1, InvocationType.EPOCH_END,
                new IEvaluation[] {new Evaluation()});
        listener.setCallback(callback);
        net.setListeners(listener);
        net.fit(train(), 2);
        assertThat(seen).hasSize(2).isEqualTo(expected);
    }

    @Test
    void earlyStoppingOnAccuracyScoresTheBestModelAsSnnEvaluationDoes() {
        EarlyStoppingConfiguration<MultiLayerNetwork> conf = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .epochTerminationConditions(new MaxEpochsTerminationCondition(3))
                .scoreCalculator(new ClassificationScoreCalculator(Evaluation.Metric.ACCURACY, test()))
                .modelSaver(new InMemoryModelSaver<>()).build();
        EarlyStoppingResult<MultiLayerNetwork> r = new EarlyStoppingTrainer(conf, mln(new SdtLoss(), false), train())
                .fit();
        // (DL4J M2.1's getBestModelScore() stays 0 for a score to maximise; the per-epoch scores are right.)
        assertThat(r.getScoreVsEpoch().get(r.getBestModelEpoch())).isGreaterThan(0.8)
                .isCloseTo(SnnEvaluation.evaluate(r.getBestModel(), test()).accuracy(), within(1e-12));

        EarlyStoppingConfiguration<ComputationGraph> gconf = new EarlyStoppingConfiguration.Builder<ComputationGraph>()
                .epochTerminationConditions(new MaxEpochsTerminationCondition(3))
                .scoreCalculator(new ClassificationScoreCalculator(Evaluation.Metric.ACCURACY, test()))
                .modelSaver(new InMemoryModelSaver<>()).build();
        EarlyStoppingResult<ComputationGraph> g = new EarlyStoppingGraphTrainer(gconf, graph(new SdtLoss()), train())
                .fit();
        assertThat(g.getScoreVsEpoch().get(g.getBestModelEpoch())).isGreaterThan(0.8)
                .isCloseTo(SnnEvaluation.evaluate(g.getBestModel(), test()).accuracy(), within(1e-12));
    }
}
