package org.dl4j.snn.neuron.internal;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A flat float32 or float64 array (Java heap or an ND4J buffer) as seen by {@link NeuronKernel}.
 * The kernel moves contiguous blocks between it and double scratch with {@link #read} and {@link #write},
 * so one implementation of the equations serves both precisions (float32 values are widened on read and
 * rounded on write).
 */
public abstract class FlatArray {

    /** Staging length for bulk NIO transfers: small enough to stay in L1 between the copy and the conversion. */
    static final int STAGE = 2048;
    /** Per-thread staging for the public read/write of NIO views (the kernel passes its own). */
    private static final ThreadLocal<float[]> CHUNK = ThreadLocal.withInitial(() -> new float[STAGE]);

    FlatArray() {}

    /** Wraps a float32 heap array (no copy). */
    public static FlatArray of(float[] data) {
        return new Floats(data);
    }

    /** Wraps a float64 heap array (no copy). */
    public static FlatArray of(double[] data) {
        return new Doubles(data);
    }

    /**
     * Views an ND4J array's buffer (no copy) in C order; the array must be FLOAT or DOUBLE, C-ordered and
     * contiguous (e.g. freshly created or {@code dup('c')}), and its buffer host-accessible (CPU backend).
     */
    public static FlatArray of(INDArray a) {
        if (!isCContiguous(a)) {
            throw new IllegalArgumentException("FlatArray.of(INDArray): array of shape "
                    + java.util.Arrays.toString(a.shape()) + " must be C-ordered and contiguous (use dup('c'))");
        }
        if (a.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("FlatArray.of(INDArray): length " + a.length() + " exceeds 2^31-1");
        }
        int n = (int) a.length();
        // A view's DataBuffer carries the view's offset (== a.offset()); asNio*() returns the whole underlying
        // memory positioned at that offset, so the position is where element 0 of the view lives.
        if (a.offset() != a.data().offset()) {
            throw new IllegalArgumentException("FlatArray.of(INDArray): array offset " + a.offset()
                    + " differs from its buffer's offset " + a.data().offset() + " (use dup('c'))");
        }
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            return new FloatNio(b, b.position(), n, a.data());
        }
        if (a.dataType() == DataType.DOUBLE) {
            DoubleBuffer b = a.data().asNioDouble();
            return new DoubleNio(b, b.position(), n, a.data());
        }
        throw new IllegalArgumentException("FlatArray.of(INDArray): data type " + a.dataType()
                + " is not supported (FLOAT or DOUBLE)");
    }

    /** Whether the elements of {@code a} are its buffer's elements offset ... offset+length-1 in C order. */
    static boolean isCContiguous(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            // A dimension of size 1 is never stepped over, so its stride does not matter.
            if (shape[d] != 1 && stride[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /** Number of elements. */
    public abstract int length();

    /** true for float64 storage, false for float32. */
    public abstract boolean isDouble();

    /** Copies {@code len} elements starting at {@code from} into {@code dst[dstOff ...]}. */
    public abstract void read(int from, double[] dst, int dstOff, int len);

    /** Copies {@code src[srcOff ...]} ({@code len} elements) to positions {@code to ...} (rounding for float32). */
    public abstract void write(int to, double[] src, int srcOff, int len);

    /** {@link #read(int, double[], int, int)} with a caller-owned staging array (the kernel's per-thread scratch). */
    void read(int from, double[] dst, int dstOff, int len, float[] stage) {
        read(from, dst, dstOff, len);
    }

    /** {@link #write(int, double[], int, int)} with a caller-owned staging array (the kernel's per-thread scratch). */
    void write(int to, double[] src, int srcOff, int len, float[] stage) {
        write(to, src, srcOff, len);
    }

    /** Copies float32 elements {@code from ...} to {@code dst[off ...]} unconverted; float32 storage only. */
    void readFloats(int from, float[] dst, int off, int len) {
        throw new UnsupportedOperationException("FlatArray.readFloats: float64 storage");
    }

    /** Copies {@code src[off ...]} to float32 elements {@code to ...} unconverted; float32 storage only. */
    void writeFloats(int to, float[] src, int off, int len) {
        throw new UnsupportedOperationException("FlatArray.writeFloats: float64 storage");
    }

    /** The backing float32 heap array when this is a whole one (the kernel then stores into it directly), else null. */
    float[] heapFloats() {
        return null;
    }

    /**
     * Float32 elements {@code [from, from + len)} to read in place: the backing heap array itself (the block at offset
     * {@code from}), else the block copied into {@code scratch} (at offset 0); see {@link #blockOffset}.
     */
    float[] floatsToRead(int from, int len, float[] scratch) {
        float[] heap = heapFloats();
        if (heap != null) return heap;
        readFloats(from, scratch, 0, len);
        return scratch;
    }

    /**
     * Where to store a block of float32 elements: the backing heap array itself, else {@code scratch}, which the
     * caller then writes back with {@link #writeFloats} (offsets as in {@link #blockOffset}).
     */
    float[] floatsToWrite(float[] scratch) {
        float[] heap = heapFloats();
        return heap != null ? heap : scratch;
    }

    /** Offset of block {@code from} in an array from {@link #floatsToRead} / {@link #floatsToWrite}. */
    static int blockOffset(float[] array, float[] scratch, int from) {
        return array == scratch ? 0 : from;
    }

    /** Element {@code i} (widened to double); for tests and diagnostics, not for hot loops. */
    public abstract double get(int i);

    /** A new zero-filled heap array of the same precision. */
    public FlatArray allocateLike(int length) {
        return isDouble() ? of(new double[length]) : of(new float[length]);
    }

    /** Contents as a new double array. */
    public double[] toDoubleArray() {
        double[] d = new double[length()];
        read(0, d, 0, d.length);
        return d;
    }

    private static final class Floats extends FlatArray {
        private final float[] a;
        Floats(float[] a) { this.a = a; }
        @Override float[] heapFloats() { return a; }
        @Override void readFloats(int from, float[] dst, int off, int len) { System.arraycopy(a, from, dst, off, len); }
        @Override void writeFloats(int to, float[] src, int off, int len) { System.arraycopy(src, off, a, to, len); }
        @Override public int length() { return a.length; }
        @Override public boolean isDouble() { return false; }
        @Override public double get(int i) { return a[i]; }
        @Override public void read(int from, double[] dst, int dstOff, int len) {
            for (int k = 0; k < len; k++) dst[dstOff + k] = a[from + k];
        }
        @Override public void write(int to, double[] src, int srcOff, int len) {
            for (int k = 0; k < len; k++) a[to + k] = (float) src[srcOff + k];
        }
    }

    private static final class Doubles extends FlatArray {
        private final double[] a;
        Doubles(double[] a) { this.a = a; }
        @Override public int length() { return a.length; }
        @Override public boolean isDouble() { return true; }
        @Override public double get(int i) { return a[i]; }
        @Override public void read(int from, double[] dst, int dstOff, int len) {
            System.arraycopy(a, from, dst, dstOff, len);
        }
        @Override public void write(int to, double[] src, int srcOff, int len) {
            System.arraycopy(src, srcOff, a, to, len);
        }
    }

    private static final class FloatNio extends FlatArray {
        private final FloatBuffer b;
        private final int base;
        private final int n;
        /** Keeps the native memory reachable: the NIO view alone does not stop JavaCPP from freeing it. */
        private final Object owner;
        FloatNio(FloatBuffer b, int base, int n, Object owner) {
            this.b = b; this.base = base; this.n = n; this.owner = owner;
        }
        @Override public int length() { return n; }
        @Override public boolean isDouble() { return false; }
        @Override public double get(int i) { return b.get(base + i); }
        // One bulk (memcpy-like) transfer per chunk through a float[] staging array, then a plain widening or
        // narrowing loop: element-wise get(i)/put(i) on the direct buffer pays a bounds check and a call per element.
        @Override public void read(int from, double[] dst, int dstOff, int len) {
            read(from, dst, dstOff, len, CHUNK.get());
        }
        @Override public void write(int to, double[] src, int srcOff, int len) {
            write(to, src, srcOff, len, CHUNK.get());
        }
        @Override void readFloats(int from, float[] dst, int off, int len) { b.get(base + from, dst, off, len); }
        @Override void writeFloats(int to, float[] src, int off, int len) { b.put(base + to, src, off, len); }
        @Override void read(int from, double[] dst, int dstOff, int len, float[] stage) {
            for (int done = 0; done < len; done += stage.length) {
                int m = Math.min(stage.length, len - done);
                b.get(base + from + done, stage, 0, m);
                int d = dstOff + done;
                for (int k = 0; k < m; k++) dst[d + k] = stage[k];
            }
        }
        @Override void write(int to, double[] src, int srcOff, int len, float[] stage) {
            for (int done = 0; done < len; done += stage.length) {
                int m = Math.min(stage.length, len - done);
                int s = srcOff + done;
                for (int k = 0; k < m; k++) stage[k] = (float) src[s + k];
                b.put(base + to + done, stage, 0, m);
            }
        }
    }

    private static final class DoubleNio extends FlatArray {
        private final DoubleBuffer b;
        private final int base;
        private final int n;
        /** Keeps the native memory reachable: the NIO view alone does not stop JavaCPP from freeing it. */
        private final Object owner;
        DoubleNio(DoubleBuffer b, int base, int n, Object owner) {
            this.b = b; this.base = base; this.n = n; this.owner = owner;
        }
        @Override public int length() { return n; }
        @Override public boolean isDouble() { return true; }
        @Override public double get(int i) { return b.get(base + i); }
        @Override public void read(int from, double[] dst, int dstOff, int len) {
            b.get(base + from, dst, dstOff, len);
        }
        @Override public void write(int to, double[] src, int srcOff, int len) {
            b.put(base + to, src, srcOff, len);
        }
    }
}
