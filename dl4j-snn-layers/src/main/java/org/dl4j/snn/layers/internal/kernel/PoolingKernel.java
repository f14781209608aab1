package org.dl4j.snn.layers.internal.kernel;

import java.nio.FloatBuffer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.dl4j.snn.neuron.internal.Simd;

/**
 * Max / average pooling of float32 planes {@code [planes, H, W]} over flat arrays for the common setting of
 * {@link org.dl4j.snn.layers.TimePooling}: non-overlapping windows (kernel == stride), no padding, dilation 1. It
 * reproduces libnd4j's {@code maxpool2d} / {@code avgpool2d} and their {@code _bp} ops bit for bit:
 * <ul>
 *   <li>max: the first maximum in row-major window order wins (ties are the norm for binary spikes); the backward
 *   sends the whole output gradient to that element, using the window index stored by the forward;</li>
 *   <li>avg: the window sum in row-major order divided by {@code kH*kW}; the backward gives each window element
 *   {@code gradient / (kH*kW)};</li>
 *   <li>rows and columns beyond the last whole window (Truncate) get no output and a zero gradient.</li>
 * </ul>
 * Threads split the planes; every output depends on one plane only, so the result does not depend on the thread
 * count. With the Vector API (AVX-512), 2x2 max pooling runs 8 windows at a time on {@link PoolingLanes}, with the
 * same bits.
 */
public final class PoolingKernel {
    /** Floats of input per block: a block's input and output stay in L2. */
    private static final int BLOCK_FLOATS = 1 << 15;
    /** Whether 2x2 max pooling runs 8 windows at a time on {@link PoolingLanes}. */
    private static final boolean SIMD = Simd.available() && PoolingLanes.applies();
    /** This JVM's first 2x2 max-pooling calls ({@link Simd.WarmUp}). */
    private static final Simd.WarmUp WARM_UP = new Simd.WarmUp(128);

    private final boolean max;
    private final int kH;
    private final int kW;
    private final int height;
    private final int width;
    private final int outH;
    private final int outW;

    private PoolingKernel(boolean max, int kH, int kW, int height, int width) {
        this.max = max;
        this.kH = kH;
        this.kW = kW;
        this.height = height;
        this.width = width;
        this.outH = height / kH;
        this.outW = width / kW;
    }

    /**
     * The kernel for these settings and an {@code H x W} input, or null when only the stock pooling handles them
     * (then libnd4j runs): another pooling type, overlapping or gapped windows, padding, dilation, a window of more
     * than 127 elements, Same / Strict mode with a size that is not a multiple of the kernel, or an empty output.
     */
    public static PoolingKernel of(PoolingType type, int[] kernel, int[] stride, int[] padding, int[] dilation,
            ConvolutionMode mode, long height, long width) {
        if (type != PoolingType.MAX && type != PoolingType.AVG) return null;
        if (kernel[0] != stride[0] || kernel[1] != stride[1]) return null;
        if (padding != null && (padding[0] != 0 || padding[1] != 0)) return null;
        if (dilation != null && (dilation[0] != 1 || dilation[1] != 1)) return null;
        if (kernel[0] < 1 || kernel[1] < 1 || kernel[0] * kernel[1] > Byte.MAX_VALUE) return null;
        if (height < kernel[0] || width < kernel[1] || height > Integer.MAX_VALUE || width > Integer.MAX_VALUE) {
            return null;
        }
        boolean whole = height % kernel[0] == 0 && width % kernel[1] == 0;
        // Truncate drops the remainder; Same would pad it and Strict rejects it, so those only when there is none.
        if (mode != ConvolutionMode.Truncate && !whole) return null;
        return new PoolingKernel(type == PoolingType.MAX, kernel[0], kernel[1], (int) height, (int) width);
    }

    public boolean isMax() {
        return max;
    }

    public int outHeight() {
        return outH;
    }

    public int outWidth() {
        return outW;
    }

    /**
     * Pools {@code planes} planes of {@code x} (from {@code xBase}) into {@code y} (from {@code yBase}); for max
     * pooling also stores the window index {@code ky*kW+kx} of each output's maximum into {@code arg}.
     */
    public void forward(FloatBuffer x, int xBase, FloatBuffer y, int yBase, byte[] arg, int planes) {
        int every = lanesEvery();
        int in = height * width;
        int out = outH * outW;
        int block = Math.max(1, BLOCK_FLOATS / in);
        Ranges.parallel(blocks(planes, block), (b0, b1) -> {
            // Per-thread scratch, reused across calls (every element used is written first).
            float[] xs = Ranges.scratch(0, Math.min(block, planes) * in);
            float[] ys = Ranges.scratch(1, Math.min(block, planes) * out);
            for (int bk = b0; bk < b1; bk++) {
                int p0 = bk * block;
                int np = Math.min(block, planes - p0);
                x.get(xBase + p0 * in, xs, 0, np * in);
                if (max) {
                    maxForward(xs, ys, arg, p0 * out, np, every);
                } else {
                    avgForward(xs, ys, np);
                }
                y.put(yBase + p0 * out, ys, 0, np * out);
            }
        });
    }

