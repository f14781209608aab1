package org.dl4j.snn.layers.internal.kernel;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Shape rules shared by the layers that sit between spiking layers: the two activation layouts and the checks that
 * give clear errors for anything else.
 * Dense activations are {@code [batch, N, T]} ({@code InputType.recurrent(N, T)}, NCW) and conv activations are
 * {@code [batch, C, T, H, W]} ({@code InputType.convolutional3D(NCDHW, depth = T, H, W, channels = C)}); the time
 * axis is dimension 2 in both.
 */
public final class TimeLayout {
    /** Index of the time axis in both layouts. */
    public static final int TIME_AXIS = 2;

    private TimeLayout() {
    }

    /**
     * Names a layer in error messages: {@code "TimePooling 'pool1' (layer 3)"}; name and index are optional.
     */
    public static String describe(String kind, String layerName, int layerIndex) {
        StringBuilder sb = new StringBuilder(kind);
        if (layerName != null) {
            sb.append(" '").append(layerName).append('\'');
        }
        if (layerIndex >= 0) {
            sb.append(" (layer ").append(layerIndex).append(')');
        }
        return sb.toString();
    }

    /**
     * The conv layout's input type, checked.
     *
     * @throws IllegalStateException naming the layer when {@code type} is not convolutional3D NCDHW, with the fix for
     *                               an input without a time axis ({@link #hint})
     */
    public static InputType.InputTypeConvolutional3D requireConv(InputType type, String who) {
        if (!(type instanceof InputType.InputTypeConvolutional3D)) {
            throw new IllegalStateException(who + ": expected input type convolutional3D(NCDHW, depth=T, H, W, C) "
                    + "for activations [batch, C, T, H, W], got " + type + hint(type));
        }
        InputType.InputTypeConvolutional3D c = (InputType.InputTypeConvolutional3D) type;
        if (c.getDataFormat() != Convolution3D.DataFormat.NCDHW) {
            throw new IllegalStateException(who + ": expected data format NCDHW ([batch, C, T, H, W]), got "
                    + c.getDataFormat() + " in " + type);
        }
        return c;
    }

    /**
     * The dense layout's input type, checked.
     *
     * @throws IllegalStateException naming the layer when {@code type} is not recurrent NCW, with the fix for an input
     *                               without a time axis ({@link #hint})
     */
    public static InputType.InputTypeRecurrent requireRecurrent(InputType type, String who) {
        return requireRecurrent(type, who, "");
    }

    /**
     * {@link #requireRecurrent(InputType, String)}, naming what else the layer takes in the message
     * ({@code alsoAccepted}, e.g. {@code " (or convolutional3D NCDHW, flattened automatically)"}).
     */
    public static InputType.InputTypeRecurrent requireRecurrent(InputType type, String who, String alsoAccepted) {
        if (!(type instanceof InputType.InputTypeRecurrent)) {
            throw new IllegalStateException(who + ": expected input type recurrent(N, T) for activations "
                    + "[batch, N, T]" + alsoAccepted + ", got " + type + hint(type));
        }
        return requireNcw((InputType.InputTypeRecurrent) type, who);
    }

    /**
     * Either time layout, checked: recurrent NCW ({@code [batch, N, T]}) or convolutional3D NCDHW
     * ({@code [batch, C, T, H, W]}), for the layers that take both.
     *
     * @throws IllegalStateException naming the layer and both layouts otherwise
     */
    public static InputType requireTimeMajor(InputType type, String who) {
        if (type instanceof InputType.InputTypeConvolutional3D) {
            return requireConv(type, who);
        }
        if (type instanceof InputType.InputTypeRecurrent r) {
            return requireNcw(r, who);
        }
        throw new IllegalStateException(who + ": expected input type recurrent(N, T) for activations [batch, N, T] "
                + "or convolutional3D(NCDHW, depth=T, H, W, C) for [batch, C, T, H, W], got " + type + hint(type));
    }

    private static InputType.InputTypeRecurrent requireNcw(InputType.InputTypeRecurrent r, String who) {
        if (r.getFormat() != RNNFormat.NCW) {
            throw new IllegalStateException(who + ": expected recurrent format NCW ([batch, N, T]), got "
                    + r.getFormat() + " in " + r);
        }
        return r;
    }

    /**
     * Whether {@code type} is feed-forward activations with time folded into the batch ({@code [batch*T, N]}): what a
     * stock feed-forward layer (DenseLayer, BatchNormalization, ...) gives after DL4J's RnnToFeedForwardPreProcessor,
     * which marks the type with its recurrent format.
     */
    public static boolean isTimeDistributed(InputType type) {
        return type instanceof InputType.InputTypeFeedForward f && f.getTimeDistributedFormat() instanceof RNNFormat;
    }

