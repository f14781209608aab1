package org.dl4j.snn.loss;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Base of the cross-entropy losses on logits {@code [batch, K, T]} (TET, LTS, SDT): the softmax is part of the
 * loss, so the layer's activation must leave logits (identity, or any non-normalising activation). Optional label
 * smoothing replaces the target by {@code q = (1 - eps) y + eps / K} (PyTorch's {@code label_smoothing=eps}).
 */
public abstract class SoftmaxTemporalLoss extends TemporalLoss {
    private static final long serialVersionUID = 1L;

    /** Label smoothing eps in [0, 1). */
    protected final double labelSmoothing;

    protected SoftmaxTemporalLoss(double labelSmoothing) {
        this.labelSmoothing = checkRange(lossName(), "labelSmoothing", labelSmoothing, 0.0, 1.0, true);
    }

    public double getLabelSmoothing() {
        return labelSmoothing;
    }

    /** {@code (1 - eps) y + eps / K} over the class axis (dimension 1); {@code y} itself when eps = 0. */
    protected INDArray smoothedTargets(INDArray y) {
        if (labelSmoothing == 0.0) {
            return y;
        }
        return y.mul(1.0 - labelSmoothing).addi(labelSmoothing / y.size(1));
    }

    /** The softmax over classes of {@link #classScores}: e.g. SDT's softmax of the mean logits. */
    @Override
    public INDArray classProbabilities(INDArray activations, INDArray mask) {
        return Transforms.softmax(classScores(activations, mask), false);
    }

    @Override
    public void checkActivation(IActivation activation) {
        super.checkActivation(activation);
        if (activation instanceof ActivationSoftmax) {
            throw new IllegalArgumentException(lossName() + ": activation must leave logits because the loss applies"
                    + " the softmax itself; got activation " + activation + " (use Activation.IDENTITY)");
        }
    }
}
