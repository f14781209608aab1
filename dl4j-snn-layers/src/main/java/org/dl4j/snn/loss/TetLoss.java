package org.dl4j.snn.loss;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Temporal efficient training loss (TET, Deng et al., ICLR 2022): cross entropy at every time step, averaged over
 * time, plus an optional mean-squared regulariser pulling the logits towards phi. Per sample n, with {@code o}
 * the logits {@code [K, T]}, {@code q} the (optionally label-smoothed) target and the unmasked steps
 * {@code T_n}:
 *
 * <pre>
 *   L_n = a * (1/T_n) sum_t CE(o_t, q_t)  +  lambda * (1/(T_n K)) sum_t sum_c (o[c,t] - phi)^2
 *   a   = 1 - lambda  ({@link Weighting#PAPER}, the official TET code)   or   1  ({@link Weighting#ADDITIVE})
 * </pre>
 *
 * <p>lambda = 0 is SpikingJelly's {@code temporal_efficient_training_cross_entropy}; with label smoothing eps and
 * lambda = 0 it is IMP-SNN's label-smoothed TET ({@link #labelSmoothed(double)}). Predictions: argmax of the
 * mean over time ({@link Readout#MEAN}).
 */
public final class TetLoss extends SoftmaxTemporalLoss {
    private static final long serialVersionUID = 1L;

    /** How the cross-entropy term is weighted against the MSE regulariser. */
    public enum Weighting {
        /** {@code (1 - lambda) CE + lambda MSE}, as in the official TET code. */
        PAPER,
        /** {@code CE + lambda MSE}. */
        ADDITIVE
    }

    private final double lambda;
    private final double phi;
    private final Weighting weighting;

    /** Plain TET: lambda = 0 (no regulariser). */
    public TetLoss() {
        this(0.0, 1.0, Weighting.PAPER, 0.0);
    }

    /** TET with the official weighting {@code (1 - lambda) CE + lambda MSE(o, 1)}. */
    public TetLoss(double lambda) {
        this(lambda, 1.0, Weighting.PAPER, 0.0);
    }

    /**
     * @param lambda         regulariser weight in [0, 1]
     * @param phi            regulariser target (the paper's phi, default 1)
     * @param weighting      {@link Weighting#PAPER} (default) or {@link Weighting#ADDITIVE}
     * @param labelSmoothing eps in [0, 1)
     */
    @JsonCreator
    public TetLoss(@JsonProperty("lambda") double lambda, @JsonProperty("phi") double phi,
            @JsonProperty("weighting") Weighting weighting, @JsonProperty("labelSmoothing") double labelSmoothing) {
        super(labelSmoothing);
        this.lambda = checkRange(lossName(), "lambda", lambda, 0.0, 1.0, false);
        this.phi = checkFinite(lossName(), "phi", phi);
        if (weighting == null) {
            throw new IllegalArgumentException(lossName() + ": weighting must be PAPER or ADDITIVE, got null");
        }
        this.weighting = weighting;
    }

    /** IMP-SNN's label-smoothed TET: {@code (1/T) sum_t CE_ls(o_t, y)} with smoothing eps, no MSE term. */
    public static TetLoss labelSmoothed(double eps) {
        return new TetLoss(0.0, 1.0, Weighting.PAPER, eps);
    }

    public double getLambda() {
        return lambda;
    }

    public double getPhi() {
        return phi;
    }

    public Weighting getWeighting() {
        return weighting;
    }

    @Override
    public Readout readout() {
        return Readout.MEAN;
    }

    @Override
    protected Value value(INDArray out, INDArray labels, INDArray w, boolean withGradient) {
        double ceWeight = weighting == Weighting.PAPER ? 1.0 - lambda : 1.0;
        Value ce = stepwiseCrossEntropy(out, smoothedTargets(labels), w, ceWeight, withGradient);
        if (lambda == 0.0) {
            return ce;
        }
        long classes = out.size(1);
        INDArray deviation = out.sub(phi);
        // lambda * sum_t w[n,t] * (1/K) sum_c (o - phi)^2
        INDArray perStep = Transforms.pow(deviation, 2, true).sum(1);
        INDArray perSample = ce.perSample().addi(perStep.muli(w).sum(1).muli(lambda / classes));
        INDArray gradient = withGradient
                ? ce.gradient().addi(deviation.muli(stepWeights(w, 2.0 * lambda / classes)))
                : null;
        return new Value(perSample, gradient);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof TetLoss other)) return false;
        return Double.compare(lambda, other.lambda) == 0 && Double.compare(phi, other.phi) == 0
                && weighting == other.weighting && Double.compare(labelSmoothing, other.labelSmoothing) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(lambda, phi, weighting, labelSmoothing);
    }

    @Override
    public String toString() {
        return "TetLoss(lambda=" + lambda + ", phi=" + phi + ", weighting=" + weighting + ", labelSmoothing="
                + labelSmoothing + ")";
    }
}
