package org.dl4j.snn.loss;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Bad input fails with a message naming the loss, the field and the value. */
class TemporalLossValidationTest {
    private static final ActivationIdentity IDENTITY = new ActivationIdentity();
    private final INDArray out = Nd4j.zeros(DataType.DOUBLE, 4, 10, 6);

    @Test
    void outputOfRankOtherThanThreeIsRejected() {
        INDArray flat = Nd4j.zeros(DataType.DOUBLE, 4, 10);
        assertThatThrownBy(() -> new TetLoss().computeScore(Nd4j.zeros(4, 10), flat, IDENTITY, null, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TetLoss").hasMessageContaining("rank 3").hasMessageContaining("[4, 10]");
    }

    @Test
    void labelShapeMismatchesAreRejected() {
        assertThatThrownBy(() -> new SdtLoss().computeGradient(Nd4j.zeros(DataType.DOUBLE, 3, 10), out, IDENTITY, null))
                .hasMessageContaining("SdtLoss").hasMessageContaining("batch size 3 != 4");
        assertThatThrownBy(() -> new LtsLoss().computeScore(Nd4j.zeros(DataType.DOUBLE, 4, 9), out, IDENTITY, null, true))
                .hasMessageContaining("LtsLoss").hasMessageContaining("9 classes").hasMessageContaining("!= 10");
        assertThatThrownBy(() -> new TetLoss().computeScore(Nd4j.zeros(DataType.DOUBLE, 4, 10, 5), out, IDENTITY,
                null, true)).hasMessageContaining("TetLoss").hasMessageContaining("time steps 5 != 6");
        assertThatThrownBy(() -> new TetLoss().computeScore(Nd4j.zeros(DataType.DOUBLE, 40), out, IDENTITY, null, true))
                .hasMessageContaining("TetLoss").hasMessageContaining("labels must be");
        assertThatThrownBy(() -> SpikeRateMseLoss.voting(2).computeScore(Nd4j.zeros(DataType.DOUBLE, 4, 10), out,
                IDENTITY, null, true))
                .hasMessageContaining("SpikeRateMseLoss").hasMessageContaining("votesPerClass 2")
                .hasMessageContaining("10 classes");
    }

    @Test
    void maskOfWrongShapeIsRejected() {
        assertThatThrownBy(() -> new TetLoss().computeScore(Nd4j.zeros(DataType.DOUBLE, 4, 10), out, IDENTITY,
                Nd4j.ones(DataType.DOUBLE, 4, 5), true))
                .hasMessageContaining("TetLoss").hasMessageContaining("mask shape [4, 5]");
    }

    @Test
    void lambdaOutsideUnitIntervalIsRejected() {
        assertThatThrownBy(() -> new TetLoss(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TetLoss: lambda must be in [0.0, 1.0], got 1.5");
        assertThatThrownBy(() -> new TetLoss(-0.1)).hasMessage("TetLoss: lambda must be in [0.0, 1.0], got -0.1");
        assertThatThrownBy(() -> new TetLoss(Double.NaN)).hasMessageContaining("lambda").hasMessageContaining("NaN");
    }

    @Test
    void labelSmoothingOutsideHalfOpenUnitIntervalIsRejected() {
        assertThatThrownBy(() -> TetLoss.labelSmoothed(1.0))
                .hasMessage("TetLoss: labelSmoothing must be in [0.0, 1.0), got 1.0");
        assertThatThrownBy(() -> new LtsLoss(-0.01))
                .hasMessage("LtsLoss: labelSmoothing must be in [0.0, 1.0), got -0.01");
        assertThatThrownBy(() -> new SdtLoss(2)).hasMessage("SdtLoss: labelSmoothing must be in [0.0, 1.0), got 2.0");
    }

    @Test
    void otherBadFieldsAreRejected() {
        assertThatThrownBy(() -> new TetLoss(0.1, Double.POSITIVE_INFINITY, TetLoss.Weighting.PAPER, 0))
                .hasMessage("TetLoss: phi must be finite, got Infinity");
        assertThatThrownBy(() -> new TetLoss(0.1, 1, null, 0)).hasMessageContaining("TetLoss: weighting");
        assertThatThrownBy(() -> new SpikeRateMseLoss(0.2, 0.03, 0))
                .hasMessage("SpikeRateMseLoss: votesPerClass must be >= 1, got 0");
        assertThatThrownBy(() -> new SpikeRateMseLoss(Double.NaN, 0.03, 1))
                .hasMessage("SpikeRateMseLoss: trueRate must be finite, got NaN");
    }

    @Test
    void softmaxActivationIsRejectedByCrossEntropyLosses() {
        assertThatThrownBy(() -> new TetLoss().computeScore(Nd4j.zeros(DataType.DOUBLE, 4, 10), out,
                new ActivationSoftmax(), null, true))
                .hasMessageContaining("TetLoss").hasMessageContaining("softmax").hasMessageContaining("IDENTITY");
        assertThatThrownBy(() -> new TemporalLossLayer.Builder(new LtsLoss()).activation(Activation.SOFTMAX).build())
                .hasMessageContaining("LtsLoss").hasMessageContaining("softmax");
    }

    @Test
    void layerWithoutLossIsRejected() {
        assertThatThrownBy(() -> new TemporalLossLayer.Builder().name("readout").build())
                .hasMessageContaining("TemporalLossLayer \"readout\"").hasMessageContaining("lossFunction");
    }
}
