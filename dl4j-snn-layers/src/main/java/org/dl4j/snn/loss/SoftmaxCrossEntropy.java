package org.dl4j.snn.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax cross entropy over the class axis (dimension 1) of logits {@code z} ({@code [b, C]} or {@code [b, C, T]})
 * against targets {@code q} of the same shape. Loss {@code -sum_c q log softmax(z)} (dimension 1 summed out) and
 * gradient {@code softmax(z) * sum_c q - q} (which is {@code softmax(z) - q} for targets that sum to one).
 */
final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    /** Loss with dimension 1 summed out, and dL/dz ({@code null} unless asked for). */
    record Result(INDArray loss, INDArray gradient) {}

    static Result of(INDArray z, INDArray q, boolean withGradient) {
        // log-softmax with the max subtracted, so large logits neither overflow nor lose precision.
        INDArray logp = z.sub(z.max(true, 1));
        INDArray logSumExp = Transforms.log(Transforms.exp(logp, true).sum(true, 1), false);
        logp.subi(logSumExp);
        INDArray loss = logp.mul(q).sum(1).negi();
        if (!withGradient) {
            return new Result(loss, null);
        }
        INDArray gradient = Transforms.exp(logp, false).muli(q.sum(true, 1)).subi(q);
        return new Result(loss, gradient);
    }
}
