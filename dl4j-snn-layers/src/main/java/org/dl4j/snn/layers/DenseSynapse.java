package org.dl4j.snn.layers;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.internal.params.SynapseNeuronParamInitializer;
import org.dl4j.snn.layers.internal.runtime.NeuronRuntime;
import org.dl4j.snn.layers.preprocessor.FeedForwardToTimePreProcessor;
import org.dl4j.snn.layers.preprocessor.TimeFlattenPreProcessor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fully connected synapse: {@code [batch, nIn, T] -> [batch, nOut, T]}, {@code z[t] = W^T x[t] + b} at every step,
 * with "W" [nIn, nOut] and "b" [nOut] (when it has a bias). After a conv stack ({@code [batch, C, T, H, W]}) the
 * layer gets {@link TimeFlattenPreProcessor} from DL4J automatically, so nIn = C*H*W; after stock feed-forward layers
 * applied per time step ({@code DenseLayer}, {@code BatchNormalization}, ... on rows {@code [batch*T, N]}) it gets
 * {@link FeedForwardToTimePreProcessor}.
 */
public final class DenseSynapse extends Synapse {
    private static final long serialVersionUID = 1L;

    /** For Jackson. */
    private DenseSynapse() {
    }

    DenseSynapse(boolean hasBias) {
        super(hasBias);
    }

    @Override
    public long outputPositions() {
        return 1;
    }

    @Override
    long[] outputShape(long[] inputShape, long nOut, String who) {
        return new long[] {inputShape[0], nOut, inputShape[2]};
    }

    @Override
    long inputSize(InputType inputType, String who) {
        return TimeLayout.requireRecurrent(flattened(inputType), who).getSize();
    }

    @Override
    DenseSynapse withInput(InputType inputType, String who) {
        return this;
    }

    @Override
    InputType outputType(InputType inputType, long nOut, String who) {
        InputType.InputTypeRecurrent r = TimeLayout.requireRecurrent(flattened(inputType), who);
        return r.getTimeSeriesLength() > 0 ? InputType.recurrent(nOut, r.getTimeSeriesLength())
                : InputType.recurrent(nOut);
    }

    /**
     * {@link TimeFlattenPreProcessor} after a conv stack, {@link FeedForwardToTimePreProcessor} after stock layers
     * applied per time step (feed-forward rows {@code [batch*T, N]}), nothing for {@code [batch, N, T]}.
     */
    @Override
    InputPreProcessor preProcessor(InputType inputType, String who) {
        if (inputType instanceof InputType.InputTypeConvolutional3D) {
            TimeLayout.requireConv(inputType, who);
            return TimeFlattenPreProcessor.forInputType(inputType);
        }
        if (TimeLayout.isTimeDistributed(inputType)) {
            return new FeedForwardToTimePreProcessor();
        }
        TimeLayout.requireRecurrent(inputType, who, " (or convolutional3D NCDHW [batch, C, T, H, W], or the rows "
                + "[batch*T, N] of feed-forward layers applied per time step)");
        return null;
    }

    /** An input type as seen after the automatic preprocessor ({@link #preProcessor}). */
    private static InputType flattened(InputType inputType) {
        if (inputType instanceof InputType.InputTypeConvolutional3D) {
            return TimeFlattenPreProcessor.forInputType(inputType).getOutputType(inputType);
        }
        return TimeLayout.isTimeDistributed(inputType)
                ? new FeedForwardToTimePreProcessor().getOutputType(inputType) : inputType;
    }

    @Override
    void checkShape(INDArray x, long nIn, String who) {
        TimeLayout.requireRank(x, who, 3);
        if (x.size(1) != nIn) {
            throw new IllegalArgumentException(who + ": expected nIn = " + nIn + " in dimension 1, got input shape "
                    + Arrays.toString(x.shape()));
        }
        NeuronRuntime.requireSteps(x, who);
    }

    /** {@code z = reshape(permute(x)) W + b} over {@code [batch*T, nIn]}, back to {@code [batch, nOut, T]}. */
    @Override
    SDVariable define(SameDiff sd, SDVariable input, Map<String, SDVariable> params, long[] inputShape, long nIn,
                      long nOut, String who) {
        if (inputShape.length != 3 || inputShape[1] != nIn || inputShape[2] < 1) {
            throw new IllegalArgumentException(who + ": expected an input [batch, nIn = " + nIn + ", T >= 1], got "
                    + "shape " + Arrays.toString(inputShape));
        }
        int steps = Math.toIntExact(inputShape[2]);
        SDVariable rows = input.permute(0, 2, 1).reshape(-1, nIn);
        SDVariable z = rows.mmul(param(params, SynapseNeuronParamInitializer.WEIGHT_KEY, who));
        if (hasBias()) {
            z = z.add(param(params, SynapseNeuronParamInitializer.BIAS_KEY, who).reshape(1, nOut));
        }
        return z.reshape(-1, steps, nOut).permute(0, 2, 1);
    }

    @Override
    public String toString() {
        return "DenseSynapse(hasBias=" + hasBias() + ")";
    }
}
