package org.dl4j.snn.datasets.format;

import java.util.Arrays;
import java.util.Objects;

/**
 * One recording of an event camera (or cochlea) as primitive arrays, in file order.
 *
 * <p>Event {@code i} is {@code (x[i], y[i], t[i], p[i])}: pixel column, pixel row, timestamp in
 * microseconds, polarity (1 = ON, 0 = OFF). Audio datasets (SHD/SSC) use {@code x} for the channel and
 * {@code y = 0}, {@code p = 0}. The sensor size is {@code width x height}; every reader checks that events
 * lie inside it.
 */
public final class Events {
    private final int width;
    private final int height;
    private final short[] x;
    private final short[] y;
    private final long[] t;
    private final byte[] p;

    /** Wraps the arrays (no copy); all four must have the same length. */
    public Events(int width, int height, short[] x, short[] y, long[] t, byte[] p) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(t, "t");
        Objects.requireNonNull(p, "p");
        if (x.length != y.length || x.length != t.length || x.length != p.length) {
            throw new IllegalArgumentException("event arrays differ in length: x=" + x.length + ", y=" + y.length
                    + ", t=" + t.length + ", p=" + p.length);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("sensor size must be positive, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.x = x;
        this.y = y;
        this.t = t;
        this.p = p;
    }

    public int width() { return width; }
    public int height() { return height; }
    public int size() { return x.length; }
    public short[] x() { return x; }
    public short[] y() { return y; }
    /** Timestamps in microseconds. */
    public long[] t() { return t; }
    /** Polarity, 1 = ON, 0 = OFF. */
    public byte[] p() { return p; }

    public int x(int i) { return x[i]; }
    public int y(int i) { return y[i]; }
    public long t(int i) { return t[i]; }
    public int p(int i) { return p[i]; }

    /** The events with index in {@code [from, to)}, copied. */
    public Events slice(int from, int to) {
        return new Events(width, height, Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to),
                Arrays.copyOfRange(t, from, to), Arrays.copyOfRange(p, from, to));
    }

    /**
     * The events with {@code fromUs <= t < toUs}, copied, in file order. Works on unsorted recordings too
     * (one counting pass, one copying pass), so it is safe for files whose packets are not time-ordered.
     */
    public Events between(long fromUs, long toUs) {
        int n = 0;
        for (long ti : t) {
            if (ti >= fromUs && ti < toUs) {
                n++;
            }
        }
        short[] nx = new short[n];
        short[] ny = new short[n];
        long[] nt = new long[n];
        byte[] np = new byte[n];
        int j = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] >= fromUs && t[i] < toUs) {
                nx[j] = x[i];
                ny[j] = y[i];
                nt[j] = t[i];
                np[j] = p[i];
                j++;
            }
        }
        return new Events(width, height, nx, ny, nt, np);
    }

    @Override
    public String toString() {
        return "Events[" + size() + " events, " + width + "x" + height
                + (size() > 0 ? ", t=" + t[0] + ".." + t[size() - 1] + " us" : "") + "]";
    }
}
