package org.dl4j.snn.layers.preprocessor;

import java.util.Arrays;
import java.util.Objects;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.internal.kernel.NativeThreads;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.internal.runtime.StepBatch;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Input preprocessor from spiking conv activations {@code [batch, C, T, H, W]} to dense activations
 * {@code [batch, C*H*W, T]}, the step between a conv and a dense spiking layer.
 * Feature {@code f = (c*H + h)*W + w} of step t is {@code x[b, c, t, h, w]}: the order of PyTorch's {@code Flatten}
 * over {@code [C, H, W]} (SpikingJelly's {@code SeqToANNContainer(Flatten())} / {@code layer.Flatten}), so weights
 * trained there port without permutation. Backprop applies the inverse permutation; a time-step mask
 * {@code [batch, T]} passes through unchanged.
 *
 * <p>The static {@link #flatten} and {@link #unflatten} are the one implementation, also used by the
 * {@code TimeFlatten} layer.
 */
public class TimeFlattenPreProcessor implements InputPreProcessor {
    private static final long serialVersionUID = 1L;

    @JsonProperty("channels")
    private final long channels;
    @JsonProperty("height")
    private final long height;
    @JsonProperty("width")
    private final long width;

    /** For inputs {@code [batch, channels, T, height, width]}. */
    @JsonCreator
    public TimeFlattenPreProcessor(@JsonProperty("channels") long channels, @JsonProperty("height") long height,
            @JsonProperty("width") long width) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("TimeFlattenPreProcessor: channels, height and width must be > 0, got "
                    + "C=" + channels + ", H=" + height + ", W=" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /** For the given convolutional3D(NCDHW) input type. */
    public static TimeFlattenPreProcessor forInputType(InputType inputType) {
        InputType.InputTypeConvolutional3D c = TimeLayout.requireConv(inputType, "TimeFlattenPreProcessor");
        return new TimeFlattenPreProcessor(c.getChannels(), c.getHeight(), c.getWidth());
    }

    public long getChannels() {
        return channels;
    }

    public long getHeight() {
        return height;
    }

    public long getWidth() {
        return width;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        String who = "TimeFlattenPreProcessor";
        TimeLayout.requireRank(input, who, 5);
        if (input.size(1) != channels || input.size(3) != height || input.size(4) != width) {
            throw new IllegalArgumentException(who + ": configured for [batch, C=" + channels + ", T, H=" + height
                    + ", W=" + width + "], got shape " + Arrays.toString(input.shape()));
        }
        StepBatch.record(input);
        // A permuting copy between spiking layers: one thread's work; libnd4j's threads stay parked (NativeThreads).
        return NativeThreads.serial(() -> flatten(input, workspaceMgr, ArrayType.ACTIVATIONS));
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return NativeThreads.serial(() -> unflatten(output, channels, height, width, workspaceMgr,
                ArrayType.ACTIVATION_GRAD, "TimeFlattenPreProcessor"));
    }

    /**
     * {@code [b, C, T, H, W] -> [b, C*H*W, T]}, feature {@code (c*H + h)*W + w}, into a C-order array of
     * {@code type}.
     */
    public static INDArray flatten(INDArray x, LayerWorkspaceMgr mgr, ArrayType type) {
        long b = x.size(0);
        long c = x.size(1);
        long t = x.size(2);
        long h = x.size(3);
        long w = x.size(4);
        INDArray out = mgr.createUninitialized(type, x.dataType(), new long[] {b, c, h, w, t}, 'c');
        out.assign(x.permute(0, 1, 3, 4, 2));
        return out.reshape('c', b, c * h * w, t);
    }

    /**
     * The inverse of {@link #flatten}: {@code [b, C*H*W, T] -> [b, C, T, H, W]}, into a C-order array of
     * {@code type}.
     *
     * @throws IllegalArgumentException naming {@code who} when {@code g} is not {@code [b, C*H*W, T]}
     */
    public static INDArray unflatten(INDArray g, long c, long h, long w, LayerWorkspaceMgr mgr, ArrayType type,
            String who) {
        TimeLayout.requireRank(g, who + " (gradient)", 3);
        if (g.size(1) != c * h * w) {
            throw new IllegalArgumentException(who + ": gradient size(1) must be C*H*W = " + c + "*" + h + "*" + w
                    + " = " + c * h * w + ", got shape " + Arrays.toString(g.shape()));
        }
        long b = g.size(0);
        long t = g.size(2);
        INDArray g5 = TimeLayout.reshapeC(g, mgr, type, b, c, h, w, t);
        INDArray out = mgr.createUninitialized(type, g.dataType(), new long[] {b, c, t, h, w}, 'c');
        out.assign(g5.permute(0, 1, 4, 2, 3));
        return out;
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        InputType.InputTypeConvolutional3D c = TimeLayout.requireConv(inputType, "TimeFlattenPreProcessor");
        if (c.getChannels() != channels || c.getHeight() != height || c.getWidth() != width) {
            throw new IllegalStateException("TimeFlattenPreProcessor: configured for C=" + channels + ", H=" + height
                    + ", W=" + width + ", got input type " + inputType);
        }
        return InputType.recurrent(channels * height * width, c.getDepth());
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
            int minibatchSize) {
        if (maskArray != null && maskArray.rank() != 2) {
            throw new IllegalArgumentException("TimeFlattenPreProcessor: only a time-step mask [batch, T] is "
                    + "supported, got shape " + Arrays.toString(maskArray.shape()));
        }
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public TimeFlattenPreProcessor clone() {
        return new TimeFlattenPreProcessor(channels, height, width);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TimeFlattenPreProcessor)) {
            return false;
        }
        TimeFlattenPreProcessor p = (TimeFlattenPreProcessor) o;
        return channels == p.channels && height == p.height && width == p.width;
    }

    @Override
    public int hashCode() {
        return Objects.hash(channels, height, width);
    }

    @Override
    public String toString() {
        return "TimeFlattenPreProcessor(C=" + channels + ", H=" + height + ", W=" + width + ")";
    }
}
