package org.dl4j.snn.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.nd4j.common.base.Preconditions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.DropOutInverted;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Dropout through time: one Bernoulli mask per sample and neuron, shared by all T time steps (SpikingJelly's
 * {@code layer.Dropout} in multi-step mode), so a dropped neuron stays silent for the whole sequence.
 * {@code y[b, n, t] = x[b, n, t] * m[b, n] / (1 - p)} with {@code m ~ Bernoulli(1 - p)} drawn once per forward pass;
 * for conv activations {@code [batch, C, T, H, W]} the neuron is {@code (c, h, w)}; only in training (DL4J applies
 * an {@link IDropout} in training only).
 *
 * <p>{@code p} is the DROP probability, as in PyTorch/SpikingJelly and the papers' "DP0.5"; DL4J's own
 * {@code Dropout(p)} takes the RETAIN probability. Use it on any layer with {@code .dropOut(new TimeDropout(0.5))}
 * (it then acts on that layer's input) or as a layer with {@link TimeDropoutLayer}. Inputs without a time axis
 * ({@code [batch, N]}) get an ordinary per-element mask.
 */
@JsonIgnoreProperties({"mask"})
public final class TimeDropout implements IDropout {
    private static final long serialVersionUID = 1L;

    @JsonProperty("dropProbability")
    private final double dropProbability;
    private transient INDArray mask;
    private transient int[] broadcastDims;

    /**
     * @param dropProbability probability that a neuron is silenced for the whole sequence, in {@code [0, 1)}
     * @throws IllegalArgumentException outside {@code [0, 1)}
     */
    @JsonCreator
    public TimeDropout(@JsonProperty("dropProbability") double dropProbability) {
        if (!(dropProbability >= 0 && dropProbability < 1)) {
            throw new IllegalArgumentException("TimeDropout: dropProbability must be in [0, 1), got "
                    + dropProbability + " (it is the probability of DROPPING a neuron, unlike DL4J's Dropout(p))");
        }
        this.dropProbability = dropProbability;
    }

    public double getDropProbability() {
        return dropProbability;
    }

    @Override
    public INDArray applyDropout(INDArray inputActivations, INDArray output, int iteration, int epoch,
            LayerWorkspaceMgr workspaceMgr) {
        Preconditions.checkState(output.dataType().isFPType(), "TimeDropout: output must be floating point, got %s",
                output.dataType());
        TimeLayout.requireRank(inputActivations, "TimeDropout", 2, 3, 5);
        long[] shape = inputActivations.shape();
        broadcastDims = inputActivations.rank() == 2 ? new int[0] : allBut(shape.length, TimeLayout.TIME_AXIS);
        long[] maskShape = inputActivations.rank() == 2 ? shape : without(shape, TimeLayout.TIME_AXIS);
        // INPUT workspace: the mask must live until backprop of the same iteration.
        mask = workspaceMgr.createUninitialized(ArrayType.INPUT, output.dataType(), maskShape, 'c').assign(1.0);
        Nd4j.getExecutioner().exec(new DropOutInverted(mask, mask, 1.0 - dropProbability));
        INDArray in = inputActivations.dataType() == output.dataType() ? inputActivations
                : inputActivations.castTo(output.dataType());
        return Broadcast.mul(in, mask, output, broadcastDims);
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        Preconditions.checkState(mask != null, "TimeDropout: no mask for backprop (forward not run in training, or "
                + "already cleared)");
        long[] expected = gradAtOutput.rank() == 2 ? gradAtOutput.shape()
                : without(gradAtOutput.shape(), TimeLayout.TIME_AXIS);
        if (!Arrays.equals(expected, mask.shape())) {
            throw new IllegalArgumentException("TimeDropout: gradient shape " + Arrays.toString(gradAtOutput.shape())
                    + " does not match the mask " + Arrays.toString(mask.shape()) + " of the forward pass");
        }
        INDArray m = mask.dataType() == gradAtInput.dataType() ? mask : mask.castTo(gradAtInput.dataType());
        Broadcast.mul(gradAtOutput, m, gradAtInput, broadcastDims);
        mask = null;
        return gradAtInput;
    }

    /**
     * The mask of the last forward pass: 0 or {@code 1/(1-p)}, shaped as the input without its time axis. It lives in
     * the layer's INPUT workspace, so with workspaces enabled it is only valid until the end of that pass/iteration.
     */
    public INDArray lastMask() {
        return mask;
    }

    @Override
    public void clear() {
        mask = null;
    }

    @Override
    public TimeDropout clone() {
        return new TimeDropout(dropProbability);
    }

    private static int[] allBut(int rank, int axis) {
        int[] dims = new int[rank - 1];
        for (int d = 0, k = 0; d < rank; d++) {
            if (d != axis) {
                dims[k++] = d;
            }
        }
        return dims;
    }

    private static long[] without(long[] shape, int axis) {
        long[] out = new long[shape.length - 1];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (d != axis) {
                out[k++] = shape[d];
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeDropout && ((TimeDropout) o).dropProbability == dropProbability;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(dropProbability);
    }

    @Override
    public String toString() {
        return "TimeDropout(dropProbability=" + dropProbability + ")";
    }
}
