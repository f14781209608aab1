package org.dl4j.snn.loss.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.internal.kernel.NativeThreads;
import org.dl4j.snn.layers.internal.runtime.StepBatch;
import org.dl4j.snn.layers.internal.runtime.TimeSteps;
import org.dl4j.snn.loss.TemporalLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.util.FeatureUtil;

/**
 * Runtime of {@link TemporalLossLayer}: an {@link IOutputLayer} that hands the 3-D input {@code [batch, C, T]},
 * the labels and the time-step mask to the configured {@link TemporalLoss} as they are. Score:
 * {@code sum_n L_n / batch + regularisation}; epsilon passed down: {@code d(sum_n L_n)/d input} (DL4J's updater
 * divides by the minibatch size).
 *
 * <p>Output: the loss's class probabilities {@code [batch, K]} ({@link TemporalLoss#classProbabilities}), or the
 * per-step activations {@code [batch, C, T]} when the layer says {@link TemporalLossLayer#perStepOutput()}. It is a
 * {@link RecurrentLayer} without state so that {@code rnnTimeStep} (of MultiLayerNetwork and ComputationGraph) gets
 * the per-step activations of the steps it streams, whatever the output mode.
 */
public class TemporalLossRuntime extends BaseLayer<TemporalLossLayer> implements IOutputLayer, RecurrentLayer {
    private static final long serialVersionUID = 1L;

    private INDArray labels;
    private double fullNetworkRegularizationScore;

    public TemporalLossRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private TemporalLoss loss() {
        return layerConf().getLossFn();
    }

    /** The mask handed to the loss: time steps [batch, T] or samples [batch, 1] (see {@link TimeMask}). */
    private INDArray lossMask() {
        return TimeMask.of(maskArray, labels, input.size(2), "TemporalLossLayer " + layerId());
    }

    private void checkReady() {
        if (input == null || labels == null) {
            throw new IllegalStateException("Cannot compute the loss without input and labels " + layerId());
        }
    }

    /**
     * The summed loss that the last gradient pass computed, with the arrays it was computed from (labels, input and the mask as DL4J set them; the very objects:
     * a new pass brings new ones). The loss's arrays are small, so libnd4j computes them on one thread
     * ({@link NativeThreads}): waking its threads for each op cost more than the op.
     */
    private record LastScore(INDArray labels, INDArray input, INDArray mask, double sum) {
        boolean of(INDArray labels, INDArray input, INDArray mask) {
            return this.labels == labels && this.input == input && this.mask == mask;
        }
    }

