package org.dl4j.snn.datasets.transform;

import java.util.Arrays;

/**
 * A stack of {@code T} frames of one sample, held as one row-major float array of shape {@code [T, C, H, W]}.
 *
 * <p>Element {@code (t, c, h, w)} is {@code data[((t*C + c)*H + h)*W + w]}. Event frames hold event counts (or 0/1
 * spikes), with {@code C} = polarity channels (channel 0 = OFF / p = 0, channel 1 = ON, as in SpikingJelly and
 * tonic); audio frames (SHD/SSC) are {@code [T, 1, 1, channels]}; encoded static images are {@code [T, C, H, W]}.
 */
public final class Frames {
    private final int steps;
    private final int channels;
    private final int height;
    private final int width;
    private final float[] data;

    /** Wraps {@code data} (no copy); its length must be {@code steps*channels*height*width}. */
    public Frames(int steps, int channels, int height, int width, float[] data) {
        if (steps <= 0 || channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("frame dimensions must be positive, got [T=" + steps + ", C=" + channels
                    + ", H=" + height + ", W=" + width + "]");
        }
        long expected = (long) steps * channels * height * width;
        if (data == null || data.length != expected) {
            throw new IllegalArgumentException("frame data length " + (data == null ? "null" : data.length)
                    + " does not match [T=" + steps + ", C=" + channels + ", H=" + height + ", W=" + width + "] = "
                    + expected);
        }
        this.steps = steps;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    /**
     * All-zero frames of the given shape.
     *
     * @throws FrameSizeException naming T and the frame size when the frames do not fit in one array or in the heap
     */
    public static Frames zeros(int steps, int channels, int height, int width) {
        long n = (long) steps * channels * height * width;
        String shape = "[T=" + steps + ", C=" + channels + ", H=" + height + ", W=" + width + "]";
        if (n > Integer.MAX_VALUE - 8) {
            throw new FrameSizeException(String.format(java.util.Locale.ROOT, "frames %s hold %,d values, more than "
                    + "one array can (%,d): lower T (or the frame size)", shape, n, Integer.MAX_VALUE - 8));
        }
        if (4 * n > Runtime.getRuntime().maxMemory() / 2) {
            throw new FrameSizeException(String.format(java.util.Locale.ROOT, "frames %s take %,d MiB, more than half "
                    + "the JVM's maximum heap of %,d MiB: lower T (or the frame size), or raise -Xmx", shape,
                    4 * n >> 20, Runtime.getRuntime().maxMemory() >> 20));
        }
        return new Frames(steps, channels, height, width, new float[(int) n]);
    }

    /** Number of time steps T. */
    public int steps() { return steps; }
    public int channels() { return channels; }
    public int height() { return height; }
    public int width() { return width; }
    /** Values of one time step: {@code C*H*W}. */
    public int frameSize() { return channels * height * width; }
    /** The backing array (not a copy), layout {@code [T, C, H, W]}. */
    public float[] data() { return data; }

    public int index(int t, int c, int h, int w) {
        return ((t * channels + c) * height + h) * width + w;
    }

    public float get(int t, int c, int h, int w) { return data[index(t, c, h, w)]; }

    /** Sum of all values (for count frames: the number of events integrated). */
    public double sum() {
        double s = 0;
        for (float v : data) {
            s += v;
        }
        return s;
    }

    /** Sum of the values of time step {@code t}. */
    public double sum(int t) {
        double s = 0;
        int from = t * frameSize();
        for (int i = from; i < from + frameSize(); i++) {
            s += data[i];
        }
        return s;
    }

    /** True when both have the same shape. */
    public boolean sameShape(Frames o) {
        return steps == o.steps && channels == o.channels && height == o.height && width == o.width;
    }

    /** The shape as {@code [T, C, H, W]}. */
    public int[] shape() { return new int[] {steps, channels, height, width}; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frames f && sameShape(f) && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape()) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Frames[T=" + steps + ", C=" + channels + ", H=" + height + ", W=" + width + "]";
    }
}
