package org.dl4j.snn.eval;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.loss.Readout;
import org.dl4j.snn.loss.TemporalLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
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
 * are taken from its loss.
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
     * an unmasked step left out.
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
        INDArray sampleMask = null;
        if (mask != null) {
            long steps = output.rank() == 3 ? output.size(2) : 1;
            sampleMask = Readout.presence(mask, output.size(0), steps, scores.dataType(), "SnnEvaluation")
                    .max(true, 1);
        }
        evaluation.eval(labels2d, scores, sampleMask);
    }

    /** Evaluates {@code net} on every batch of {@code data} with the rule of its {@link TemporalLossLayer}. */
    public static Evaluation evaluate(MultiLayerNetwork net, DataSetIterator data) {
        return evaluate(net, data, ruleOf(net.getLayerWiseConfigurations()
                .getConf(net.getnLayers() - 1).getLayer()));
    }

    /** Evaluates {@code net} on every batch of {@code data} with {@code rule}. */
    public static Evaluation evaluate(MultiLayerNetwork net, DataSetIterator data, Rule rule) {
        Evaluation evaluation = new Evaluation();
        forEachBatch(data, batch -> {
            INDArray out = net.output(batch.getFeatures(), false, batch.getFeaturesMaskArray(), null);
            eval(evaluation, batch.getLabels(), out, timeMask(batch, out), rule);
        });
        return evaluation;
    }

    /** Evaluates a single-input, single-output {@code net} with the rule of its {@link TemporalLossLayer}. */
    public static Evaluation evaluate(ComputationGraph net, DataSetIterator data) {
        String output = net.getConfiguration().getNetworkOutputs().get(0);
        GraphVertex vertex = net.getConfiguration().getVertices().get(output);
        Layer layer = vertex instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
        return evaluate(net, data, ruleOf(layer));
    }

    /** Evaluates a single-input, single-output {@code net} with {@code rule}. */
    public static Evaluation evaluate(ComputationGraph net, DataSetIterator data, Rule rule) {
        if (net.getNumInputArrays() != 1 || net.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException("SnnEvaluation: ComputationGraph must have one input and one output, has "
                    + net.getNumInputArrays() + " inputs and " + net.getNumOutputArrays() + " outputs");
        }
        Evaluation evaluation = new Evaluation();
        forEachBatch(data, batch -> {
            INDArray[] fMask = batch.getFeaturesMaskArray() == null ? null
                    : new INDArray[] {batch.getFeaturesMaskArray()};
            INDArray out = net.output(false, new INDArray[] {batch.getFeatures()}, fMask, null)[0];
            eval(evaluation, batch.getLabels(), out, timeMask(batch, out), rule);
        });
        return evaluation;
    }

    private static Rule ruleOf(Layer outputLayer) {
        if (outputLayer instanceof TemporalLossLayer t && t.getLossFn() != null) {
            return Rule.of(t.getLossFn());
        }
        throw new IllegalArgumentException("SnnEvaluation: the network's output layer is "
                + (outputLayer == null ? "not a layer" : outputLayer.getClass().getSimpleName())
                + ", not a TemporalLossLayer; pass the readout rule explicitly");
    }

    /** The time-step mask of a batch: the labels mask (see {@link TimeMask}), else the features mask. */
    private static INDArray timeMask(DataSet batch, INDArray output) {
        if (batch.getLabelsMaskArray() == null) {
            return batch.getFeaturesMaskArray();
        }
        long steps = output.rank() == 3 ? output.size(2) : 1;
        return TimeMask.of(batch.getLabelsMaskArray(), batch.getLabels(), steps, "SnnEvaluation");
    }

    private static void forEachBatch(DataSetIterator data, java.util.function.Consumer<DataSet> action) {
        if (data.resetSupported()) {
            data.reset();
        }
        while (data.hasNext()) {
            action.accept(data.next());
        }
    }
}