    private transient LastScore scoreOfLastGradient;

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        checkReady();
        this.fullNetworkRegularizationScore = fullNetRegTerm;
        INDArray mask = lossMask();
        // DL4J asks for the gradient, then for the score of the same arrays: the gradient's pass computed it already.
        double sum = scoreOfLastGradient != null && scoreOfLastGradient.of(labels, input, maskArray)
                ? scoreOfLastGradient.sum()
                : NativeThreads.serial(() -> loss().computeScore(labels, input, layerConf().getActivationFn(), mask,
                        false));
        scoreOfLastGradient = null;
        this.score = sum / getInputMiniBatchSize() + fullNetRegTerm;
        return score;
    }

    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
        checkReady();
        INDArray scores = loss().computeScoreArray(labels, input, layerConf().getActivationFn(), lossMask());
        if (fullNetRegTerm != 0.0) {
            scores.addi(fullNetRegTerm);
        }
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, scores);
    }

    @Override
    public void computeGradientAndScore(LayerWorkspaceMgr workspaceMgr) {
        if (input == null || labels == null) {
            return;
        }
        this.gradient = backpropGradient(null, workspaceMgr).getFirst();
        computeScore(fullNetworkRegularizationScore, true, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        checkReady();
        INDArray mask = lossMask();
        Pair<Double, INDArray> scoreAndGradient = NativeThreads.serial(
                () -> loss().computeGradientAndScore(labels, input, layerConf().getActivationFn(), mask, false));
        scoreOfLastGradient = new LastScore(labels, input, maskArray, scoreAndGradient.getFirst());
        INDArray delta = scoreAndGradient.getSecond();
        return new Pair<>(new DefaultGradient(), workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, delta));
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (layerConf().perStepOutput()) {
            return perStep(training, workspaceMgr);
        }
        INDArray steps = stepwise(training);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS,
                NativeThreads.serial(() -> loss().classProbabilities(steps, maskArray)));
    }

    /** The activation applied to every step of the input, {@code [batch, C, T]}, not aliasing the input. */
    private INDArray perStep(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray out = stepwise(training);
        // Identity returns the input itself; the network's output must not alias it.
        return out == input ? workspaceMgr.dup(ArrayType.ACTIVATIONS, out)
                : workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
    }

    private INDArray stepwise(boolean training) {
        assertInputSet(false);
        if (input.rank() != 3) {
            throw new IllegalStateException("TemporalLossLayer: input must be rank 3 [batch, classes, T], got shape "
                    + java.util.Arrays.toString(input.shape()) + " " + layerId());
        }
        StepBatch.record(input);
        return StepwiseActivation.activate(layerConf().getActivationFn(), input, training);
    }

    // ---- RecurrentLayer: no state; streaming returns the per-step activations of the steps given ----

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        // A ComputationGraph streams without the vertex's preprocessor, and without an open INPUT workspace for
        // its output layers: take the input as it is.
        this.input = TimeSteps.fromRows(input, "TemporalLossLayer " + layerId());
        return perStep(false, workspaceMgr);
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
            LayerWorkspaceMgr workspaceMgr) {
        this.input = input;
        return perStep(training, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
            LayerWorkspaceMgr workspaceMgr) {
        return backpropGradient(epsilon, workspaceMgr);
    }

    @Override
    public Map<String, INDArray> rnnGetPreviousState() {
        return new HashMap<>();
    }

    @Override
    public void rnnSetPreviousState(Map<String, INDArray> stateMap) {
        // no state
    }

    @Override
    public void rnnClearPreviousState() {
        // no state
    }

    @Override
    public Map<String, INDArray> rnnGetTBPTTState() {
        return new HashMap<>();
    }

    @Override
    public void rnnSetTBPTTState(Map<String, INDArray> state) {
        // no state
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
            int minibatchSize) {
        // Keep the [batch, T] mask as it is: the loss reduces over time itself.
        this.maskArray = maskArray;
        this.maskState = currentMaskState;
        return null;
    }

    @Override
    public Pair<Gradient, Double> gradientAndScore() {
        return new Pair<>(gradient(), score());
    }

    @Override
    public Gradient gradient() {
        return gradient;
    }

    @Override
    protected void setScoreWithZ(INDArray z) {
        throw new UnsupportedOperationException("Not supported " + layerId());
    }

    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return 0;
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public INDArray params() {
        return null;
    }

    @Override
    public boolean needsLabels() {
        return true;
    }

    @Override
    public void setLabels(INDArray labels) {
        this.labels = labels;
    }

    @Override
    public INDArray getLabels() {
        return labels;
    }

    @Override
    public int numLabels() {
        return (int) labels.size(1);
    }

    /** Class scores {@code [batch, K]} of {@code examples} by the loss's readout rule (and voting). */
    private INDArray classScores(INDArray examples) {
        setInput(examples, LayerWorkspaceMgr.noWorkspacesImmutable());
        return loss().classScores(stepwise(false), maskArray);
    }

    @Override
    public int[] predict(INDArray examples) {
        return classScores(examples).argMax(1).toIntVector();
    }

    @Override
    public List<String> predict(DataSet dataSet) {
        List<String> ret = new ArrayList<>();
        for (int i : predict(dataSet.getFeatures())) {
            ret.add(dataSet.getLabelName(i));
        }
        return ret;
    }

    @Override
    public double f1Score(DataSet data) {
        return f1Score(data.getFeatures(), data.getLabels());
    }

    @Override
    public double f1Score(INDArray examples, INDArray labels) {
        Evaluation eval = new Evaluation();
        INDArray labels2d = labels.rank() == 3 ? loss().readout().reduce(labels, maskArray) : labels;
        eval.eval(labels2d, classScores(examples));
        return eval.f1();
    }

    @Override
    public void fit(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("TemporalLossLayer has no parameters and cannot be fit " + layerId());
    }

    @Override
    public void fit(DataSetIterator iter) {
        throw new UnsupportedOperationException("TemporalLossLayer has no parameters and cannot be fit " + layerId());
    }

    @Override
    public void fit(INDArray examples, INDArray labels) {
        throw new UnsupportedOperationException("TemporalLossLayer has no parameters and cannot be fit " + layerId());
    }

    @Override
    public void fit(DataSet data) {
        throw new UnsupportedOperationException("TemporalLossLayer has no parameters and cannot be fit " + layerId());
    }

    @Override
    public void fit(INDArray examples, int[] labels) {
        fit(examples, FeatureUtil.toOutcomeMatrix(labels, numLabels()));
    }

    @Override
    public void clear() {
        super.clear();
        labels = null;
    }
}
