package org.dl4j.snn.nir;

import java.util.Arrays;
import java.util.Objects;

/**
 * One numeric field of a NIR node: values in C order with their shape (empty for a scalar) and the HDF5 element
 * type they were read with or are to be written with. Every value is held as a double, which is exact for float32,
 * float64 and integers up to 2^53 (NIR's int64 fields are shapes, strides and the like).
 */
public final class NirArray {

    /** HDF5 element types of NIR fields. */
    public enum DType {
        FLOAT32, FLOAT64, INT32, INT64;

        public boolean isInteger() {
            return this == INT32 || this == INT64;
        }

        /** numpy's name, e.g. "float32". */
        public String numpyName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final DType dtype;
    private final long[] shape;
    private final double[] values;

    public NirArray(DType dtype, long[] shape, double[] values) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.values = values.clone();
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("NirArray: negative dimension in " + Arrays.toString(shape));
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("NirArray: shape " + Arrays.toString(shape) + " holds " + n
                    + " values, got " + values.length);
        }
    }

    public static NirArray float32(double[] values, long... shape) {
        return new NirArray(DType.FLOAT32, shape, values);
    }

    public static NirArray float64(double[] values, long... shape) {
        return new NirArray(DType.FLOAT64, shape, values);
    }

    /** A float64 array of {@code shape} filled with {@code value}. */
    public static NirArray filled64(double value, long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        double[] v = new double[Math.toIntExact(n)];
        Arrays.fill(v, value);
        return new NirArray(DType.FLOAT64, shape, v);
    }

    public static NirArray int64(long... values) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) v[i] = values[i];
        return new NirArray(DType.INT64, new long[] {values.length}, v);
    }

    public static NirArray int64Scalar(long value) {
        return new NirArray(DType.INT64, new long[0], new double[] {value});
    }

    public static NirArray float64Scalar(double value) {
        return new NirArray(DType.FLOAT64, new long[0], new double[] {value});
    }

    public DType dtype() { return dtype; }

    public long[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    public boolean isScalar() { return shape.length == 0; }

    public int size() { return values.length; }

    public double get(int i) { return values[i]; }

    public double[] values() { return values.clone(); }

    public long[] longs() {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) out[i] = (long) values[i];
        return out;
    }

    /** Whether every value equals the first (true for an empty array). */
    public boolean isUniform() {
        for (double v : values) {
            if (Double.compare(v, values[0]) != 0) return false;
        }
        return true;
    }

    /** "float32[10, 12]". */
    public String describe() {
        return dtype.numpyName() + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NirArray a && a.dtype == dtype && Arrays.equals(a.shape, shape)
                && Arrays.equals(a.values, values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return describe() + (values.length <= 8 ? " " + Arrays.toString(values) : "");
    }
}