    /**
     * dL/dx of {@code planes} planes into {@code dx} from the output gradient {@code dy}. Max pooling routes each
     * gradient to the element named in {@code arg} (from {@link #forward}); with {@code arg == null} it finds the
     * maxima again in {@code x}.
     */
    public void backward(FloatBuffer dy, int dyBase, FloatBuffer x, int xBase, byte[] arg, FloatBuffer dx, int dxBase,
            int planes) {
        int every = lanesEvery();
        int in = height * width;
        int out = outH * outW;
        int block = Math.max(1, BLOCK_FLOATS / in);
        Ranges.parallel(blocks(planes, block), (b0, b1) -> {
            float[] gs = Ranges.scratch(0, Math.min(block, planes) * out);
            float[] dxs = Ranges.scratch(1, Math.min(block, planes) * in);
            float[] xs = max && arg == null ? Ranges.scratch(2, Math.min(block, planes) * in) : null;
            byte[] args = xs == null ? null : new byte[Math.min(block, planes) * out];
            for (int bk = b0; bk < b1; bk++) {
                int p0 = bk * block;
                int np = Math.min(block, planes - p0);
                dy.get(dyBase + p0 * out, gs, 0, np * out);
                if (max) {
                    byte[] a = arg;
                    int aOff = p0 * out;
                    if (a == null) {
                        x.get(xBase + p0 * in, xs, 0, np * in);
                        maxForward(xs, null, args, 0, np, every);
                        a = args;
                        aOff = 0;
                    }
                    maxBackward(gs, a, aOff, dxs, np, every);
                } else {
                    avgBackward(gs, dxs, np);
                }
                dx.put(dxBase + p0 * in, dxs, 0, np * in);
            }
        });
    }

    private static int blocks(int planes, int block) {
        return (planes + block - 1) / block;
    }

    /**
     * For one call: 0 (no SIMD, or not 2x2 max pooling, which is all {@link PoolingLanes} does), 1 (every row pair on
     * it) or, during this JVM's first calls, {@value Simd.WarmUp#EVERY}.
     */
    private int lanesEvery() {
        if (!SIMD || !max || kH != 2 || kW != 2) return 0;
        return WARM_UP.vectorsEvery();
    }

    /** Whether row pair {@code oy} of plane {@code p} runs on {@link PoolingLanes} in a call of {@link #lanesEvery}. */
    private boolean lanes(int every, int p, int oy) {
        return Simd.WarmUp.onVectors(every, p * outH + oy);
    }

    /** libnd4j's loop: start below every finite value, a later element wins only if strictly greater. */
    private void maxForward(float[] xs, float[] ys, byte[] arg, int argOff, int np, int every) {
        if (kH == 2 && kW == 2) {
            maxForward2x2(xs, ys, arg, argOff, np, every);
            return;
        }
        int in = height * width;
        int k = 0;
        for (int p = 0; p < np; p++) {
            for (int oy = 0; oy < outH; oy++) {
                int row = p * in + oy * kH * width;
                for (int ox = 0; ox < outW; ox++, k++) {
                    int corner = row + ox * kW;
                    float best = -Float.MAX_VALUE;
                    int at = 0;
                    for (int ky = 0; ky < kH; ky++) {
                        int src = corner + ky * width;
                        for (int kx = 0; kx < kW; kx++) {
                            float v = xs[src + kx];
                            if (v > best) {
                                best = v;
                                at = ky * kW + kx;
                            }
                        }
                    }
                    if (ys != null) ys[k] = best;
                    arg[argOff + k] = (byte) at;
                }
            }
        }
    }

