package org.dl4j.snn.loss;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Last-time-step loss (LTS, IMP-SNN, Shen et al. 2024): softmax cross entropy on the logits of the last unmasked
 * time step only. Per sample n with last unmasked step {@code t_n}: {@code L_n = CE(o[:, t_n], q[:, t_n])}, where
 * {@code q} is the (optionally label-smoothed) target; every other step gets zero gradient.
 *
 * <p>Predictions use the same step ({@link Readout#LAST}).
 */
public final class LtsLoss extends SoftmaxTemporalLoss {
    private static final long serialVersionUID = 1L;

    /** LTS without label smoothing. */
    public LtsLoss() {
        this(0.0);
    }

    /** @param labelSmoothing eps in [0, 1) */
    @JsonCreator
    public LtsLoss(@JsonProperty("labelSmoothing") double labelSmoothing) {
        super(labelSmoothing);
    }

    @Override
    public Readout readout() {
        return Readout.LAST;
    }

    @Override
    protected Value value(INDArray out, INDArray labels, INDArray w, boolean withGradient) {
        // w is one-hot at the last unmasked step, so the weighted per-step CE is the CE of that step.
        return stepwiseCrossEntropy(out, smoothedTargets(labels), w, 1.0, withGradient);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        return o instanceof LtsLoss other && Double.compare(labelSmoothing, other.labelSmoothing) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(LtsLoss.class, labelSmoothing);
    }

    @Override
    public String toString() {
        return "LtsLoss(labelSmoothing=" + labelSmoothing + ")";
    }
}
