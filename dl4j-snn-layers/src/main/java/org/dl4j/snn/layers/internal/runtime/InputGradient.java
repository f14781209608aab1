package org.dl4j.snn.layers.internal.runtime;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether DL4J will throw away the input gradient (epsilon) a layer is about to compute, so the layer may skip it.
 *
 * <p>DL4J 1.0.0-M2.1 gives a layer no flag for this. What is known: {@code MultiLayerNetwork.calcBackpropGradients}
 * sets layer 0's epsilon to null unless its {@code returnInputActGrad} argument is true, and
 * {@code computeGradientAndScore} (the path of {@code fit}) is the one caller that passes false
 * ({@code calculateGradients} and {@code backpropGradient}, which return input gradients, pass true). So the
 * gradient is discarded exactly when the layer is layer 0 of a MultiLayerNetwork and that call chain is on the
 * stack. For the first layer of a spiking MLP this skips a [batch*T, nOut] x [nOut, nIn] GEMM, about a third of
 * the layer's backward cost. The stack walk costs microseconds, once per backward pass.
 */
public final class InputGradient {
    private static final String MLN = "org.deeplearning4j.nn.multilayer.MultiLayerNetwork";

    private InputGradient() {}

    /** true when the epsilon of the layer with this index will be discarded by the caller (see the class doc). */
    public static boolean discarded(int layerIndex) {
        if (layerIndex != 0) return false;
        List<StackWalker.StackFrame> frames = StackWalker.getInstance()
                .walk(s -> s.filter(f -> f.getClassName().equals(MLN)).limit(2).collect(Collectors.toList()));
        return frames.size() == 2 && frames.get(0).getMethodName().equals("calcBackpropGradients")
                && frames.get(1).getMethodName().equals("computeGradientAndScore");
    }
}
