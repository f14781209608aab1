package org.dl4j.snn.layers.preprocessor;

import java.util.Arrays;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.TimeSeriesUtils;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.internal.runtime.StepBatch;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Input preprocessor from the rows of stock feed-forward layers back to the dense spiking layout: {@code [b*T, N]}
 * (row {@code i + t*b} is sample i at step t, the order of DL4J's {@code RnnToFeedForwardPreProcessor}) to
 * {@code [b, N, T]}; backprop is the inverse. It is the step back after standard layers applied per time step
 * ({@code DenseLayer}, {@code BatchNormalization}, {@code DropoutLayer}, {@code ActivationLayer} between spiking
 * layers): DL4J inserts {@code RnnToFeedForwardPreProcessor} in front of them, and the spiking layer after them (or a
 * {@code TemporalLossLayer}) asks for this one automatically, as DL4J's recurrent layers ask for
 * {@code FeedForwardToRnnPreProcessor}.
 *
 * <p>Unlike {@code FeedForwardToRnnPreProcessor} it does not trust the mini-batch size DL4J passes in, which a
 * ComputationGraph takes from the labels of its last {@code fit}: after training on batches of 64, evaluating batches
 * of 250 made that preprocessor fail ({@code New shape length doesn't match original length}) or, when 64 divides the
 * rows, silently fold them into the wrong batch and T. This one takes b from the spiking activations the rows were
 * made from on the same thread (recorded by every spiking layer) and falls back to the given mini-batch size.
 * A time mask {@code [b*T, 1]} is folded back to {@code [b, T]}.
 */
public class FeedForwardToTimePreProcessor implements InputPreProcessor {
    private static final long serialVersionUID = 1L;
    private static final String WHO = "FeedForwardToTimePreProcessor";

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        if (input.rank() == 3) {
            // Already [b, N, T] (e.g. a stock layer that kept the time layout).
            StepBatch.record(input);
            return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, input);
        }
        if (input.rank() != 2) {
            throw new IllegalArgumentException(WHO + ": expected feed-forward rows [batch*T, N], got shape "
                    + Arrays.toString(input.shape()));
        }
        long rows = input.size(0);
        long b = StepBatch.batchOfRows(rows, miniBatchSize, WHO);
        long steps = rows / b;
        INDArray f = input.ordering() == 'f' && org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(input)
                ? input : input.dup('f');
        INDArray view = f.reshape('f', b, steps, input.size(1)).permute(0, 2, 1);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
                new long[] {b, input.size(1), steps}, 'c');
        out.assign(view);
        StepBatch.record(b, steps);
        return out;
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        TimeLayout.requireRank(output, WHO + " (gradient)", 3);
        long b = output.size(0);
        long n = output.size(1);
        long steps = output.size(2);
        INDArray rows = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, output.dataType(),
                new long[] {b, steps, n}, 'f');
        rows.assign(output.permute(0, 2, 1));
        return rows.reshape('f', b * steps, n);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        if (inputType instanceof InputType.InputTypeFeedForward f) {
            return InputType.recurrent(f.getSize());
        }
        if (inputType instanceof InputType.InputTypeRecurrent) {
            return inputType;
        }
        throw new IllegalStateException(WHO + ": expected a feed-forward input type (rows [batch*T, N] of layers "
                + "applied per time step), got " + inputType);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
            int minibatchSize) {
        if (maskArray == null || maskArray.rank() == 2 && maskArray.size(1) != 1) {
            return new Pair<>(maskArray, currentMaskState);
        }
        // The mask goes through the network before the activations do: DL4J's mini-batch size is the mask's here.
        return new Pair<>(TimeSeriesUtils.reshapeVectorToTimeSeriesMask(maskArray, minibatchSize), currentMaskState);
    }

    @Override
    public FeedForwardToTimePreProcessor clone() {
        return new FeedForwardToTimePreProcessor();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeedForwardToTimePreProcessor;
    }

    @Override
    public int hashCode() {
        return FeedForwardToTimePreProcessor.class.hashCode();
    }

    @Override
    public String toString() {
        return "FeedForwardToTimePreProcessor()";
    }
}
