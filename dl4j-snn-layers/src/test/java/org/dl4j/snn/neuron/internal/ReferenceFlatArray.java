package org.dl4j.snn.neuron.internal;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * TEST ONLY: the float32 {@link FlatArray} copies as they were before the issue-7 speed work (one element per
 * FloatBuffer.get/put or array access), so that {@code NeuronKernelSpeedMain} (dl4j-snn-examples, src/jmh) can time the
 * old kernel with its old copies. Same values as {@link FlatArray}: float to double widening is exact and double to
 * float rounds to nearest in both.
 */
public final class ReferenceFlatArray {

    private ReferenceFlatArray() {}

    /** Old-style view of a float32 heap array. */
    public static FlatArray of(float[] data) {
        return new Floats(data);
    }

    /** Old-style view of a C-contiguous FLOAT INDArray's buffer. */
    public static FlatArray of(INDArray a) {
        if (a.dataType() != DataType.FLOAT || !FlatArray.isCContiguous(a) || a.offset() != a.data().offset()) {
            throw new IllegalArgumentException("ReferenceFlatArray.of: needs a C-contiguous FLOAT array");
        }
        FloatBuffer b = a.data().asNioFloat();
        return new FloatNio(b, b.position(), (int) a.length(), a.data());
    }

    private static final class Floats extends FlatArray {
        private final float[] a;
        Floats(float[] a) { this.a = a; }
        @Override public int length() { return a.length; }
        @Override public boolean isDouble() { return false; }
        @Override public double get(int i) { return a[i]; }
        @Override public FlatArray allocateLike(int length) { return new Floats(new float[length]); }
        @Override public void read(int from, double[] dst, int dstOff, int len) {
            for (int k = 0; k < len; k++) dst[dstOff + k] = a[from + k];
        }
        @Override public void write(int to, double[] src, int srcOff, int len) {
            for (int k = 0; k < len; k++) a[to + k] = (float) src[srcOff + k];
        }
    }

    private static final class FloatNio extends FlatArray {
        private final FloatBuffer b;
        private final int base;
        private final int n;
        private final Object owner;
        FloatNio(FloatBuffer b, int base, int n, Object owner) {
            this.b = b; this.base = base; this.n = n; this.owner = owner;
        }
        @Override public int length() { return n; }
        @Override public boolean isDouble() { return false; }
        @Override public double get(int i) { return b.get(base + i); }
        @Override public FlatArray allocateLike(int length) { return new Floats(new float[length]); }
        @Override public void read(int from, double[] dst, int dstOff, int len) {
            int p = base + from;
            for (int k = 0; k < len; k++) dst[dstOff + k] = b.get(p + k);
        }
        @Override public void write(int to, double[] src, int srcOff, int len) {
            int p = base + to;
            for (int k = 0; k < len; k++) b.put(p + k, (float) src[srcOff + k]);
        }
    }
}
