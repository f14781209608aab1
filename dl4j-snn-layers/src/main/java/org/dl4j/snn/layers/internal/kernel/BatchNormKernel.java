package org.dl4j.snn.layers.internal.kernel;

import java.nio.FloatBuffer;
import org.dl4j.snn.neuron.internal.Simd;

/**
 * Batch normalisation (training mode, and {@link #inference}) over flat C-order float buffers {@code [batch, C, S]}: channel c of sample b is
 * the contiguous span {@code [(b * C + c) * S, (b * C + c + 1) * S)}, and every channel has {@code N = batch * S}
 * elements. A thread gathers one channel's N elements into its own scratch with bulk copies, runs the loops below
 * on that cache-resident copy in place and puts the result back: no array as large as the input is allocated or
 * kept (whole-input copies would add the input's size to the heap at every pass), and the backward pass re-reads x.
 * Used by {@code TimeBatchNormRuntime} because libnd4j's per-channel reductions over dims (0, 2, 3) cost many times
 * more per element on CPU than these loops.
 *
 * <p>Forward, per channel c (statistics accumulated in double in a fixed order, see {@code sum}; two-pass variance):
 * <pre>
 *   mu[c]   = (1/N) sum x
 *   var[c]  = (1/N) sum (x - mu)^2                       (biased)
 *   xhat    = (x - mu) / sqrt(var + eps)
 *   y       = gamma[c] * xhat + beta[c]
 * </pre>
 * Backward, with {@code dy = dL/dy}:
 * <pre>
 *   dbeta[c]  = sum dy
 *   dgamma[c] = sum dy * xhat
 *   dx        = gamma[c] / sqrt(var + eps) * (dy - dbeta[c] / N - xhat * dgamma[c] / N)
 * </pre>
 * (DL4J's expanded form through dL/dvar and dL/dmu reduces to this.) Channels are independent and each is summed in
 * a fixed order by one thread, so results do not depend on the number of threads.
 */
public final class BatchNormKernel {
    /** Below this many elements the fork/join overhead outweighs the second core. */
    private static final int PARALLEL_THRESHOLD = 1 << 16;

    private BatchNormKernel() {
    }

    /**
     * Inference-mode forward pass over {@code x} into {@code y} (both from their buffer positions), with the running
     * statistics: {@code y = (x - mean[c]) / std[c] * gamma[c] + beta[c]}, each operation rounded to float in this
     * order, as DL4J's stock layer does with one broadcast op per step (so the values are the same bit for bit).
     * Rows (one sample's channel) are split over the threads.
     */
    public static void inference(FloatBuffer x, FloatBuffer y, int batch, int channels, int span, float[] mean,
            float[] std, float[] gamma, float[] beta) {
        int xBase = x.position();
        int yBase = y.position();
        Ranges.parallel(batch * channels, (r0, r1) -> {
            float[] row = Ranges.scratch(0, span);
            for (int r = r0; r < r1; r++) {
                int c = r % channels;
                float m = mean[c];
                float s = std[c];
                float g = gamma[c];
                float b = beta[c];
                x.get(xBase + r * span, row, 0, span);
                for (int i = 0; i < span; i++) row[i] = (row[i] - m) / s * g + b;
                y.put(yBase + r * span, row, 0, span);
            }
        });
    }

    /**
     * Forward pass over {@code x} into {@code y} (both from their buffer positions); fills {@code mean} and
     * {@code var} (biased, without eps) per channel.
     */
    public static void forward(FloatBuffer x, FloatBuffer y, int batch, int channels, int span, float[] gamma,
            float[] beta, double eps, double[] mean, double[] var) {
        int xBase = x.position();
        int yBase = y.position();
        int every = lanesEvery(FORWARD_WARM_UP);
        forEachChannel(channels, (long) batch * channels * span, c -> {
            float[] xs = Ranges.scratch(0, batch * span);
            gather(x, xBase, xs, batch, channels, span, c);
            int n = batch * span;
            boolean lanes = Simd.WarmUp.onVectors(every, c);
            double mu = sum(xs, n, lanes) / n;
            double v = squaredDeviations(xs, n, mu, lanes) / n;
            mean[c] = mu;
            var[c] = v;
            float m = (float) mu;
            float scale = (float) (gamma[c] / Math.sqrt(v + eps));
            float shift = beta[c];
            for (int i = 0, end = batch * span; i < end; i++) {
                xs[i] = (xs[i] - m) * scale + shift;
            }
            scatter(xs, y, yBase, batch, channels, span, c);
        });
    }

