package org.dl4j.snn.datasets.transform;

import org.dl4j.snn.datasets.format.Events;

/** Hand-made event lists for tests: rows of {x, y, t, p}. */
public final class TestEvents {
    private TestEvents() {
    }

    public static Events of(int width, int height, long[][] rows) {
        int n = rows.length;
        short[] x = new short[n];
        short[] y = new short[n];
        long[] t = new long[n];
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            x[i] = (short) rows[i][0];
            y[i] = (short) rows[i][1];
            t[i] = rows[i][2];
            p[i] = (byte) rows[i][3];
        }
        return new Events(width, height, x, y, t, p);
    }

    /** Events at pixel (0, 0), polarity ON, at the given times. */
    public static Events atTimes(long... times) {
        long[][] rows = new long[times.length][];
        for (int i = 0; i < times.length; i++) {
            rows[i] = new long[] {0, 0, times[i], 1};
        }
        return of(1, 1, rows);
    }

    /** Per-frame sums of frames. */
    public static double[] perFrame(Frames f) {
        double[] s = new double[f.steps()];
        for (int t = 0; t < s.length; t++) {
            s[t] = f.sum(t);
        }
        return s;
    }
}
