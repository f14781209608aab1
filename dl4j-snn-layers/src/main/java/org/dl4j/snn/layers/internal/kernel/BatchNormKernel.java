package org.dl4j.snn.layers.internal.kernel;

import java.nio.FloatBuffer;

/**
 * Batch normalisation (training mode, and {@link #inference}) over flat C-order float buffers {@code [batch, C, S]}: channel c of sample b is
 * the contiguous span {@code [(b * C + c) * S, (b * C + c + 1) * S)}, and every channel has {@code N = batch * S}
 * elements. A thread gathers one channel's N elements into its own scratch with bulk copies, runs the loops below
 * on that cache-resident copy in place and puts the result back: no array as large as the input is allocated or
 * kept (whole-input copies would add the input's size to the heap at every pass), and the backward pass re-reads x.
 * Used by {@code TimeBatchNormRuntime} because libnd4j's per-channel reductions over dims (0, 2, 3) cost many times
 * more per element on CPU than these loops.
 *
 * <p>Forward, per channel c (statistics accumulated in double, two-pass variance):
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
        forEachChannel(channels, (long) batch * channels * span, c -> {
            float[] xs = Ranges.scratch(0, batch * span);
            gather(x, xBase, xs, batch, channels, span, c);
            long n = (long) batch * span;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int b = 0; b < batch; b++) {
                int from = b * span;
                int to = from + span;
                int i = from;
                for (; i + 3 < to; i += 4) {
                    s0 += xs[i];
                    s1 += xs[i + 1];
                    s2 += xs[i + 2];
                    s3 += xs[i + 3];
                }
                for (; i < to; i++) {
                    s0 += xs[i];
                }
            }
            double mu = (s0 + s1 + s2 + s3) / n;
            s0 = s1 = s2 = s3 = 0;
            for (int b = 0; b < batch; b++) {
                int from = b * span;
                int to = from + span;
                int i = from;
                for (; i + 3 < to; i += 4) {
                    double d0 = xs[i] - mu;
                    double d1 = xs[i + 1] - mu;
                    double d2 = xs[i + 2] - mu;
                    double d3 = xs[i + 3] - mu;
                    s0 += d0 * d0;
                    s1 += d1 * d1;
                    s2 += d2 * d2;
                    s3 += d3 * d3;
                }
                for (; i < to; i++) {
                    double d = xs[i] - mu;
                    s0 += d * d;
                }
            }
            double v = (s0 + s1 + s2 + s3) / n;
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
        forEachChannel(channels, (long) batch * channels * span, c -> {
            float[] xs = Ranges.scratch(0, batch * span);
            float[] gs = Ranges.scratch(1, batch * span);
            gather(x, xBase, xs, batch, channels, span, c);
            gather(dy, gBase, gs, batch, channels, span, c);
            long n = (long) batch * span;
            float m = (float) mean[c];
            double invStd = 1.0 / Math.sqrt(var[c] + eps);
            double s0 = 0, s1 = 0, p0 = 0, p1 = 0;
            for (int b = 0; b < batch; b++) {
                int from = b * span;
                int to = from + span;
                int i = from;
                for (; i + 1 < to; i += 2) {
                    float g0 = gs[i];
                    float g1 = gs[i + 1];
                    s0 += g0;
                    s1 += g1;
                    p0 += (double) g0 * (xs[i] - m);
                    p1 += (double) g1 * (xs[i + 1] - m);
                }
                for (; i < to; i++) {
                    s0 += gs[i];
                    p0 += (double) gs[i] * (xs[i] - m);
                }
            }
            double sumDy = s0 + s1;
            double sumDyXhat = (p0 + p1) * invStd;
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
