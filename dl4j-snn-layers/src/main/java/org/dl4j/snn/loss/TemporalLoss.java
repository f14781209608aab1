package org.dl4j.snn.loss;

import java.util.Arrays;
import org.dl4j.snn.loss.internal.SoftmaxCrossEntropy;
import org.dl4j.snn.loss.internal.StepwiseActivation;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Base of the DL4J loss functions on a whole output time series {@code [batch, C, T]} with labels
 * {@code [batch, K]} (one per sample) or {@code [batch, K, T]} (one per step), {@code C = K * votesPerClass}.
 * Each sample n gets a loss {@code L_n} from the activations {@code o = activation(preOutput)} (applied per time
 * step over C), its labels and the time weights {@code w[n, t]} of the subclass's {@link Readout} rule.
 *
 * <p>Conventions, shared by every subclass (they are DL4J's):
 * <ul>
 *   <li>{@code computeScoreArray} = {@code L_n} as {@code [batch, 1]};
 *       {@code computeScore} = {@code sum_n L_n}, divided by {@code batch} when {@code average} is true;</li>
 *   <li>{@code computeGradient} = {@code d(sum_n L_n) / d preOutput}, NOT divided by the batch size: DL4J's
 *       updater divides by the minibatch size, as it does for {@code LossMCXENT};</li>
 *   <li>masks: {@code null}, {@code [batch, T]} (time-step mask) or {@code [batch, 1]} (per sample). Masked steps
 *       contribute nothing, averages over time run over the unmasked steps of each sample
 *       ({@code T_n = sum_t m[n, t]}), and a sample with no unmasked step has {@code L_n = 0} and zero gradient
 *       (it still counts in the batch size that {@code average} divides by, as in DL4J).</li>
 * </ul>
 *
 * <p>With labels {@code [batch, K, T]}, step t uses its own label; rules that reduce over time first reduce the
 * labels with the same weights. Labels repeated over T therefore give exactly the result of {@code [batch, K]}.
 */
public abstract class TemporalLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    /** Per-sample loss {@code [batch]} and dL/d(activations) {@code [batch, C, T]} ({@code null} if not asked). */
    protected record Value(INDArray perSample, INDArray gradient) {}

    /**
     * The loss of each sample and its gradient with respect to the activations.
     *
     * @param out    activations {@code [batch, C, T]}; may be the caller's array: do not modify it
     * @param labels {@code [batch, K, T]} (labels {@code [batch, K]} arrive repeated over T), preOutput's dtype
     * @param w      time weights {@code [batch, T]} of {@link #readout()} (mask already applied)
     */
    protected abstract Value value(INDArray out, INDArray labels, INDArray w, boolean withGradient);

    /** The time reduction this loss trains for; also the prediction rule to evaluate with. */
    public abstract Readout readout();

    /** Output units per class (voting readout); 1 unless a subclass groups units. */
    public int votesPerClass() {
        return 1;
    }

    /**
     * Rejects an activation this loss cannot be used with.
     *
     * @throws IllegalArgumentException naming the loss and the activation
     */
    public void checkActivation(IActivation activation) {
        if (activation == null) {
            throw new IllegalArgumentException(lossName() + ": activation function is null");
        }
    }

    /** Short name for error messages. */
    protected String lossName() {
        return getClass().getSimpleName();
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        double sum = evaluate(labels, preOutput, activationFn, mask, false).perSample().sumNumber().doubleValue();
        return average ? sum / preOutput.size(0) : sum;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray perSample = evaluate(labels, preOutput, activationFn, mask, false).perSample();
        return perSample.reshape(perSample.length(), 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return gradientWrtPreOutput(evaluate(labels, preOutput, activationFn, mask, true), preOutput, activationFn);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
            IActivation activationFn, INDArray mask, boolean average) {
        Value v = evaluate(labels, preOutput, activationFn, mask, true);
        double sum = v.perSample().sumNumber().doubleValue();
        return new Pair<>(average ? sum / preOutput.size(0) : sum, gradientWrtPreOutput(v, preOutput, activationFn));
    }

    @Override
    public String name() {
        return toString();
    }

    private static INDArray gradientWrtPreOutput(Value v, INDArray preOutput, IActivation activationFn) {
        return StepwiseActivation.backprop(activationFn, preOutput, v.gradient());
    }

    private Value evaluate(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean withGradient) {
        checkShapes(labels, preOutput);
        checkActivation(activationFn);
        DataType dataType = preOutput.dataType();
        long batch = preOutput.size(0);
        long steps = preOutput.size(2);
        INDArray out = StepwiseActivation.activate(activationFn, preOutput, true);
        INDArray present = Readout.presence(mask, batch, steps, dataType, lossName());
        INDArray w = readout().weightsOf(present);
        Value v = value(out, perStepLabels(labels.castTo(dataType), steps), w, withGradient);
        // A sample without any unmasked step contributes nothing (its weights, hence its gradient, are zero;
        // terms like a rate target would otherwise still give a non-zero loss).
        INDArray anyPresent = present.max(1);
        return new Value(v.perSample().reshape(batch).muli(anyPresent), v.gradient());
    }

    private static INDArray perStepLabels(INDArray labels, long steps) {
        if (labels.rank() == 3) {
            return labels;
        }
        // BroadcastCopyOp, not INDArray.broadcast: libnd4j's broadcast_to is several times slower for this copy, which
        // is serial time in every training step.
        INDArray q = Nd4j.createUninitialized(labels.dataType(), labels.size(0), labels.size(1), steps);
        Nd4j.getExecutioner().exec(new BroadcastCopyOp(q, labels, q, 0, 1));
        return q;
    }

    private void checkShapes(INDArray labels, INDArray preOutput) {
        if (preOutput == null) {
            throw new IllegalArgumentException(lossName() + ": output (preOutput) is null");
        }
        if (labels == null) {
            throw new IllegalArgumentException(lossName() + ": labels are null");
        }
        long[] o = preOutput.shape();
        long[] l = labels.shape();
        if (o.length != 3) {
            throw new IllegalArgumentException(lossName() + ": output must be rank 3 [batch, classes, T], got rank "
                    + o.length + " shape " + Arrays.toString(o));
        }
        if (l.length != 2 && l.length != 3) {
            throw new IllegalArgumentException(lossName() + ": labels must be [batch, classes] or [batch, classes, T],"
                    + " got rank " + l.length + " shape " + Arrays.toString(l));
        }
        if (l[0] != o[0]) {
            throw new IllegalArgumentException(lossName() + ": labels shape " + Arrays.toString(l)
                    + " does not match output shape " + Arrays.toString(o) + ": batch size " + l[0] + " != " + o[0]);
        }
        int votes = votesPerClass();
        if (l[1] * votes != o[1]) {
            throw new IllegalArgumentException(lossName() + ": labels shape " + Arrays.toString(l)
                    + " does not match output shape " + Arrays.toString(o) + ": " + l[1] + " classes"
                    + (votes == 1 ? "" : " x votesPerClass " + votes) + " != " + o[1] + " output units");
        }
        if (l.length == 3 && l[2] != o[2]) {
            throw new IllegalArgumentException(lossName() + ": labels shape " + Arrays.toString(l)
                    + " does not match output shape " + Arrays.toString(o) + ": time steps " + l[2] + " != " + o[2]);
        }
    }

    /**
     * Per-step softmax cross entropy, weighted over time: {@code L_n = scale * sum_t w[n,t] CE(o[n,:,t], q[n,:,t])}
     * and {@code dL/do[n,:,t] = scale * w[n,t] (softmax(o[n,:,t]) sum_c q - q[n,:,t])}.
     */
    static Value stepwiseCrossEntropy(INDArray out, INDArray q, INDArray w, double scale, boolean withGradient) {
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.of(out, q, withGradient);
        INDArray perSample = ce.loss().mul(w).sum(1).muli(scale);
        INDArray gradient = withGradient ? ce.gradient().muli(stepWeights(w, scale)) : null;
        return new Value(perSample, gradient);
    }

    /** {@code scale * w} as {@code [batch, 1, T]}, ready to broadcast over the class axis. */
    static INDArray stepWeights(INDArray w, double scale) {
        return w.reshape(w.size(0), 1, w.size(1)).mul(scale);
    }

    /** Throws unless {@code lo <= value <= hi} (or {@code < hi} when {@code hiOpen}); message names loss and field. */
    static double checkRange(String loss, String field, double value, double lo, double hi, boolean hiOpen) {
        boolean ok = value >= lo && (hiOpen ? value < hi : value <= hi);
        if (!ok) {
            throw new IllegalArgumentException(loss + ": " + field + " must be in [" + lo + ", " + hi
                    + (hiOpen ? ")" : "]") + ", got " + value);
        }
        return value;
    }

    /** Throws unless {@code value} is finite; message names loss and field. */
    static double checkFinite(String loss, String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(loss + ": " + field + " must be finite, got " + value);
        }
        return value;
    }
}
