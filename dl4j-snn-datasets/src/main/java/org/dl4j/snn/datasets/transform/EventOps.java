package org.dl4j.snn.datasets.transform;

import org.dl4j.snn.datasets.format.Events;

import java.util.stream.IntStream;

/**
 * Shared primitive-array operations on {@link Events}: filtering by a keep mask, time sorting, binary search.
 *
 * <p>Every transform that removes events goes through {@link #keep}, so event order (file order) is preserved the
 * same way everywhere; {@link #lowerBound} is numpy's {@code searchsorted(side='left')} on sorted timestamps.
 */
public final class EventOps {
    private EventOps() {
    }

    /**
     * The events whose {@code keep[i]} is true, in their original order, on a sensor of {@code width x height},
     * with {@code dx}/{@code dy} subtracted from the coordinates (0 to keep them).
     */
    public static Events keep(Events e, boolean[] keep, int width, int height, int dx, int dy) {
        int n = 0;
        for (boolean k : keep) {
            if (k) {
                n++;
            }
        }
        short[] x = new short[n];
        short[] y = new short[n];
        long[] t = new long[n];
        byte[] p = new byte[n];
        short[] sx = e.x();
        short[] sy = e.y();
        long[] st = e.t();
        byte[] sp = e.p();
        int j = 0;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                x[j] = (short) (sx[i] - dx);
                y[j] = (short) (sy[i] - dy);
                t[j] = st[i];
                p[j] = sp[i];
                j++;
            }
        }
        return new Events(width, height, x, y, t, p);
    }

    /** True when timestamps never decrease. */
    public static boolean isTimeSorted(long[] t) {
        for (int i = 1; i < t.length; i++) {
            if (t[i] < t[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The events in non-decreasing time order; the same instance when already sorted (the usual case: every
     * supported file format is written in time order). The sort is stable.
     */
    public static Events sortedByTime(Events e) {
        long[] t = e.t();
        if (isTimeSorted(t)) {
            return e;
        }
        int[] order = IntStream.range(0, t.length).boxed()
                .sorted((a, b) -> Long.compare(t[a], t[b]))
                .mapToInt(Integer::intValue).toArray();
        int n = order.length;
        short[] x = new short[n];
        short[] y = new short[n];
        long[] st = new long[n];
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = order[i];
            x[i] = e.x()[k];
            y[i] = e.y()[k];
            st[i] = t[k];
            p[i] = e.p()[k];
        }
        return new Events(e.width(), e.height(), x, y, st, p);
    }

    /** The first index {@code i} with {@code t[i] >= value} ({@code t.length} if none); {@code t} sorted. */
    public static int lowerBound(long[] t, long value) {
        int lo = 0;
        int hi = t.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
