package org.dl4j.snn.convert.internal;

import java.util.Arrays;

/**
 * Percentiles as SpikingJelly's calibration computes them: linear interpolation between the order statistics at rank
 * {@code q (n - 1)} (rank and interpolation in double precision, the result rounded to float32; this reproduces
 * SpikingJelly's per-layer scales exactly, where float32 ranks did not), and its subsampling of large batches.
 */
public final class Quantiles {
    /** Above this many elements SpikingJelly takes every {@code ceil(n / LIMIT)}-th element of a batch first. */
    public static final int SUBSAMPLE_LIMIT = 1 << 20;

    private Quantiles() {
    }

    /** The largest value (NaN if any is NaN). */
    public static float max(float[] v, int from, int to) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            float x = v[i];
            if (x > m || Float.isNaN(x)) {
                m = x;
            }
        }
        return m;
    }

    /**
     * The q-quantile of the values {@code v[from..to)} (sorted in place): {@code rank = q (n - 1)},
     * {@code lo = floor(rank)}, {@code hi = ceil(rank)}, {@code w = rank - lo}, {@code lerp(v[lo], v[hi], w)}.
     */
    public static float quantile(float[] v, int from, int to, double q) {
        Arrays.sort(v, from, to);
        int n = to - from;
        double rank = q * (n - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return (float) lerp(v[from + lo], v[from + hi], rank - lo);
    }

    /** Linear interpolation from the nearer end (numpy's and torch's form). */
    static double lerp(double a, double b, double w) {
        return w < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w);
    }

    /**
     * A batch's percentile as SpikingJelly computes it: every {@code ceil(n / 2^20)}-th element (from the first)
     * when there are more than 2^20, then {@link #quantile}.
     */
    public static float batchPercentile(float[] values, double q) {
        int n = values.length;
        float[] v = values;
        if (n > SUBSAMPLE_LIMIT) {
            int step = (n + SUBSAMPLE_LIMIT - 1) / SUBSAMPLE_LIMIT;
            v = new float[(n + step - 1) / step];
            for (int i = 0, j = 0; i < n; i += step, j++) {
                v[j] = values[i];
            }
        }
        return quantile(v, 0, v.length, q);
    }

    /**
     * The exact percentile of all n values of a stream, computed from its largest values only: keeps the
     * {@code n - floor(q (n - 1))} largest (all that the interpolation can touch) in a buffer of twice that size that
     * is compacted when full.
     */
    public static final class TopValues {
        private final long total;
        private final double q;
        private final int keep;
        private float[] buffer;
        private int size;
        private long seen;
        private float floor = Float.NEGATIVE_INFINITY;

        /**
         * @param total the number of values the stream will hold
         * @param q     the quantile in (0, 1]
         */
        public TopValues(long total, double q) {
            if (total < 1) {
                throw new IllegalArgumentException("TopValues: total must be >= 1, got " + total);
            }
            this.total = total;
            this.q = q;
            long lo = (long) Math.floor(q * (total - 1));
            long k = total - lo;
            if (k > (1L << 26)) {
                throw new IllegalArgumentException("an exact " + (q * 100) + "th percentile of " + total
                        + " values needs the largest " + k + " of them in memory; use Calibration.EMA for low"
                        + " percentiles of large calibration sets");
            }
            this.keep = (int) k;
            this.buffer = new float[(int) Math.min(2L * keep + 16, Math.max(16, total))];
        }

        public void add(float[] v, int from, int to) {
            for (int i = from; i < to; i++) {
                float x = v[i];
                seen++;
                if (x < floor) {
                    continue;
                }
                if (size == buffer.length) {
                    compact();
                    if (x < floor) {
                        continue;
                    }
                }
                buffer[size++] = x;
            }
        }

        private void compact() {
            Arrays.sort(buffer, 0, size);
            int drop = size - keep;
            if (drop > 0) {
                System.arraycopy(buffer, drop, buffer, 0, keep);
                size = keep;
            }
            floor = buffer[0];
            if (size == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
        }

        /** The quantile of all values added (there must be exactly {@code total}). */
        public float quantile() {
            if (seen != total) {
                throw new IllegalStateException("TopValues: expected " + total + " values, got " + seen
                        + " (did the calibration data change between passes?)");
            }
            Arrays.sort(buffer, 0, size);
            double rank = q * (total - 1);
            long lo = (long) Math.floor(rank);
            long hi = (long) Math.ceil(rank);
            // ascending index i of all values is buffer index size - (total - i)
            float a = buffer[(int) (size - (total - lo))];
            float b = buffer[(int) (size - (total - hi))];
            return (float) lerp(a, b, rank - lo);
        }
    }
}