    /**
     * Backward pass for the input {@code x} and statistics {@code mean, var} of the forward pass; writes {@code dx}
     * (from its buffer position), {@code dGamma} and {@code dBeta}.
     */
    public static void backward(FloatBuffer x, FloatBuffer dy, FloatBuffer dx, int batch, int channels, int span,
            float[] gamma, double eps, double[] mean, double[] var, double[] dGamma, double[] dBeta) {
        int xBase = x.position();
        int gBase = dy.position();
        int dBase = dx.position();
        int every = lanesEvery(BACKWARD_WARM_UP);
        forEachChannel(channels, (long) batch * channels * span, c -> {
            float[] xs = Ranges.scratch(0, batch * span);
            float[] gs = Ranges.scratch(1, batch * span);
            gather(x, xBase, xs, batch, channels, span, c);
            gather(dy, gBase, gs, batch, channels, span, c);
            int n = batch * span;
            float m = (float) mean[c];
            double invStd = 1.0 / Math.sqrt(var[c] + eps);
            double[] sums = new double[2];
            sumAndDot(gs, xs, n, m, sums, Simd.WarmUp.onVectors(every, c));
            double sumDy = sums[0];
            double sumDyXhat = sums[1] * invStd;
            dBeta[c] = sumDy;
            dGamma[c] = sumDyXhat;
            float k = (float) (gamma[c] * invStd);
            float a = (float) (sumDy / n);
            float q = (float) (sumDyXhat / n * invStd);
            for (int i = 0, end = batch * span; i < end; i++) {
                gs[i] = k * (gs[i] - a - (xs[i] - m) * q);
            }
            scatter(gs, dx, dBase, batch, channels, span, c);
        });
    }

    // ---- the per-channel sums -----------------------------------------------------------------------------
    //
    // In double, over a channel's N elements gathered back to back, in one fixed order: 8 partial sums (lane k takes
    // the elements i = k mod 8 below N - N % 8), added in lane order, then the remaining elements in order. The lane
    // part runs on 8 SIMD lanes in ChannelSums on AVX-512 with the Vector API (Simd), bit for bit the same as the
    // scalar lane loops below (8 independent accumulators also hide the adds' latency); the rest is added here.

    /** Whether the lane parts run on {@link ChannelSums}. */
    private static final boolean SIMD = Simd.available() && ChannelSums.applies();
    /** This JVM's first forward and backward calls ({@link Simd.WarmUp}). */
    private static final Simd.WarmUp FORWARD_WARM_UP = new Simd.WarmUp(16);
    private static final Simd.WarmUp BACKWARD_WARM_UP = new Simd.WarmUp(16);

    /** For one call: 0 (no SIMD), 1 (every channel on {@link ChannelSums}) or, in warm-up, {@code WarmUp.EVERY}. */
    private static int lanesEvery(Simd.WarmUp warmUp) {
        return SIMD ? warmUp.vectorsEvery() : 0;
    }

    /** Sum of x[0 .. n). */
    static double sum(float[] x, int n) {
        return sum(x, n, SIMD);
    }

    /** Sum of x[0 .. n), the lane part on {@link ChannelSums} if {@code lanes} (same bits either way). */
    private static double sum(float[] x, int n, boolean lanes) {
        double s = lanes ? ChannelSums.laneSum(x, n) : scalarLaneSum(x, n);
        for (int i = n - n % 8; i < n; i++) s += x[i];
        return s;
    }

