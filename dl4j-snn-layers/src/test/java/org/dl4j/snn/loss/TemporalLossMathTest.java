package org.dl4j.snn.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** Masks, label layouts, hand-computed values and numerical gradients of the temporal losses (float64). */
class TemporalLossMathTest {
    private static final IActivation IDENTITY = new ActivationIdentity();
    private static final int K = 3;

    /** Every loss with K = 3 classes, with its output units per class. */
    private static List<TemporalLoss> losses() {
        return List.of(new TetLoss(), new TetLoss(0.05), new TetLoss(0.3, 1.5, TetLoss.Weighting.ADDITIVE, 0.1),
                TetLoss.labelSmoothed(0.01), new LtsLoss(), new LtsLoss(0.1), new SdtLoss(), new SdtLoss(0.2),
                new SpikeRateMseLoss(), SpikeRateMseLoss.lavaDl(), SpikeRateMseLoss.voting(2));
    }

    private static INDArray randomOutput(TemporalLoss loss, long batch, long steps, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, batch, (long) K * loss.votesPerClass(), steps).muli(1.5);
    }

    private static INDArray oneHot(int... classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, classes.length, K);
        for (int i = 0; i < classes.length; i++) y.putScalar(i, classes[i], 1.0);
        return y;
    }

    /** The series with only the steps listed kept (sample n only). */
    private static INDArray keepSteps(INDArray x, int sample, long... steps) {
        return x.get(NDArrayIndex.interval(sample, sample + 1), NDArrayIndex.all(), NDArrayIndex.indices(steps)).dup();
    }

    @Test
    void maskedStepsContributeNothingAndAveragesRunOverUnmaskedSteps() {
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 0, 1, 1, 0},
                {0, 0, 0, 0, 0}});
        INDArray y = oneHot(0, 2, 1, 1);
        for (TemporalLoss loss : losses()) {
            INDArray out = randomOutput(loss, 4, 5, 7);
            INDArray perSample = loss.computeScoreArray(y, out, IDENTITY, mask);
            INDArray grad = loss.computeGradient(y, out, IDENTITY, mask);
            assertThat(perSample.shape()).as(loss.toString()).containsExactly(4, 1);

            long[][] kept = {{0, 1, 2, 3, 4}, {0, 1, 2}, {0, 2, 3}};
            for (int n = 0; n < 3; n++) {
                INDArray shortOut = keepSteps(out, n, kept[n]);
                INDArray yn = y.getRow(n, true);
                double alone = loss.computeScore(yn, shortOut, IDENTITY, null, false);
                assertThat(perSample.getDouble(n, 0)).as(loss + " sample " + n).isCloseTo(alone, within(1e-12));
                INDArray gradAlone = loss.computeGradient(yn, shortOut, IDENTITY, null);
                INDArray gradKept = keepSteps(grad, n, kept[n]);
                assertThat(gradKept.sub(gradAlone).amaxNumber().doubleValue()).as(loss + " grad " + n).isLessThan(1e-12);
            }
            // Masked steps and the fully masked sample: zero gradient, zero loss.
            INDArray maskedGrad = grad.mul(mask.rsub(1.0).reshape(4, 1, 5));
            assertThat(maskedGrad.amaxNumber().doubleValue()).as(loss + " masked grad").isZero();
            assertThat(perSample.getDouble(3, 0)).as(loss + " fully masked sample").isZero();
            // average=true divides by the whole batch, fully masked samples included (DL4J's convention).
            assertThat(loss.computeScore(y, out, IDENTITY, mask, true))
                    .isCloseTo(perSample.sumNumber().doubleValue() / 4, within(1e-12));
        }
    }

    @Test
    void perSampleMaskEqualsFullOrEmptyTimeMask() {
        INDArray perSample = Nd4j.createFromArray(new double[][] {{1}, {0}, {1}});
        INDArray perStep = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1}, {0, 0, 0, 0}, {1, 1, 1, 1}});
        INDArray y = oneHot(2, 0, 1);
        for (TemporalLoss loss : losses()) {
            INDArray out = randomOutput(loss, 3, 4, 11);
            assertThat(loss.computeScoreArray(y, out, IDENTITY, perSample))
                    .isEqualTo(loss.computeScoreArray(y, out, IDENTITY, perStep));
            assertThat(loss.computeGradient(y, out, IDENTITY, perSample))
                    .isEqualTo(loss.computeGradient(y, out, IDENTITY, perStep));
            assertThat(loss.computeScoreArray(y, out, IDENTITY, Nd4j.ones(DataType.DOUBLE, 3, 4)))
                    .isEqualTo(loss.computeScoreArray(y, out, IDENTITY, null));
        }
    }

    @Test
    void labelsRepeatedOverTimeGiveTheSameLossAsOnePerSample() {
        INDArray y = oneHot(1, 0);
        INDArray repeated = y.reshape(2, K, 1).repeat(2, 6);
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0}});
        for (TemporalLoss loss : losses()) {
            INDArray out = randomOutput(loss, 2, 6, 3);
            assertThat(loss.computeScore(repeated, out, IDENTITY, mask, true))
                    .isCloseTo(loss.computeScore(y, out, IDENTITY, mask, true), within(1e-12));
            assertThat(loss.computeGradient(repeated, out, IDENTITY, mask)
                    .sub(loss.computeGradient(y, out, IDENTITY, mask)).amaxNumber().doubleValue()).isLessThan(1e-12);
        }
    }

    @Test
    void gradientsMatchCentralDifferences() {
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1}, {1, 1, 0, 0}, {0, 1, 1, 0}});
        INDArray y2 = oneHot(0, 2, 1);
        // Soft, time-varying labels (each step sums to 1) exercise the [b, K, T] path.
        Nd4j.getRandom().setSeed(5);
        INDArray y3 = Nd4j.rand(DataType.DOUBLE, 3, K, 4);
        y3 = y3.div(y3.sum(true, 1));
        for (TemporalLoss loss : losses()) {
            INDArray pre = randomOutput(loss, 3, 4, 13);
            checkNumerically(loss, IDENTITY, y2, pre, mask);
            checkNumerically(loss, IDENTITY, y3, pre, null);
            if (loss instanceof SoftmaxTemporalLoss) {
                checkNumerically(loss, new ActivationTanH(), y3, pre, mask);
            } else {
                checkNumerically(loss, new ActivationSigmoid(), y3, pre, mask);
                checkNumerically(loss, new ActivationSoftmax(), y2, pre, null);
            }
        }
    }

    /**
     * Directional derivatives along random directions v: (L(x + h v) - L(x - h v)) / 2h against {@code <grad, v>}
     * (a wrong gradient element shows up in every direction with a non-zero component there).
     */
    private static void checkNumerically(TemporalLoss loss, IActivation act, INDArray y, INDArray pre, INDArray mask) {
        INDArray analytic = loss.computeGradient(y, pre, act, mask);
        double h = 1e-6;
        for (int d = 0; d < 4; d++) {
            INDArray v = Nd4j.randn(DataType.DOUBLE, pre.shape());
            double up = loss.computeScore(y, pre.add(v.mul(h)), act, mask, false);
            double down = loss.computeScore(y, pre.sub(v.mul(h)), act, mask, false);
            double numeric = (up - down) / (2 * h);
            double expected = analytic.mul(v).sumNumber().doubleValue();
            assertThat(numeric).as(loss + " with " + act + (mask == null ? "" : " masked") + " labels rank "
                    + y.rank() + " direction " + d).isCloseTo(expected, within(1e-7 * Math.max(1, Math.abs(expected))));
        }
    }

    @Test
    void spikeRateMseMatchesHandComputedValues() {
        // One sample, two classes, two steps: class 0 spikes once -> rates (0.5, 0).
        INDArray out = Nd4j.createFromArray(new double[][][] {{{1, 0}, {0, 0}}});
        INDArray y = Nd4j.createFromArray(new double[][] {{1, 0}});
        // targets (0.2, 0.03), mean over classes: ((0.5-0.2)^2 + (0-0.03)^2) / 2
        SpikeRateMseLoss mean = new SpikeRateMseLoss(0.2, 0.03, 1);
        assertThat(mean.computeScore(y, out, IDENTITY, null, true)).isCloseTo((0.09 + 0.0009) / 2, within(1e-15));
        // dL/do[c,t] = 2 (r - tgt) / K / T: (0.3/2, -0.03/2) per step
        INDArray g = mean.computeGradient(y, out, IDENTITY, null);
        assertThat(g.getDouble(0, 0, 0)).isCloseTo(0.15, within(1e-15));
        assertThat(g.getDouble(0, 1, 1)).isCloseTo(-0.015, within(1e-15));
        // lava-dl (reduction='sum'): summed over classes, twice the above for K = 2
        assertThat(SpikeRateMseLoss.lavaDl().computeScore(y, out, IDENTITY, null, true))
                .isCloseTo(0.09 + 0.0009, within(1e-15));
        assertThat(SpikeRateMseLoss.lavaDl().computeGradient(y, out, IDENTITY, null).getDouble(0, 0, 1))
                .isCloseTo(0.3, within(1e-15));

        // Voting, 2 units per class: rates (1, 0.5 | 0, 0.5) -> votes (0.75, 0.25); target class 1 one-hot.
        INDArray votes = Nd4j.createFromArray(new double[][][] {{{1, 1}, {1, 0}, {0, 0}, {0, 1}}});
        INDArray y1 = Nd4j.createFromArray(new double[][] {{0, 1}});
        assertThat(SpikeRateMseLoss.voting(2).computeScore(y1, votes, IDENTITY, null, true))
                .isCloseTo((0.75 * 0.75 + 0.75 * 0.75) / 2, within(1e-15));
    }

    @Test
    void tetWithoutRegulariserEqualsDl4jCrossEntropyPerStepDividedByT() {
        // DL4J-M2.1-NOTES pitfall 8: TET == RnnOutputLayer + MCXENT with labels repeated over T, divided by T;
        // LTS == the same with a label mask keeping only the last (unmasked) step.
        long b = 3, steps = 5;
        INDArray out = randomOutput(new TetLoss(), b, steps, 17);
        INDArray y = oneHot(2, 1, 0);
        INDArray rows = out.permute(0, 2, 1).dup('c').reshape(b * steps, K);
        INDArray rowLabels = y.reshape(b, 1, K).repeat(1, steps).reshape(b * steps, K);
        LossMCXENT mcxent = new LossMCXENT(0.0, null);
        double reference = mcxent.computeScore(rowLabels, rows, new ActivationSoftmax(), null, false) / steps;
        assertThat(new TetLoss().computeScore(y, out, IDENTITY, null, false)).isCloseTo(reference, within(1e-12));

        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 0, 0, 0}, {1, 1, 1, 0, 0}});
        INDArray lastOnly = Nd4j.zeros(DataType.DOUBLE, b, steps);
        lastOnly.putScalar(0, 4, 1.0);
        lastOnly.putScalar(1, 1, 1.0);
        lastOnly.putScalar(2, 2, 1.0);
        double lts = mcxent.computeScore(rowLabels, rows, new ActivationSoftmax(), lastOnly.reshape(b * steps, 1), false);
        assertThat(new LtsLoss().computeScore(y, out, IDENTITY, mask, false)).isCloseTo(lts, within(1e-12));
    }

    @Test
    void readoutWeightsFollowTheirDefinitions() {
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1}, {1, 0, 1, 0}, {0, 0, 0, 0}});
        INDArray mean = Readout.MEAN.weights(mask, 3, 4, DataType.DOUBLE, "test");
        INDArray last = Readout.LAST.weights(mask, 3, 4, DataType.DOUBLE, "test");
        INDArray sum = Readout.SUM.weights(mask, 3, 4, DataType.DOUBLE, "test");
        assertThat(mean).isEqualTo(Nd4j.createFromArray(new double[][] {{.25, .25, .25, .25}, {.5, 0, .5, 0},
                {0, 0, 0, 0}}));
        assertThat(last).isEqualTo(Nd4j.createFromArray(new double[][] {{0, 0, 0, 1}, {0, 0, 1, 0}, {0, 0, 0, 0}}));
        assertThat(sum).isEqualTo(mask);
        // a single time step
        INDArray one = Nd4j.createFromArray(new double[][] {{1}, {0}});
        assertThat(Readout.LAST.weights(one, 2, 1, DataType.DOUBLE, "test")).isEqualTo(one);
        assertThat(Readout.MEAN.weights(one, 2, 1, DataType.DOUBLE, "test")).isEqualTo(one);
    }
}
