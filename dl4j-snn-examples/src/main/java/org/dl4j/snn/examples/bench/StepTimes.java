package org.dl4j.snn.examples.bench;

import java.util.Arrays;

/**
 * Wall-clock durations of repeated steps (ms) and their summary: median and minimum; {@code perSecond(n)} =
 * n / median seconds. The median, not the mean, because one GC pause or a neighbour's burst on a shared 2-core
 * machine should not move the figure.
 */
public final class StepTimes {
    private final double[] ms;
    private int count;

    public StepTimes(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("StepTimes: capacity must be >= 1, got " + capacity);
        ms = new double[capacity];
    }

    public void add(long nanos) {
        if (count == ms.length) throw new IllegalStateException("StepTimes: more than " + ms.length + " steps");
        ms[count++] = nanos / 1e6;
    }

    public int count() {
        return count;
    }

    public double medianMs() {
        requireSome();
        double[] s = Arrays.copyOf(ms, count);
        Arrays.sort(s);
        return count % 2 == 1 ? s[count / 2] : (s[count / 2 - 1] + s[count / 2]) / 2;
    }

    public double minMs() {
        requireSome();
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < count; i++) m = Math.min(m, ms[i]);
        return m;
    }

    /** {@code items} per second at the median step time. */
    public double perSecond(int items) {
        return items * 1000.0 / medianMs();
    }

    private void requireSome() {
        if (count == 0) throw new IllegalStateException("StepTimes: no step was timed");
    }
}