    /**
     * What to do about an input type without a time axis, for error messages ("" for the time layouts): a
     * feed-forward or image input must be encoded over T steps first, and stock 2-D conv layers cannot take the
     * spiking conv layout.
     */
    public static String hint(InputType type) {
        if (type instanceof InputType.InputTypeFeedForward && !isTimeDistributed(type)) {
            return ". Feed-forward input has no time axis: encode it over T steps in front of this layer, e.g. "
                    + "inputPreProcessor(i, new DirectEncodingPreProcessor(T)) (the input at every step, "
                    + "[batch, N] -> [batch, N, T]) or DL4J's RepeatVector layer with repetitionFactor T; or give "
                    + "[batch, N, T] data with InputType.recurrent(N, T)";
        }
        if (type instanceof InputType.InputTypeConvolutionalFlat f) {
            return ". A flat image has no time axis: encode it over T steps in front of this layer with "
                    + "inputPreProcessor(i, new DirectEncodingPreProcessor(T, " + f.getDepth() + ", " + f.getHeight()
                    + ", " + f.getWidth() + ")) ([batch, C*H*W] -> [batch, C, T, H, W]); or give [batch, C, T, H, W] "
                    + "data with InputType.convolutional3D(NCDHW, T, H, W, C)";
        }
        if (type instanceof InputType.InputTypeConvolutional) {
            return ". A 2-D [batch, C, H, W] activation has no time axis. For a static image input, encode it over T "
                    + "steps with inputPreProcessor(i, new DirectEncodingPreProcessor(T)) ([batch, C, T, H, W]). "
                    + "Stock 2-D layers (ConvolutionLayer, SubsamplingLayer) cannot take the spiking conv layout "
                    + "[batch, C, T, H, W]: use SpikingConv, TimeConv (a 2-D convolution at every step, no neuron) "
                    + "and TimePooling between spiking layers";
        }
        return "";
    }

    /**
     * Checks the rank of an activation array.
     *
     * @throws IllegalArgumentException naming the layer, the expected layouts and the actual shape
     */
    public static void requireRank(INDArray x, String who, int... ranks) {
        for (int r : ranks) {
            if (x.rank() == r) {
                return;
            }
        }
        StringBuilder expected = new StringBuilder();
        for (int r : ranks) {
            if (expected.length() > 0) {
                expected.append(" or ");
            }
            expected.append(layoutName(r));
        }
        throw new IllegalArgumentException(who + ": expected " + expected + ", got rank " + x.rank() + " array of "
                + "shape " + Arrays.toString(x.shape()));
    }

    private static String layoutName(int rank) {
        switch (rank) {
            case 2:
                return "[batch, N] (rank 2)";
            case 3:
                return "[batch, N, T] (rank 3)";
            case 5:
                return "[batch, C, T, H, W] (rank 5)";
            default:
                return "rank " + rank;
        }
    }

