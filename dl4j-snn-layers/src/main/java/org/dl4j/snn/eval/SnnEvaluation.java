package org.dl4j.snn.eval;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.loss.Readout;
import org.dl4j.snn.loss.TemporalLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.loss.internal.StepwiseActivation;
import org.dl4j.snn.loss.internal.TimeMask;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Classification evaluation of spiking networks whose output is a time series {@code [batch, K*g, T]}: the
 * output is turned into class scores {@code [batch, K]} by a {@link Readout} rule (mean over time for SDT/TET/
 * spike-rate losses, last step for LTS, spike count) and voting over g units per class, and fed to DL4J's
 * {@link Evaluation}. Labels may be {@code [batch, K]} or {@code [batch, K, T]} (reduced with the same rule).
 *
 * <p>Masks: the time-step mask is the labels mask when given, else the features mask; a sample with no unmasked
 * step is left out of the evaluation. For a network ending in a {@link TemporalLossLayer} the rule and the votes
 * are taken from its loss. Such a layer outputs the class probabilities of that rule by default (DL4J's own
 * {@code net.evaluate} gives the same accuracy) or, built with {@code perStepOutput(true)} or saved before that
 * setting existed, the per-step activations; this class reads both, and {@link #perStepOutput} gives the per-step
 * output of either.
 */
public final class SnnEvaluation {
    private SnnEvaluation() {}

    /** How a network's output becomes class scores: the time rule and the units per class. */
    public record Rule(Readout readout, int votesPerClass) {
        public Rule {
            if (readout == null) {
                throw new IllegalArgumentException("SnnEvaluation.Rule: readout is null");
            }
            if (votesPerClass < 1) {
                throw new IllegalArgumentException("SnnEvaluation.Rule: votesPerClass must be >= 1, got "
                        + votesPerClass);
            }
        }

        /** {@code readout} with one unit per class. */
        public static Rule of(Readout readout) {
            return new Rule(readout, 1);
        }

        /** The rule a loss trains for (its readout and votes per class). */
        public static Rule of(TemporalLoss loss) {
            return new Rule(loss.readout(), loss.votesPerClass());
        }
    }

    /**
     * Class scores {@code [batch, K]} from an output {@code [batch, K*g, T]} (or {@code [batch, K*g]}, used as is
     * apart from voting).
     *
     * @param mask {@code null}, {@code [batch, T]} or {@code [batch, 1]}
     */
    public static INDArray classScores(INDArray output, INDArray mask, Rule rule) {
        INDArray perUnit = switch (output.rank()) {
            case 2 -> output;
            case 3 -> rule.readout().reduce(output, mask);
            default -> throw new IllegalArgumentException("SnnEvaluation: output must be [batch, classes, T] or "
                    + "[batch, classes], got shape " + Arrays.toString(output.shape()));
        };
        return Readout.vote(perUnit, rule.votesPerClass());
    }

    /** Labels {@code [batch, K]} as they are, or {@code [batch, K, T]} reduced over time by {@code readout}. */
    public static INDArray classLabels(INDArray labels, INDArray mask, Readout readout) {
        return switch (labels.rank()) {
            case 2 -> labels;
            case 3 -> readout.reduce(labels, mask);
            default -> throw new IllegalArgumentException("SnnEvaluation: labels must be [batch, classes] or "
                    + "[batch, classes, T], got shape " + Arrays.toString(labels.shape()));
        };
    }

    /**
     * Adds one batch to {@code evaluation}: argmax of the class scores vs argmax of the labels, samples without
     * an unmasked step left out. {@code output} is per step ({@code [batch, K*g, T]}, reduced by {@code rule}) or
     * already class scores ({@code [batch, K]} or {@code [batch, K*g]}, voted by {@code rule}).
     */
    public static void eval(Evaluation evaluation, INDArray labels, INDArray output, INDArray mask, Rule rule) {
        if (labels.size(0) != output.size(0)) {
            throw new IllegalArgumentException("SnnEvaluation: labels " + Arrays.toString(labels.shape())
                    + " and output " + Arrays.toString(output.shape()) + " differ in batch size");
        }
        INDArray scores = classScores(output, mask, rule);
        INDArray labels2d = classLabels(labels, mask, rule.readout()).castTo(scores.dataType());
        if (labels2d.size(1) != scores.size(1)) {
            throw new IllegalArgumentException("SnnEvaluation: labels " + Arrays.toString(labels.shape())
                    + " have " + labels2d.size(1) + " classes but output " + Arrays.toString(output.shape())
                    + " gives " + scores.size(1) + " class scores (votesPerClass " + rule.votesPerClass() + ")");
        }
        evaluation.eval(labels2d, scores, sampleMask(mask, output.size(0), scores));
    }

    /** {@code [batch, 1]}: 1 for a sample with at least one unmasked step; null without a mask. */
    private static INDArray sampleMask(INDArray mask, long batch, INDArray scores) {
        if (mask == null) {
            return null;
        }
        if (mask.size(0) != batch || mask.rank() > 2) {
            throw new IllegalArgumentException("SnnEvaluation: mask shape " + Arrays.toString(mask.shape())
                    + " fits neither a time-step mask [" + batch + ", T] nor a per-sample mask [" + batch + ", 1]");
        }
        INDArray m = mask.neq(0).castTo(scores.dataType());
        return m.rank() == 1 ? m.reshape(batch, 1) : m.max(true, 1);
    }

    /**
     * Evaluates {@code net} on every batch of {@code data} with the rule of its {@link TemporalLossLayer}: the same
     * accuracy as DL4J's {@code net.evaluate(data)} when the layer outputs class probabilities (the default).
     */
    public static Evaluation evaluate(MultiLayerNetwork net, DataSetIterator data) {
        TemporalLossLayer loss = lossLayer(outputLayer(net));
        if (loss.perStepOutput()) {
            return evaluate(net, data, Rule.of(loss.getLossFn()));
        }
        return evaluateOutput(loss, data,
                batch -> net.output(batch.getFeatures(), false, batch.getFeaturesMaskArray(), null));
    }

    /** Evaluates {@code net} on every batch of {@code data} with {@code rule}, on its per-step output. */
    public static Evaluation evaluate(MultiLayerNetwork net, DataSetIterator data, Rule rule) {
        return evaluatePerStep(data, rule,
                batch -> perStepOutput(net, batch.getFeatures(), batch.getFeaturesMaskArray()));
    }

    /** Scores the network's reduced output {@code [b, K]} of every batch with the loss's readout rule. */
    private static Evaluation evaluateOutput(TemporalLossLayer loss, DataSetIterator data,
            Function<DataSet, INDArray> output) {
        Rule scored = Rule.of(loss.getLossFn().readout());
        Evaluation evaluation = new Evaluation();
        forEachBatch(data, batch -> eval(evaluation, batch.getLabels(), output.apply(batch),
                timeMask(batch, steps(batch.getFeatures())), scored));
        return evaluation;
    }

    /** Scores the per-step output {@code [b, C, T]} of every batch with {@code rule}. */
    private static Evaluation evaluatePerStep(DataSetIterator data, Rule rule, Function<DataSet, INDArray> output) {
        Evaluation evaluation = new Evaluation();
        forEachBatch(data, batch -> {
            INDArray out = output.apply(batch);
            eval(evaluation, batch.getLabels(), out, timeMask(batch, steps(out)), rule);
        });
        return evaluation;
    }

    /**
     * Evaluates a single-input, single-output {@code net} with the rule of its {@link TemporalLossLayer} (as DL4J's
     * {@code net.evaluate(data)} when the layer outputs class probabilities).
     */
    public static Evaluation evaluate(ComputationGraph net, DataSetIterator data) {
        requireSingle(net);
        TemporalLossLayer loss = lossLayer(outputLayer(net));
        if (loss.perStepOutput()) {
            return evaluate(net, data, Rule.of(loss.getLossFn()));
        }
        return evaluateOutput(loss, data, batch -> net.output(false, new INDArray[] {batch.getFeatures()},
                masks(batch.getFeaturesMaskArray()), null)[0]);
    }

    /** Evaluates a single-input, single-output {@code net} with {@code rule}, on its per-step output. */
    public static Evaluation evaluate(ComputationGraph net, DataSetIterator data, Rule rule) {
        requireSingle(net);
        return evaluatePerStep(data, rule,
                batch -> perStepOutput(net, batch.getFeatures(), batch.getFeaturesMaskArray()));
    }

    /**
     * The class scores {@code [batch, K]} of {@code net} for {@code features} by the rule of its
     * {@link TemporalLossLayer}, whatever its output mode; the argmax is the predicted class.
     */
    public static INDArray classScores(MultiLayerNetwork net, INDArray features, INDArray featuresMask) {
        TemporalLossLayer loss = lossLayer(outputLayer(net));
        INDArray out = net.output(features, false, featuresMask, null);
        return loss.perStepOutput() ? classScores(out, featuresMask, Rule.of(loss.getLossFn())) : out;
    }

    /**
     * The per-step output {@code [batch, C, T]} of {@code net} (a network ending in a {@link TemporalLossLayer} of
     * either output mode, or any network with time-major output): the output itself when it is per step; otherwise
     * the loss layer's activation applied to every step of its input, which is what the network outputs with
     * {@code perStepOutput(true)}. For the accuracy of single steps, other readout rules, NIR and plots.
     *
     * @param featuresMask {@code null} or the time mask {@code [batch, T]}
     */
    public static INDArray perStepOutput(MultiLayerNetwork net, INDArray features, INDArray featuresMask) {
        int last = net.getnLayers() - 1;
        Layer layer = outputLayer(net);
        if (!(layer instanceof TemporalLossLayer t) || t.perStepOutput()) {
            return net.output(features, false, featuresMask, null);
        }
        INDArray in;
        if (last == 0) {
            in = features;
        } else {
            net.setLayerMaskArrays(featuresMask, null);
            try {
                in = net.feedForwardToLayer(last - 1, features, false).get(last);
            } finally {
                net.clearLayerMaskArrays();
            }
        }
        InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(last);
        return stepwise(t, in, pre, (int) features.size(0));
    }

    /** {@link #perStepOutput(MultiLayerNetwork, INDArray, INDArray)} of a single-input, single-output graph. */
    public static INDArray perStepOutput(ComputationGraph net, INDArray features, INDArray featuresMask) {
        requireSingle(net);
        String output = net.getConfiguration().getNetworkOutputs().get(0);
        Layer layer = outputLayer(net);
        if (!(layer instanceof TemporalLossLayer t) || t.perStepOutput()) {
            return net.output(false, new INDArray[] {features}, masks(featuresMask), null)[0];
        }
        String input = net.getConfiguration().getVertexInputs().get(output).get(0);
        INDArray in;
        if (net.getConfiguration().getNetworkInputs().contains(input)) {
            in = features;
        } else {
            net.setLayerMaskArrays(masks(featuresMask), null);
            try {
                in = net.feedForward(new INDArray[] {features}, net.getVertex(input).getVertexIndex(), false)
                        .get(input);
            } finally {
                net.clearLayerMaskArrays();
            }
        }
        InputPreProcessor pre = ((LayerVertex) net.getConfiguration().getVertices().get(output)).getPreProcessor();
        return stepwise(t, in, pre, (int) features.size(0));
    }

    private static INDArray stepwise(TemporalLossLayer t, INDArray in, InputPreProcessor pre, int batch) {
        INDArray x = pre == null ? in : pre.preProcess(in, batch, LayerWorkspaceMgr.noWorkspaces());
        if (x.rank() != 3) {
            throw new IllegalStateException("SnnEvaluation: the input of the TemporalLossLayer must be [batch, "
                    + "classes, T], got shape " + Arrays.toString(x.shape()));
        }
        INDArray out = StepwiseActivation.activate(t.getActivationFn(), x, false);
        return out == in ? out.dup() : out;
    }

    private static Layer outputLayer(MultiLayerNetwork net) {
        return net.getLayerWiseConfigurations().getConf(net.getnLayers() - 1).getLayer();
    }

    private static Layer outputLayer(ComputationGraph net) {
        String output = net.getConfiguration().getNetworkOutputs().get(0);
        GraphVertex vertex = net.getConfiguration().getVertices().get(output);
        return vertex instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
    }

    private static void requireSingle(ComputationGraph net) {
        if (net.getNumInputArrays() != 1 || net.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException("SnnEvaluation: ComputationGraph must have one input and one output, has "
                    + net.getNumInputArrays() + " inputs and " + net.getNumOutputArrays() + " outputs");
        }
    }

    private static INDArray[] masks(INDArray featuresMask) {
        return featuresMask == null ? null : new INDArray[] {featuresMask};
    }

    private static TemporalLossLayer lossLayer(Layer outputLayer) {
        if (outputLayer instanceof TemporalLossLayer t && t.getLossFn() != null) {
            return t;
        }
        throw new IllegalArgumentException("SnnEvaluation: the network's output layer is "
                + (outputLayer == null ? "not a layer" : outputLayer.getClass().getSimpleName())
                + ", not a TemporalLossLayer; pass the readout rule explicitly");
    }

    /** T of time-major activations (rank 3 or 5), else 1. */
    private static long steps(INDArray a) {
        return a.rank() == 3 || a.rank() == 5 ? a.size(2) : 1;
    }

    /** The time-step mask of a batch: the labels mask (see {@link TimeMask}), else the features mask. */
    private static INDArray timeMask(DataSet batch, long steps) {
        if (batch.getLabelsMaskArray() == null) {
            return batch.getFeaturesMaskArray();
        }
        return TimeMask.of(batch.getLabelsMaskArray(), batch.getLabels(), steps, "SnnEvaluation");
    }

    private static void forEachBatch(DataSetIterator data, Consumer<DataSet> action) {
        if (data.resetSupported()) {
            data.reset();
        }
        while (data.hasNext()) {
            action.accept(data.next());
        }
    }
}
