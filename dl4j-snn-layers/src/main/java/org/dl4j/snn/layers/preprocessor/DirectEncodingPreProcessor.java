package org.dl4j.snn.layers.preprocessor;

import java.util.Arrays;
import java.util.Objects;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Direct (analog) encoding: a static input is fed unchanged at every one of T time steps, as the constant input
 * current of converted and directly trained SNNs (SpikingJelly's ann2snn, "direct encoding" in the SNN literature).
 * {@code x[b, C, H, W] -> out[b, C, t, H, W] = x[b, C, H, W]} for {@code t = 0..T-1} (time in the depth slot, NCDHW),
 * {@code x[b, N] -> out[b, N, t] = x[b, N]}; backprop sums the gradient over the T steps.
 *
 * <p>With a {@code [C, H, W]} image shape configured, flat input {@code [b, C*H*W]} (DL4J's
 * {@code InputType.convolutionalFlat}, e.g. MNIST iterators) is first viewed as {@code [b, C, H, W]} (C order).
 * Input that already has a time axis ({@code [b, C, T', H, W]}, {@code [b, N, T']}, or {@code [b, C*H*W, T']} with an
 * image shape) passes through unchanged whatever T' is: a network with this preprocessor takes the static batches of
 * the ANN it was converted from, pre-encoded sequences of any length, and one step at a time for {@code rnnTimeStep}.
 */
public class DirectEncodingPreProcessor implements InputPreProcessor {
    private static final long serialVersionUID = 1L;

    @JsonProperty("steps")
    private final int steps;
    @JsonProperty("channels")
    private final long channels;
    @JsonProperty("height")
    private final long height;
    @JsonProperty("width")
    private final long width;
    /** Rank of the last input: backprop sums over time only when the forward pass repeated it. */
    private transient int lastInputRank;

    /** Repeats static input over {@code steps} time steps. */
    public DirectEncodingPreProcessor(int steps) {
        this(steps, 0, 0, 0);
    }

    /**
     * Repeats static input over {@code steps} time steps; flat input {@code [b, channels*height*width]} is viewed as
     * the image {@code [b, channels, height, width]} first (all three 0: no image shape).
     */
    @JsonCreator
    public DirectEncodingPreProcessor(@JsonProperty("steps") int steps, @JsonProperty("channels") long channels,
            @JsonProperty("height") long height, @JsonProperty("width") long width) {
        if (steps < 1) {
            throw new IllegalArgumentException("DirectEncodingPreProcessor: steps must be >= 1, got " + steps);
        }
        boolean none = channels == 0 && height == 0 && width == 0;
        if (!none && (channels <= 0 || height <= 0 || width <= 0)) {
            throw new IllegalArgumentException("DirectEncodingPreProcessor: channels, height and width must all be > 0"
                    + " (or all 0: no image shape), got C=" + channels + ", H=" + height + ", W=" + width);
        }
        this.steps = steps;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /** T, the number of steps static input is repeated over. */
    public int getSteps() {
        return steps;
    }

    /** Whether flat input is viewed as a {@code [C, H, W]} image. */
    public boolean hasImageShape() {
        return channels > 0;
    }

    /** The same encoding over {@code steps} time steps. */
    public DirectEncodingPreProcessor withSteps(int steps) {
        return new DirectEncodingPreProcessor(steps, channels, height, width);
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        lastInputRank = input.rank();
        long b = input.size(0);
        switch (input.rank()) {
            case 2: {
                if (hasImageShape()) {
                    requireSize(input, channels * height * width, "[batch, C*H*W = " + channels * height * width + "]");
                    return repeatImage(input.reshape('c', b, channels, height, width), workspaceMgr);
                }
                INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
                        new long[] {b, input.size(1), steps}, 'c');
                for (int t = 0; t < steps; t++) {
                    out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)).assign(input);
                }
                return out;
            }
            case 3:
                if (hasImageShape()) {
                    requireSize(input, channels * height * width, "[batch, C*H*W = " + channels * height * width
                            + ", T]");
                    return TimeFlattenPreProcessor.unflatten(input, channels, height, width, workspaceMgr,
                            ArrayType.ACTIVATIONS, "DirectEncodingPreProcessor");
                }
                return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, input);
            case 4:
                if (hasImageShape() && (input.size(1) != channels || input.size(2) != height
                        || input.size(3) != width)) {
                    throw new IllegalArgumentException("DirectEncodingPreProcessor: configured for images [batch, C="
                            + channels + ", H=" + height + ", W=" + width + "], got shape "
                            + Arrays.toString(input.shape()));
                }
                return repeatImage(input, workspaceMgr);
            case 5:
                return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, input);
            default:
                throw new IllegalArgumentException("DirectEncodingPreProcessor: expected static input [batch, N] or "
                        + "[batch, C, H, W], or an encoded sequence [batch, N, T] or [batch, C, T, H, W], got shape "
                        + Arrays.toString(input.shape()));
        }
    }

    private static void requireSize(INDArray input, long size, String expected) {
        if (input.size(1) != size) {
            throw new IllegalArgumentException("DirectEncodingPreProcessor: expected " + expected + ", got shape "
                    + Arrays.toString(input.shape()));
        }
    }

    private INDArray repeatImage(INDArray x, LayerWorkspaceMgr mgr) {
        long[] s = x.shape();
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(),
                new long[] {s[0], s[1], steps, s[2], s[3]}, 'c');
        for (int t = 0; t < steps; t++) {
            out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all(),
                    NDArrayIndex.all()).assign(x);
        }
        return out;
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray g;
        switch (lastInputRank) {
            case 2:
                g = output.sum(2);
                if (hasImageShape()) {
                    g = g.reshape('c', g.size(0), channels * height * width);
                }
                break;
            case 4:
                g = output.sum(2);
                break;
            case 3:
                g = hasImageShape() ? TimeFlattenPreProcessor.flatten(output, workspaceMgr, ArrayType.ACTIVATION_GRAD)
                        : output;
                break;
            default:
                g = output;
        }
        return workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, g);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        if (inputType instanceof InputType.InputTypeConvolutional c) {
            return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, steps, c.getHeight(), c.getWidth(),
                    c.getChannels());
        }
        if (inputType instanceof InputType.InputTypeConvolutionalFlat c) {
            return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, steps, c.getHeight(), c.getWidth(),
                    c.getDepth());
        }
        if (inputType instanceof InputType.InputTypeFeedForward f) {
            if (hasImageShape()) {
                if (f.getSize() != channels * height * width) {
                    throw new IllegalStateException("DirectEncodingPreProcessor: configured for images C=" + channels
                            + ", H=" + height + ", W=" + width + " (" + channels * height * width
                            + " features), got input type " + inputType);
                }
                return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, steps, height, width, channels);
            }
            return InputType.recurrent(f.getSize(), steps);
        }
        if (inputType instanceof InputType.InputTypeRecurrent r && hasImageShape()) {
            return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, r.getTimeSeriesLength(), height, width,
                    channels);
        }
        if (inputType instanceof InputType.InputTypeRecurrent || inputType instanceof InputType.InputTypeConvolutional3D) {
            return inputType;
        }
        throw new IllegalStateException("DirectEncodingPreProcessor: expected a feed-forward, convolutional (NCHW), "
                + "convolutionalFlat, recurrent or convolutional3D input type, got " + inputType);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
            int minibatchSize) {
        // A static sample has no time steps to mask; a time-step mask [batch, T] of an encoded sequence passes.
        if (maskArray != null && lastInputRank != 3 && lastInputRank != 5) {
            return new Pair<>(null, currentMaskState);
        }
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public DirectEncodingPreProcessor clone() {
        return new DirectEncodingPreProcessor(steps, channels, height, width);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirectEncodingPreProcessor p && steps == p.steps && channels == p.channels
                && height == p.height && width == p.width;
    }

    @Override
    public int hashCode() {
        return Objects.hash(steps, channels, height, width);
    }

    @Override
    public String toString() {
        return "DirectEncodingPreProcessor(T=" + steps + (hasImageShape() ? ", C=" + channels + ", H=" + height
                + ", W=" + width : "") + ")";
    }
}
