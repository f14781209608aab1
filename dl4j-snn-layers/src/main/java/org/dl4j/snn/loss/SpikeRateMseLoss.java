package org.dl4j.snn.loss;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Mean squared error between the output spike rate and a target rate per class: PLIF's voting MSE (Fang et al.
 * 2021, target one-hot) and lava-dl's {@code SpikeRate} loss used by Rouser (true class 0.2, others 0.03). Per
 * sample n with unmasked steps {@code T_n}, votes g per class and K classes:
 *
 * <pre>
 *   r[u]   = (1/T_n) sum_t o[u, t]                         spike rate of output unit u (u = c*g + j)
 *   v[c]   = (1/g) sum_j r[c*g + j]                        voting (g = 1: v = r)
 *   tgt[c] = falseRate + (trueRate - falseRate) * ybar[c]  ybar = labels averaged over the unmasked steps
 *   L_n    = (1/K) sum_c (v[c] - tgt[c])^2                 (sumOverClasses: sum_c (v[c] - tgt[c])^2)
 * </pre>
 *
 * <p>With the mean over classes and DL4J's mean over the batch the score is PyTorch's {@code mse_loss} with mean
 * reduction (PLIF). {@code sumOverClasses} gives lava-dl's {@code reduction='sum'} divided by the batch size
 * (DL4J always averages over the minibatch); {@link #lavaDl()} uses it. Predictions: argmax of the (voted) rate
 * ({@link Readout#MEAN}).
 */
public final class SpikeRateMseLoss extends TemporalLoss {
    private static final long serialVersionUID = 1L;

    private final double trueRate;
    private final double falseRate;
    private final int votesPerClass;
    private final boolean sumOverClasses;

    /** PLIF's readout: target one-hot (true 1, false 0), one output unit per class, mean over classes. */
    public SpikeRateMseLoss() {
        this(1.0, 0.0, 1, false);
    }

    /** Mean over classes; see {@link #SpikeRateMseLoss(double, double, int, boolean)}. */
    public SpikeRateMseLoss(double trueRate, double falseRate, int votesPerClass) {
        this(trueRate, falseRate, votesPerClass, false);
    }

    /**
     * @param trueRate      target rate of the labelled class (finite)
     * @param falseRate     target rate of every other class (finite)
     * @param votesPerClass  output units per class, averaged before the MSE (>= 1)
     * @param sumOverClasses sum the squared errors over classes instead of averaging them
     */
    @JsonCreator
    public SpikeRateMseLoss(@JsonProperty("trueRate") double trueRate, @JsonProperty("falseRate") double falseRate,
            @JsonProperty("votesPerClass") int votesPerClass, @JsonProperty("sumOverClasses") boolean sumOverClasses) {
        this.trueRate = checkFinite(lossName(), "trueRate", trueRate);
        this.falseRate = checkFinite(lossName(), "falseRate", falseRate);
        if (votesPerClass < 1) {
            throw new IllegalArgumentException(lossName() + ": votesPerClass must be >= 1, got " + votesPerClass);
        }
        this.votesPerClass = votesPerClass;
        this.sumOverClasses = sumOverClasses;
    }

    /**
     * lava-dl's {@code SpikeRate(true_rate=0.2, false_rate=0.03, reduction='sum')} as used by Rouser (summed over
     * classes; DL4J averages over the batch).
     */
    public static SpikeRateMseLoss lavaDl() {
        return new SpikeRateMseLoss(0.2, 0.03, 1, true);
    }

    /** PLIF's voting readout: one-hot target, {@code votesPerClass} output units per class (10 in the paper). */
    public static SpikeRateMseLoss voting(int votesPerClass) {
        return new SpikeRateMseLoss(1.0, 0.0, votesPerClass);
    }

    public double getTrueRate() {
        return trueRate;
    }

    public double getFalseRate() {
        return falseRate;
    }

    public int getVotesPerClass() {
        return votesPerClass;
    }

    public boolean isSumOverClasses() {
        return sumOverClasses;
    }

    @Override
    public int votesPerClass() {
        return votesPerClass;
    }

    @Override
    public Readout readout() {
        return Readout.MEAN;
    }

    @Override
    protected Value value(INDArray out, INDArray labels, INDArray w, boolean withGradient) {
        long batch = out.size(0);
        long classes = labels.size(1);
        INDArray voted = Readout.vote(Readout.weightedSum(out, w), votesPerClass);
        INDArray target = Readout.weightedSum(labels, w).muli(trueRate - falseRate).addi(falseRate);
        INDArray diff = voted.subi(target);
        double classScale = sumOverClasses ? 1.0 : 1.0 / classes;
        INDArray perSample = Transforms.pow(diff, 2, true).sum(1).muli(classScale);
        if (!withGradient) {
            return new Value(perSample, null);
        }
        // dL/dv = 2 (v - tgt) * classScale, shared equally by the g units of each class.
        INDArray gradVoted = diff.muli(2.0 * classScale / votesPerClass);
        INDArray gradRate = gradVoted.reshape(batch, classes, 1).broadcast(batch, classes, votesPerClass)
                .reshape(batch, classes * votesPerClass);
        return new Value(perSample, Readout.weightedSumGradient(gradRate, w));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof SpikeRateMseLoss other)) return false;
        return Double.compare(trueRate, other.trueRate) == 0 && Double.compare(falseRate, other.falseRate) == 0
                && votesPerClass == other.votesPerClass && sumOverClasses == other.sumOverClasses;
    }

    @Override
    public int hashCode() {
        return Objects.hash(trueRate, falseRate, votesPerClass, sumOverClasses);
    }

    @Override
    public String toString() {
        return "SpikeRateMseLoss(trueRate=" + trueRate + ", falseRate=" + falseRate + ", votesPerClass="
                + votesPerClass + ", sumOverClasses=" + sumOverClasses + ")";
    }
}
