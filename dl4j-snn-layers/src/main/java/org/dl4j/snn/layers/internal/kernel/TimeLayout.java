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
     * @throws IllegalStateException naming the layer when {@code type} is not convolutional3D NCDHW
     */
    public static InputType.InputTypeConvolutional3D requireConv(InputType type, String who) {
        if (!(type instanceof InputType.InputTypeConvolutional3D)) {
            throw new IllegalStateException(who + ": expected input type convolutional3D(NCDHW, depth=T, H, W, C) "
                    + "for activations [batch, C, T, H, W], got " + type);
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
     * @throws IllegalStateException naming the layer when {@code type} is not recurrent NCW
     */
    public static InputType.InputTypeRecurrent requireRecurrent(InputType type, String who) {
        if (!(type instanceof InputType.InputTypeRecurrent)) {
            throw new IllegalStateException(who + ": expected input type recurrent(N, T) for activations "
                    + "[batch, N, T], got " + type);
        }
        InputType.InputTypeRecurrent r = (InputType.InputTypeRecurrent) type;
        if (r.getFormat() != RNNFormat.NCW) {
            throw new IllegalStateException(who + ": expected recurrent format NCW ([batch, N, T]), got "
                    + r.getFormat() + " in " + type);
        }
        return r;
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

    /**
     * A C-order reshape of {@code x}: a free view when {@code x} is C-contiguous, otherwise a C-order copy placed in
     * {@code type}'s workspace (a plain reshape would copy into whatever workspace happens to be open).
     */
    public static INDArray reshapeC(INDArray x, LayerWorkspaceMgr mgr, ArrayType type, long... shape) {
        INDArray c = isDenseC(x) ? x : mgr.dup(type, x, 'c');
        return c.reshape('c', shape);
    }

    /** The elements of {@code a} in C order as a new float32 array (small arrays: weights, biases, gammas). */
    public static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** The elements of {@code a} in C order, as doubles (one native copy; the widening is Java's). */
    public static double[] doubles(INDArray a) {
        return a.dup('c').data().asDouble();
    }

    /**
     * {@code into[c] = sum of a[b, c, ...]} over every axis but 1 (a bias gradient; {@code into} has C elements).
     * For a float32 {@code a} that is dense C order from offset 0 this is one pass of bulk copies and double sums
     * (libnd4j's reduction over dims (0, 2[, 3, 4]) costs tens of ns per element on CPU); anything else uses it.
     */
    public static void sumPerChannel(INDArray a, INDArray into) {
        if (a.dataType() != DataType.FLOAT || !isDenseC(a) || a.offset() != 0 || a.length() > Integer.MAX_VALUE) {
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
        float[] row = new float[span];
        double[] sums = new double[channels];
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
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
        for (int c = 0; c < channels; c++) {
            into.putScalar(c, sums[c]);
        }
    }
}