    /** Sum of (x - mu)^2 over x[0 .. n), the lane part on {@link ChannelSums} if {@code lanes}. */
    private static double squaredDeviations(float[] x, int n, double mu, boolean lanes) {
        double s = lanes ? ChannelSums.laneSquaredDeviations(x, n, mu) : scalarLaneSquaredDeviations(x, n, mu);
        for (int i = n - n % 8; i < n; i++) {
            double d = x[i] - mu;
            s += d * d;
        }
        return s;
    }

    /**
     * {@code out[0]} = sum of g, {@code out[1]} = sum of g * (x - m) (the difference in float), over [0, n); the lane
     * part on {@link ChannelSums} if {@code lanes}.
     */
    private static void sumAndDot(float[] g, float[] x, int n, float m, double[] out, boolean lanes) {
        if (lanes) {
            ChannelSums.laneSumAndDot(g, x, n, m, out);
        } else {
            scalarLaneSumAndDot(g, x, n, m, out);
        }
        for (int i = n - n % 8; i < n; i++) {
            out[0] += g[i];
            out[1] += (double) g[i] * (x[i] - m);
        }
    }

    /** The lane part of {@link #sum}: x[0 .. n - n % 8) in 8 partial sums, added in lane order. */
    static double scalarLaneSum(float[] x, int n) {
        int n8 = n - n % 8;
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
        for (int i = 0; i < n8; i += 8) {
            a0 += x[i];
            a1 += x[i + 1];
            a2 += x[i + 2];
            a3 += x[i + 3];
            a4 += x[i + 4];
            a5 += x[i + 5];
            a6 += x[i + 6];
            a7 += x[i + 7];
        }
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
    }

    /** The lane part of {@link #squaredDeviations}. */
    static double scalarLaneSquaredDeviations(float[] x, int n, double mu) {
        int n8 = n - n % 8;
        double[] acc = new double[8];
        for (int i = 0; i < n8; i += 8) {
            for (int k = 0; k < 8; k++) {
                double d = x[i + k] - mu;
                acc[k] += d * d;
            }
        }
        return acc[0] + acc[1] + acc[2] + acc[3] + acc[4] + acc[5] + acc[6] + acc[7];
    }

    /** The lane part of {@link #sumAndDot}, into {@code out[0]} and {@code out[1]}. */
    static void scalarLaneSumAndDot(float[] g, float[] x, int n, float m, double[] out) {
        int n8 = n - n % 8;
        double[] s = new double[8];
        double[] p = new double[8];
        for (int i = 0; i < n8; i += 8) {
            for (int k = 0; k < 8; k++) {
                s[k] += g[i + k];
                p[k] += (double) g[i + k] * (x[i + k] - m);
            }
        }
        out[0] = s[0] + s[1] + s[2] + s[3] + s[4] + s[5] + s[6] + s[7];
        out[1] = p[0] + p[1] + p[2] + p[3] + p[4] + p[5] + p[6] + p[7];
    }

    /** Channel c's segments of {@code src} (one per sample), back to back into {@code dst}. */
    private static void gather(FloatBuffer src, int base, float[] dst, int batch, int channels, int span, int c) {
        for (int b = 0; b < batch; b++) {
            src.get(base + (b * channels + c) * span, dst, b * span, span);
        }
    }

    /** Inverse of {@link #gather}. */
    private static void scatter(float[] src, FloatBuffer dst, int base, int batch, int channels, int span, int c) {
        for (int b = 0; b < batch; b++) {
            dst.put(base + (b * channels + c) * span, src, b * span, span);
        }
    }

    private static void forEachChannel(int channels, long elements, java.util.function.IntConsumer body) {
        if (elements >= PARALLEL_THRESHOLD && channels > 1) {
            Ranges.parallel(channels, (c0, c1) -> {
                for (int c = c0; c < c1; c++) body.accept(c);
            });
        } else {
            for (int c = 0; c < channels; c++) {
                body.accept(c);
            }
        }
    }
}
