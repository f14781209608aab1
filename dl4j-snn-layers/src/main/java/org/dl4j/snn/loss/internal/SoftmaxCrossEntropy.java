package org.dl4j.snn.loss.internal;

import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax cross entropy over the class axis (dimension 1) of logits {@code z} ({@code [b, C]} or {@code [b, C, T]})
 * against targets {@code q} of the same shape. Loss {@code -sum_c q log softmax(z)} (dimension 1 summed out) and
 * gradient {@code softmax(z) * sum_c q - q} (which is {@code softmax(z) - q} for targets that sum to one).
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    /** Loss with dimension 1 summed out, and dL/dz ({@code null} unless asked for). */
    public record Result(INDArray loss, INDArray gradient) {}

    public static Result of(INDArray z, INDArray q, boolean withGradient) {
        // One pass of Java loops in double over each (sample[, step]) column of classes: a dozen libnd4j ops on
        // these small arrays cost more, serial time in every training step.
        int b = (int) z.size(0);
        int c = (int) z.size(1);
        int steps = z.rank() == 3 ? (int) z.size(2) : 1;
        double[] zs = TimeLayout.doubles(z);
        double[] qs = TimeLayout.doubles(q);
        double[] loss = new double[b * steps];
        double[] grad = withGradient ? new double[zs.length] : null;
        for (int n = 0; n < b; n++) {
            for (int t = 0; t < steps; t++) {
                int base = n * c * steps + t;
                // log-softmax with the max subtracted, so large logits neither overflow nor lose precision.
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < c; k++) max = Math.max(max, zs[base + k * steps]);
                double sumExp = 0;
                for (int k = 0; k < c; k++) sumExp += Math.exp(zs[base + k * steps] - max);
                double logSumExp = Math.log(sumExp);
                double l = 0;
                double qSum = 0;
                for (int k = 0; k < c; k++) {
                    int i = base + k * steps;
                    l += (zs[i] - max - logSumExp) * qs[i];
                    qSum += qs[i];
                }
                loss[n * steps + t] = -l;
                if (grad != null) {
                    for (int k = 0; k < c; k++) {
                        int i = base + k * steps;
                        grad[i] = Math.exp(zs[i] - max - logSumExp) * qSum - qs[i];
                    }
                }
            }
        }
        INDArray lossArray = (z.rank() == 3 ? Nd4j.create(loss, new long[] {b, steps}, 'c')
                : Nd4j.create(loss, new long[] {b}, 'c')).castTo(z.dataType());
        return new Result(lossArray,
                grad == null ? null : Nd4j.create(grad, z.shape(), 'c').castTo(z.dataType()));
    }
}
