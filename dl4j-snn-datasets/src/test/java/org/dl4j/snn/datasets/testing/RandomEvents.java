package org.dl4j.snn.datasets.testing;

import org.dl4j.snn.datasets.format.Events;

import java.util.Random;

/**
 * Seeded random event recordings for round-trip tests of the format readers and of the pipeline.
 *
 * <p>Addresses are uniform over the sensor, polarities fair coin flips, and timestamps start at
 * {@code startUs} and grow by independent uniform gaps in {@code [0, maxGapUs]}, so recordings are
 * time-ordered like real sensor output (equal timestamps included).
 */
public final class RandomEvents {
    private RandomEvents() {
    }

    /**
     * @param rnd      the seeded source
     * @param n        number of events
     * @param width    sensor width
     * @param height   sensor height
     * @param startUs  first timestamp
     * @param maxGapUs largest gap between consecutive timestamps
     */
    public static Events generate(Random rnd, int n, int width, int height, long startUs, int maxGapUs) {
        short[] x = new short[n];
        short[] y = new short[n];
        long[] t = new long[n];
        byte[] p = new byte[n];
        long ti = startUs;
        for (int i = 0; i < n; i++) {
            x[i] = (short) rnd.nextInt(width);
            y[i] = (short) rnd.nextInt(height);
            t[i] = ti;
            p[i] = (byte) rnd.nextInt(2);
            ti += rnd.nextInt(maxGapUs + 1);
        }
        return new Events(width, height, x, y, t, p);
    }
}
