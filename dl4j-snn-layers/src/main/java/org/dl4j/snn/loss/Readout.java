package org.dl4j.snn.loss;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.VotingReadout;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A rule that turns a time series {@code x[b, C, T]} into one value per sample and class, honouring a time-step
 * mask. It is a weighted sum over time, {@code r[n, c] = sum_t w[n, t] x[n, c, t]}, with weights built from the
 * presence indicator {@code m[n, t] = (mask[n, t] != 0)}:
 *
 * <ul>
 *   <li>{@link #MEAN}: {@code w = m / T_n}, {@code T_n = sum_t m[n, t]} (mean over the unmasked steps; SDT, TET,
 *       spike-rate losses);</li>
 *   <li>{@link #LAST}: {@code w[n, t] = 1} at the last unmasked step of sample n, 0 elsewhere (LTS);</li>
 *   <li>{@link #SUM}: {@code w = m} (spike count over the unmasked steps).</li>
 * </ul>
 *
 * <p>A sample with no unmasked step gets all-zero weights. Masks may be {@code null} (every step present),
 * {@code [b, T]} (per step) or {@code [b, 1]} (per sample, broadcast over time); any non-zero entry counts as
 * present.
 */
public enum Readout {
    /** Mean over the unmasked time steps. */
    MEAN,
    /** The last unmasked time step. */
    LAST,
    /** Sum over the unmasked time steps (spike count). */
    SUM;

    /**
     * The time weights {@code w[b, T]} of this rule for the given mask.
     *
     * @param mask  {@code null}, {@code [batch, T]} or {@code [batch, 1]}
     * @param owner name used in error messages (the loss or evaluation that asks)
     */
    public INDArray weights(INDArray mask, long batch, long steps, DataType dataType, String owner) {
        return weightsOf(presence(mask, batch, steps, dataType, owner));
    }

    /** The time weights {@code w[b, T]} of this rule for the presence indicator {@code m[b, T]} (not modified). */
    public INDArray weightsOf(INDArray m) {
        switch (this) {
            case SUM:
                return m.dup();
            case MEAN: {
                // w = m / max(1, sum_t m), in Java: three libnd4j ops on this small array cost more than the math.
                int b = (int) m.size(0);
                int steps = (int) m.size(1);
                double[] w = TimeLayout.doubles(m);
                for (int n = 0; n < b; n++) {
                    double count = 0;
                    for (int t = 0; t < steps; t++) count += w[n * steps + t];
                    count = Math.max(count, 1.0);
                    for (int t = 0; t < steps; t++) w[n * steps + t] /= count;
                }
                return Nd4j.create(w, new long[] {b, steps}, 'c').castTo(m.dataType());
            }
            case LAST: {
                // m * (t + 1) is largest at the last present step; (that - max + 1) is 1 there and <= 0 at every
                // other step (integers), so relu() leaves a one-hot row. Rows without a present step give ones,
                // which the final "* m" clears.
                long steps = m.size(1);
                INDArray position = m.mulRowVector(Nd4j.linspace(1, steps, steps, m.dataType()).reshape(1, steps));
                INDArray last = position.max(true, 1);
                return Transforms.relu(position.subiColumnVector(last).addi(1.0), false).muli(m);
            }
            default:
                throw new IllegalStateException("unknown readout " + this);
        }
    }

    /**
     * {@code r[b, C] = sum_t w[b, t] x[b, C, t]} with this rule's weights.
     *
     * @param x    {@code [batch, C, T]}
     * @param mask {@code null}, {@code [batch, T]} or {@code [batch, 1]}
     */
    public INDArray reduce(INDArray x, INDArray mask) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException("Readout." + this + ": expected [batch, classes, T], got shape "
                    + Arrays.toString(x.shape()));
        }
        INDArray w = weights(mask, x.size(0), x.size(2), x.dataType(), "Readout." + this);
        return weightedSum(x, w);
    }

    /**
     * {@code sum_t w[b, t] x[b, C, t]} for {@code x[b, C, T]}, {@code w[b, T]}: the one place time is reduced.
     * One Java loop in double (libnd4j's broadcast multiply and dimension-2 reduction cost far more on arrays this
     * small, serial time in every training step); the result has x's data type.
     */
    static INDArray weightedSum(INDArray x, INDArray w) {
        int b = (int) x.size(0);
        int c = (int) x.size(1);
        int steps = (int) x.size(2);
        double[] xs = TimeLayout.doubles(x);
        double[] ws = TimeLayout.doubles(w);
        double[] r = new double[b * c];
        for (int n = 0; n < b; n++) {
            for (int ch = 0; ch < c; ch++) {
                int xo = (n * c + ch) * steps;
                int wo = n * steps;
                double s = 0;
                for (int t = 0; t < steps; t++) s += ws[wo + t] * xs[xo + t];
                r[n * c + ch] = s;
            }
        }
        return Nd4j.create(r, new long[] {b, c}, 'c').castTo(x.dataType());
    }

    /** The gradient of {@link #weightedSum}: {@code dL/dx[b, C, t] = w[b, t] dL/dr[b, C]} (in gradR's type). */
    static INDArray weightedSumGradient(INDArray gradR, INDArray w) {
        int b = (int) gradR.size(0);
        int c = (int) gradR.size(1);
        int steps = (int) w.size(1);
        double[] gs = TimeLayout.doubles(gradR);
        double[] ws = TimeLayout.doubles(w);
        double[] dx = new double[b * c * steps];
        for (int n = 0; n < b; n++) {
            for (int ch = 0; ch < c; ch++) {
                double g = gs[n * c + ch];
                int o = (n * c + ch) * steps;
                for (int t = 0; t < steps; t++) dx[o + t] = ws[n * steps + t] * g;
            }
        }
        return Nd4j.create(dx, new long[] {b, c, steps}, 'c').castTo(gradR.dataType());
    }

    /**
     * Voting: the mean of each group of {@code votesPerClass} consecutive units, {@code [b, K*g] -> [b, K]} (unit
     * {@code c*g + j} votes for class c, as PLIF's {@code AvgPool1d(g, g)} readout).
     *
     * @throws IllegalArgumentException when the unit count is not a multiple of {@code votesPerClass}
     */
    public static INDArray vote(INDArray scores, int votesPerClass) {
        if (votesPerClass < 1 || scores.rank() != 2 || scores.size(1) % votesPerClass != 0) {
            throw new IllegalArgumentException("Readout.vote: votesPerClass " + votesPerClass
                    + " must be >= 1 and divide the number of units of scores " + Arrays.toString(scores.shape()));
        }
        if (votesPerClass == 1) {
            return scores;
        }
        // One group-mean convention for the loss and the layer: VotingReadout's.
        return VotingReadout.vote(scores, votesPerClass, LayerWorkspaceMgr.noWorkspaces(), ArrayType.ACTIVATIONS,
                "Readout.vote");
    }

    /**
     * The presence indicator {@code m[b, T]} (1 where a step counts, 0 where it is masked) in {@code dataType}.
     *
     * @throws IllegalArgumentException naming {@code owner} when the mask shape fits neither {@code [b, T]} nor
     *                                  {@code [b, 1]}
     */
    public static INDArray presence(INDArray mask, long batch, long steps, DataType dataType, String owner) {
        if (mask == null) {
            return Nd4j.ones(dataType, batch, steps);
        }
        boolean perStep = mask.rank() == 2 && mask.size(0) == batch && mask.size(1) == steps;
        boolean perSample = (mask.rank() == 2 && mask.size(0) == batch && mask.size(1) == 1)
                || (mask.rank() == 1 && mask.size(0) == batch);
        if (!perStep && !perSample) {
            throw new IllegalArgumentException(owner + ": mask shape " + Arrays.toString(mask.shape())
                    + " fits neither a time-step mask [" + batch + ", " + steps + "] nor a per-sample mask ["
                    + batch + ", 1] (per-output masks are not supported)");
        }
        INDArray m = mask.neq(0).castTo(dataType);
        if (perStep) {
            return m;
        }
        return Nd4j.ones(dataType, batch, steps).muliColumnVector(m.reshape(batch, 1));
    }
}
