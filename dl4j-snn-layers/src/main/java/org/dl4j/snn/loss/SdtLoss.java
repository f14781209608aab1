package org.dl4j.snn.loss;

import java.util.Objects;
import org.dl4j.snn.loss.internal.SoftmaxCrossEntropy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Standard direct training loss (SDT): softmax cross entropy of the logits averaged over time. Per sample n with
 * unmasked steps {@code T_n}: {@code z = (1/T_n) sum_t o[:, t]}, {@code L_n = CE(z, qbar)}, with {@code qbar} the
 * (optionally label-smoothed) target averaged the same way; {@code dL/do[:, t] = (softmax(z) - qbar) / T_n} at
 * every unmasked step.
 *
 * <p>Predictions: argmax of the mean over time ({@link Readout#MEAN}).
 */
public final class SdtLoss extends SoftmaxTemporalLoss {
    private static final long serialVersionUID = 1L;

    /** SDT without label smoothing. */
    public SdtLoss() {
        this(0.0);
    }

    /** @param labelSmoothing eps in [0, 1) */
    @JsonCreator
    public SdtLoss(@JsonProperty("labelSmoothing") double labelSmoothing) {
        super(labelSmoothing);
    }

    @Override
    public Readout readout() {
        return Readout.MEAN;
    }

    @Override
    protected Value value(INDArray out, INDArray labels, INDArray w, boolean withGradient) {
        INDArray z = Readout.weightedSum(out, w);
        INDArray target = Readout.weightedSum(smoothedTargets(labels), w);
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.of(z, target, withGradient);
        INDArray gradient = withGradient ? Readout.weightedSumGradient(ce.gradient(), w) : null;
        return new Value(ce.loss(), gradient);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        return o instanceof SdtLoss other && Double.compare(labelSmoothing, other.labelSmoothing) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(SdtLoss.class, labelSmoothing);
    }

    @Override
    public String toString() {
        return "SdtLoss(labelSmoothing=" + labelSmoothing + ")";
    }
}