    /** True if {@code x} is laid out in C order with default strides, so that any reshape of it is a free view. */
    public static boolean isDenseC(INDArray x) {
        return x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x);
    }

    /** True if {@code a} is in dense C order from offset 0: its buffer's NIO view, from its position, is the array. */
    public static boolean isDenseFromStart(INDArray a) {
        return isDenseC(a) && a.offset() == 0;
    }

    /** {@code a} itself when {@link #isDenseFromStart}, else a C-order copy in {@code type}'s workspace. */
    public static INDArray denseC(INDArray a, LayerWorkspaceMgr mgr, ArrayType type) {
        return isDenseFromStart(a) ? a : mgr.dup(type, a, 'c');
    }

    /**
     * A C-order reshape of {@code x}: a free view when {@code x} is C-contiguous, otherwise a C-order copy placed in
     * {@code type}'s workspace (a plain reshape would copy into whatever workspace happens to be open).
     */
    public static INDArray reshapeC(INDArray x, LayerWorkspaceMgr mgr, ArrayType type, long... shape) {
        INDArray c = isDenseC(x) ? x : mgr.dup(type, x, 'c');
        return c.reshape('c', shape);
    }

    /**
     * The elements of {@code a} in C order as a new float32 array: one bulk copy when {@code a} is float32 in dense C
     * order, else a native C-order copy first (ND4J's {@code asFloat()} reads element by element, ~5 ns each).
     */
    public static float[] floats(INDArray a) {
        if (a.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("array of " + a.length() + " elements is too large for one Java array");
        }
        INDArray c = isFlatFloat(a) ? a : a.castTo(DataType.FLOAT).dup('c');
        float[] out = new float[(int) c.length()];
        FloatBuffer fb = c.data().asNioFloat();
        fb.get(fb.position(), out, 0, out.length);
        return out;
    }

    /** The elements of {@code a} in C order, as doubles (float32: {@link #floats} widened, which is exact). */
    public static double[] doubles(INDArray a) {
        if (a.dataType() != DataType.FLOAT) {
            return a.dup('c').data().asDouble();
        }
        float[] f = floats(a);
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) out[i] = f[i];
        return out;
    }

    /**
     * True if {@code a} is float32, dense C order and starts where its buffer's NIO view starts, so that its elements
     * are {@code a.length()} consecutive floats from {@code a.data().asNioFloat().position()}.
     */
    public static boolean isFlatFloat(INDArray a) {
        return a.dataType() == DataType.FLOAT && isDenseC(a) && a.offset() == a.data().offset()
                && a.length() <= Integer.MAX_VALUE;
    }

    /**
     * Whether {@code a[0 .. len)} holds no NaN and no infinity: one branch-free pass taking the largest magnitude
     * (Math.max propagates NaN). C2 compiles the max to vector code; a sum of {@code a[i] - a[i]} would be a serial
     * chain of adds.
     */
    public static boolean allFinite(float[] a, int len) {
        float largest = 0f;
        for (int i = 0; i < len; i++) largest = Math.max(largest, Math.abs(a[i]));
        return largest <= Float.MAX_VALUE;
    }

    /**
     * Whether every element of {@code a} is finite (no NaN, no infinity). Float32 dense arrays are checked in
     * parallel chunks of bulk copies; others by one libnd4j reduction (its sum is finite exactly when every element
     * is, barring overflow).
     */
    public static boolean allFinite(INDArray a) {
        if (!isFlatFloat(a)) {
            return Double.isFinite(a.sumNumber().doubleValue());
        }
        FloatBuffer fb = a.data().asNioFloat();
        int base = fb.position();
        int n = (int) a.length();
        int chunk = 1 << 14;
        int chunks = (n + chunk - 1) / chunk;
        java.util.concurrent.atomic.AtomicBoolean finite = new java.util.concurrent.atomic.AtomicBoolean(true);
        Ranges.parallel(chunks, (c0, c1) -> {
            float[] buf = Ranges.scratch(0, chunk);
            for (int c = c0; c < c1 && finite.get(); c++) {
                int from = c * chunk;
                int len = Math.min(chunk, n - from);
                fb.get(base + from, buf, 0, len);
                if (!allFinite(buf, len)) finite.set(false);
            }
        });
        return finite.get();
    }

    /**
     * {@code into[c] = sum of a[b, c, ...]} over every axis but 1 (a bias gradient; {@code into} has C elements).
     * For a float32 {@code a} that is dense C order from offset 0 this is one pass of bulk copies and double sums
     * (libnd4j's reduction over dims (0, 2[, 3, 4]) costs tens of ns per element on CPU); anything else uses it.
     */
    public static void sumPerChannel(INDArray a, INDArray into) {
        if (a.dataType() != DataType.FLOAT || !isDenseFromStart(a) || a.length() > Integer.MAX_VALUE) {
            int[] dims = new int[a.rank() - 1];
            dims[0] = 0;
            for (int d = 2; d < a.rank(); d++) dims[d - 1] = d;
            into.assign(a.sum(dims).reshape(into.shape()));
            return;
        }
        int batch = (int) a.size(0);
        int channels = (int) a.size(1);
        int span = (int) (a.length() / Math.max(1L, (long) batch * channels));
        FloatBuffer fb = a.data().asNioFloat();
        int base = fb.position();
        double[] sums = new double[channels];
        // Threads split the channels; each channel still adds its rows in sample order, whatever the thread count.
        Ranges.parallel(channels, (c0, c1) -> {
            float[] row = new float[span];
            for (int n = 0; n < batch; n++) {
                for (int c = c0; c < c1; c++) {
                    fb.get(base + (n * channels + c) * span, row, 0, span);
                    double s0 = 0;
                    double s1 = 0;
                    int i = 0;
                    for (; i + 1 < span; i += 2) {
                        s0 += row[i];
                        s1 += row[i + 1];
                    }
                    if (i < span) s0 += row[i];
                    sums[c] += s0 + s1;
                }
            }
        });
        for (int c = 0; c < channels; c++) {
            into.putScalar(c, sums[c]);
        }
    }
}
