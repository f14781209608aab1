package org.dl4j.snn.loss.internal;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Applies a DL4J {@link IActivation} to a time series {@code [batch, C, T]} one time step at a time, and
 * back-propagates through it. Each step is a row of a {@code [batch*T, C]} view, so activations that couple the
 * classes (softmax) act over C at every step, exactly as {@code RnnOutputLayer} applies them.
 */
public final class StepwiseActivation {
    private StepwiseActivation() {}

    /** {@code out[b, C, T] = activation(preOutput)} per step; never modifies {@code preOutput}. */
    public static INDArray activate(IActivation activation, INDArray preOutput, boolean training) {
        if (activation instanceof ActivationIdentity) {
            return preOutput;
        }
        INDArray out2d = activation.getActivation(toRows(preOutput), training);
        return fromRows(out2d, preOutput.size(0), preOutput.size(2));
    }

    /** dL/d(preOutput) {@code [b, C, T]} from dL/d(out) {@code [b, C, T]}. */
    public static INDArray backprop(IActivation activation, INDArray preOutput, INDArray gradOut) {
        if (activation instanceof ActivationIdentity) {
            return gradOut;
        }
        INDArray grad2d = activation.backprop(toRows(preOutput), toRows(gradOut)).getFirst();
        return fromRows(grad2d, preOutput.size(0), preOutput.size(2));
    }

    /** {@code [b, C, T] -> [b*T, C]}, a fresh copy (activations may work in place). */
    private static INDArray toRows(INDArray x) {
        return x.permute(0, 2, 1).dup('c').reshape(x.size(0) * x.size(2), x.size(1));
    }

    /** {@code [b*T, C] -> [b, C, T]} in 'c' order. */
    private static INDArray fromRows(INDArray rows, long batch, long steps) {
        return rows.reshape(batch, steps, rows.size(1)).permute(0, 2, 1).dup('c');
    }
}
