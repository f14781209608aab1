package org.dl4j.snn.datasets.format;

import java.util.Arrays;

/**
 * Primitive-array accumulator the readers decode into, sized up front from the file length.
 *
 * <p>Readers know an upper bound on the event count ({@code file bytes / record bytes}); markers, invalid and
 * non-polarity records make the real count smaller, so {@link #toEvents} trims once at the end instead of
 * growing per event.
 */
final class EventBuffer {
    private final short[] x;
    private final short[] y;
    private final long[] t;
    private final byte[] p;
    private int n;
    /** Index of the first event added with a timestamp below its predecessor's, -1 while in order. */
    private int firstBackward = -1;

    EventBuffer(int capacity) {
        x = new short[capacity];
        y = new short[capacity];
        t = new long[capacity];
        p = new byte[capacity];
    }

    /** Wraps complete arrays (no copy) as a full buffer. */
    EventBuffer(short[] x, short[] y, long[] t, byte[] p) {
        this.x = x;
        this.y = y;
        this.t = t;
        this.p = p;
        this.n = x.length;
        for (int i = 1; i < n; i++) {
            if (t[i] < t[i - 1]) {
                firstBackward = i;
                break;
            }
        }
    }

    void add(int xi, int yi, long ti, int pi) {
        if (n > 0 && ti < t[n - 1] && firstBackward < 0) {
            firstBackward = n;
        }
        x[n] = (short) xi;
        y[n] = (short) yi;
        t[n] = ti;
        p[n] = (byte) pi;
        n++;
    }

    int size() {
        return n;
    }

    /**
     * The first event added (with {@link #add}) earlier than its predecessor, or -1; for a buffer wrapping complete
     * arrays, the first such event of the arrays.
     */
    int firstBackward() {
        return firstBackward;
    }

    /** The timestamps array; entries {@code [0, size())} are the events added so far. */
    long[] times() {
        return t;
    }

    /** Removes the events whose {@code drop} entry is true, keeping the others in order. */
    void remove(boolean[] drop) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!drop[i]) {
                x[k] = x[i];
                y[k] = y[i];
                t[k] = t[i];
                p[k] = p[i];
                k++;
            }
        }
        n = k;
    }

    Events toEvents(int width, int height) {
        if (n == x.length) {
            return new Events(width, height, x, y, t, p);
        }
        return new Events(width, height, Arrays.copyOf(x, n), Arrays.copyOf(y, n), Arrays.copyOf(t, n),
                Arrays.copyOf(p, n));
    }
}
