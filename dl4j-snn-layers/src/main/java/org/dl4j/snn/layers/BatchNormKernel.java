package org.dl4j.snn.layers;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Training-mode batch normalisation over flat C-order float arrays {@code [batch, C, S]}: channel c of sample b is
 * the contiguous span {@code [(b * C + c) * S, (b * C + c + 1) * S)}, and every channel has {@code N = batch * S}
 * elements. Used by {@link TimeBatchNormRuntime} because libnd4j's per-channel reductions over dims (0, 2, 3) cost
 * ~60 ns per element on CPU; these loops cost a few.
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
final class BatchNormKernel {
    /** Below this many elements the fork/join overhead outweighs the second core. */
    private static final int PARALLEL_THRESHOLD = 1 << 16;

    private BatchNormKernel() {
    }

    /**
     * Forward pass; fills {@code mean} and {@code var} (biased, without eps) per channel and writes {@code y}.
     */
    static void forward(float[] x, float[] y, int batch, int channels, int span, float[] gamma, float[] beta,
            double eps, double[] mean, double[] var) {
        forEachChannel(channels, (long) batch * channels * span, c -> {
            long n = (long) batch * span;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int b = 0; b < batch; b++) {
                int from = (b * channels + c) * span;
                int to = from + span;
                int i = from;
                for (; i + 3 < to; i += 4) {
                    s0 += x[i];
                    s1 += x[i + 1];
                    s2 += x[i + 2];
                    s3 += x[i + 3];
                }
                for (; i < to; i++) {
                    s0 += x[i];
                }
            }
            double mu = (s0 + s1 + s2 + s3) / n;
            s0 = s1 = s2 = s3 = 0;
            for (int b = 0; b < batch; b++) {
                int from = (b * channels + c) * span;
                int to = from + span;
                int i = from;
                for (; i + 3 < to; i += 4) {
                    double d0 = x[i] - mu;
                    double d1 = x[i + 1] - mu;
                    double d2 = x[i + 2] - mu;
                    double d3 = x[i + 3] - mu;
                    s0 += d0 * d0;
                    s1 += d1 * d1;
                    s2 += d2 * d2;
                    s3 += d3 * d3;
                }
                for (; i < to; i++) {
                    double d = x[i] - mu;
                    s0 += d * d;
                }
            }
            double v = (s0 + s1 + s2 + s3) / n;
            mean[c] = mu;
            var[c] = v;
            float m = (float) mu;
            float scale = (float) (gamma[c] / Math.sqrt(v + eps));
            float shift = beta[c];
            for (int b = 0; b < batch; b++) {
                int from = (b * channels + c) * span;
                int to = from + span;
                for (int i = from; i < to; i++) {
                    y[i] = (x[i] - m) * scale + shift;
                }
            }
        });
    }

    /**
     * Backward pass for the statistics {@code mean, var} of the forward pass; writes {@code dx}, {@code dGamma} and
     * {@code dBeta}.
     */
    static void backward(float[] x, float[] dy, float[] dx, int batch, int channels, int span, float[] gamma,
            double eps, double[] mean, double[] var, double[] dGamma, double[] dBeta) {
        forEachChannel(channels, (long) batch * channels * span, c -> {
            long n = (long) batch * span;
            float m = (float) mean[c];
            double invStd = 1.0 / Math.sqrt(var[c] + eps);
            double s0 = 0, s1 = 0, p0 = 0, p1 = 0;
            for (int b = 0; b < batch; b++) {
                int from = (b * channels + c) * span;
                int to = from + span;
                int i = from;
                for (; i + 1 < to; i += 2) {
                    float g0 = dy[i];
                    float g1 = dy[i + 1];
                    s0 += g0;
                    s1 += g1;
                    p0 += (double) g0 * (x[i] - m);
                    p1 += (double) g1 * (x[i + 1] - m);
                }
                for (; i < to; i++) {
                    s0 += dy[i];
                    p0 += (double) dy[i] * (x[i] - m);
                }
            }
            double sumDy = s0 + s1;
            double sumDyXhat = (p0 + p1) * invStd;
            dBeta[c] = sumDy;
            dGamma[c] = sumDyXhat;
            float k = (float) (gamma[c] * invStd);
            float a = (float) (sumDy / n);
            float q = (float) (sumDyXhat / n * invStd);
            for (int b = 0; b < batch; b++) {
                int from = (b * channels + c) * span;
                int to = from + span;
                for (int i = from; i < to; i++) {
                    dx[i] = k * (dy[i] - a - (x[i] - m) * q);
                }
            }
        });
    }

    private static void forEachChannel(int channels, long elements, IntConsumer body) {
        if (elements >= PARALLEL_THRESHOLD && channels > 1) {
            IntStream.range(0, channels).parallel().forEach(body);
        } else {
            for (int c = 0; c < channels; c++) {
                body.accept(c);
            }
        }
    }
}