    /**
     * {@link #maxForward} for 2x2 windows, unrolled: the selects compile to conditional moves, which matters because
     * with spikes the comparisons are unpredictable.
     */
    private void maxForward2x2(float[] xs, float[] ys, byte[] arg, int argOff, int np, int every) {
        int in = height * width;
        int k = 0;
        for (int p = 0; p < np; p++) {
            for (int oy = 0; oy < outH; oy++) {
                int r0 = p * in + 2 * oy * width;
                int r1 = r0 + width;
                int done = lanes(every, p, oy) ? PoolingLanes.maxForward(xs, r0, r1, ys, k, arg, argOff + k, outW) : 0;
                k += done;
                for (int ox = done, i = 2 * done; ox < outW; ox++, i += 2, k++) {
                    float v0 = xs[r0 + i];
                    float v1 = xs[r0 + i + 1];
                    float v2 = xs[r1 + i];
                    float v3 = xs[r1 + i + 1];
                    float best = v0 > -Float.MAX_VALUE ? v0 : -Float.MAX_VALUE;
                    int at = 0;
                    boolean g1 = v1 > best;
                    best = g1 ? v1 : best;
                    at = g1 ? 1 : at;
                    boolean g2 = v2 > best;
                    best = g2 ? v2 : best;
                    at = g2 ? 2 : at;
                    boolean g3 = v3 > best;
                    best = g3 ? v3 : best;
                    at = g3 ? 3 : at;
                    if (ys != null) ys[k] = best;
                    arg[argOff + k] = (byte) at;
                }
            }
        }
    }

    private void avgForward(float[] xs, float[] ys, int np) {
        int in = height * width;
        float count = kH * kW;
        int k = 0;
        for (int p = 0; p < np; p++) {
            for (int oy = 0; oy < outH; oy++) {
                int row = p * in + oy * kH * width;
                for (int ox = 0; ox < outW; ox++, k++) {
                    int corner = row + ox * kW;
                    float sum = 0f;
                    for (int ky = 0; ky < kH; ky++) {
                        int src = corner + ky * width;
                        for (int kx = 0; kx < kW; kx++) sum += xs[src + kx];
                    }
                    ys[k] = sum / count;
                }
            }
        }
    }

    /** Zeros, then {@code 0 + gradient} at each maximum (as the op adds into a zeroed array: -0 becomes +0). */
    private void maxBackward(float[] gs, byte[] arg, int argOff, float[] dxs, int np, int every) {
        int in = height * width;
        if (kH == 2 && kW == 2) {
            // Each element of a window is written once (its gradient or +0); a zeroing pass only where a truncated
            // last row or column lies outside every window.
            if (outH * 2 != height || outW * 2 != width) java.util.Arrays.fill(dxs, 0, np * in, 0f);
            int k = 0;
            for (int p = 0; p < np; p++) {
                for (int oy = 0; oy < outH; oy++) {
                    int r0 = p * in + 2 * oy * width;
                    int r1 = r0 + width;
                    int done = lanes(every, p, oy)
                            ? PoolingLanes.maxBackward(gs, k, arg, argOff + k, dxs, r0, r1, outW) : 0;
                    k += done;
                    for (int ox = done, i = 2 * done; ox < outW; ox++, i += 2, k++) {
                        int at = arg[argOff + k];
                        float g = 0f + gs[k];
                        dxs[r0 + i] = at == 0 ? g : 0f;
                        dxs[r0 + i + 1] = at == 1 ? g : 0f;
                        dxs[r1 + i] = at == 2 ? g : 0f;
                        dxs[r1 + i + 1] = at == 3 ? g : 0f;
                    }
                }
            }
            return;
        }
        java.util.Arrays.fill(dxs, 0, np * in, 0f);
        int k = 0;
        for (int p = 0; p < np; p++) {
            for (int oy = 0; oy < outH; oy++) {
                int row = p * in + oy * kH * width;
                for (int ox = 0; ox < outW; ox++, k++) {
                    int at = arg[argOff + k];
                    int ky = at / kW;
                    dxs[row + ox * kW + ky * width + (at - ky * kW)] += gs[k];
                }
            }
        }
    }

    private void avgBackward(float[] gs, float[] dxs, int np) {
        int in = height * width;
        float count = kH * kW;
        java.util.Arrays.fill(dxs, 0, np * in, 0f);
        int k = 0;
        for (int p = 0; p < np; p++) {
            for (int oy = 0; oy < outH; oy++) {
                int row = p * in + oy * kH * width;
                for (int ox = 0; ox < outW; ox++, k++) {
                    float g = gs[k] / count;
                    int corner = row + ox * kW;
                    for (int ky = 0; ky < kH; ky++) {
                        int dst = corner + ky * width;
                        for (int kx = 0; kx < kW; kx++) dxs[dst + kx] += g;
                    }
                }
            }
        }
    }
}
