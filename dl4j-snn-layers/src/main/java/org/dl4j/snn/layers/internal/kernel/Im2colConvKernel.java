package org.dl4j.snn.layers.internal.kernel;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense 2-D convolution over every frame of {@code x [batch, C, T, H, W]} (float32, stride 1, dilation 1, top-left
 * padding {@code pH, pW}, cross-correlation as in conv3dnew with kernel depth 1) as one GEMM per sample over all of
 * its T frames:
 * <pre>
 *   cols = im2col(x[b])                      [C*kH*kW, T*outH*outW]
 *   z[b] = W cols (+ bias)                   W as [nOut, C*kH*kW]; z[b] as [nOut, T*outH*outW] is its own layout
 *   dW  += dz[b] cols^T                      summed over samples
 *   dx[b] = col2im(W^T dz[b])
 * </pre>
 * For input that is not a sparse spike raster (analog input of a first layer, e.g. directly encoded images, or dense
 * spike trains); {@link SparseConvKernel} takes sparse spikes. libnd4j's conv3dnew does the same arithmetic, but its
 * default (non-oneDNN) build gathers and scatters the volume coordinate by coordinate, which costs far more than the
 * arithmetic (see docs/performance.md). Threads split the samples, each with its own buffers and one BLAS thread
 * ({@link Ranges#parallelBlas}); dW sums {@link #DW_CHUNKS} fixed chunks of samples in order, so no sum depends on the
 * thread count.
 */
public final class Im2colConvKernel {
    /** Fixed number of sample chunks of {@link #weightGradient}. */
    static final int DW_CHUNKS = 2;

    private Im2colConvKernel() {
    }

    /**
     * {@code z = W * x (+ b)} into {@code z} ({@code [batch, nOut, T, outH, outW]}, FLOAT, C-ordered, contiguous from
     * offset 0) from {@code x} ({@code [batch, C, T, H, W]}, FLOAT, C-ordered, contiguous from offset 0), {@code w}
     * ({@code [nOut, C, kH, kW]}) and {@code bias} ({@code nOut} values, or null).
     */
    public static void forward(INDArray x, INDArray w, INDArray bias, int padH, int padW, INDArray z) {
        Geometry g = new Geometry(x, w, z);
        INDArray w2 = w.castTo(DataType.FLOAT).dup('c').reshape('c', g.nOut, g.taps);
        INDArray b = bias == null ? null : bias.castTo(DataType.FLOAT).reshape('c', g.nOut, 1).dup('c');
        FloatBuffer xb = x.data().asNioFloat();
        int xBase = xb.position();
        INDArray colsAll = perTask(g.batch, g);
        Ranges.parallelBlas(g.batch, (task, n0, n1) -> {
            INDArray cols = colsAll.slice(task);
            FloatBuffer cb = colsAll.data().asNioFloat();
            int cBase = cb.position() + task * g.taps * g.span;
            float[] in = Ranges.scratch(0, g.sample);
            float[] col = Ranges.scratch(1, g.taps * g.span);
            for (int n = n0; n < n1; n++) {
                xb.get(xBase + n * g.sample, in, 0, g.sample);
                im2col(in, col, g, padH, padW);
                cb.put(cBase, col, 0, g.taps * g.span);
                INDArray zn = z.slice(n).reshape('c', g.nOut, g.span);
                Nd4j.gemm(w2, cols, zn, false, false, 1.0, 0.0);
                if (b != null) zn.addiColumnVector(b);
            }
        });
    }

    /**
     * dL/dW as {@code [nOut, C*kH*kW]} (= {@code [nOut, C, kH, kW]} in C order) from {@code x} and {@code dz}
     * ({@code [batch, nOut, T, outH, outW]}, FLOAT, C-ordered, contiguous from offset 0).
     */
    public static INDArray weightGradient(INDArray x, INDArray dz, int kH, int kW, int padH, int padW) {
        int nOut = (int) dz.size(1);
        Geometry g = new Geometry(x, nOut, kH, kW, dz);
        FloatBuffer xb = x.data().asNioFloat();
        int xBase = xb.position();
        INDArray partial = Nd4j.create(DataType.FLOAT, DW_CHUNKS, nOut, g.taps);
        INDArray colsAll = perTask(DW_CHUNKS, g);
        Ranges.parallelBlas(DW_CHUNKS, (task, c0, c1) -> {
            float[] in = Ranges.scratch(0, g.sample);
            float[] col = Ranges.scratch(1, g.taps * g.span);
            INDArray cols = colsAll.slice(task);
            FloatBuffer cb = colsAll.data().asNioFloat();
            int cBase = cb.position() + task * g.taps * g.span;
            for (int chunk = c0; chunk < c1; chunk++) {
                INDArray d = partial.slice(chunk);
                int n0 = (int) ((long) g.batch * chunk / DW_CHUNKS);
                int n1 = (int) ((long) g.batch * (chunk + 1) / DW_CHUNKS);
                for (int n = n0; n < n1; n++) {
                    xb.get(xBase + n * g.sample, in, 0, g.sample);
                    im2col(in, col, g, padH, padW);
                    cb.put(cBase, col, 0, g.taps * g.span);
                    Nd4j.gemm(dz.slice(n).reshape('c', nOut, g.span), cols, d, false, true, 1.0, 1.0);
                }
            }
        });
        INDArray dw = partial.slice(0).dup();
        for (int chunk = 1; chunk < DW_CHUNKS; chunk++) dw.addi(partial.slice(chunk));
        return dw;
    }

    /** Sizes of one convolution: samples, taps C*kH*kW, span T*outH*outW, sample length C*T*H*W. */
    private record Geometry(int batch, int channels, int steps, int h, int w, int nOut, int kH, int kW, int outH,
                            int outW, int taps, int span, int sample) {
        Geometry(INDArray x, INDArray weights, INDArray z) {
            this(x, (int) weights.size(0), (int) weights.size(2), (int) weights.size(3), z);
        }

        Geometry(INDArray x, int nOut, int kH, int kW, INDArray z) {
            this((int) x.size(0), (int) x.size(1), (int) x.size(2), (int) x.size(3), (int) x.size(4), nOut, kH, kW,
                    (int) z.size(3), (int) z.size(4), (int) x.size(1) * kH * kW,
                    (int) (x.size(2) * z.size(3) * z.size(4)), (int) (x.size(1) * x.size(2) * x.size(3) * x.size(4)));
        }
    }

    /**
     * im2col of one sample {@code in} ({@code [C, T, H, W]}) into {@code col} ({@code [C*kH*kW, T, outH, outW]}):
     * row (c, ky, kx) holds x[c, t, oy - pH + ky, ox - pW + kx], 0 outside the image; each output row is one
     * arraycopy.
     */
    static void im2col(float[] in, float[] col, Geometry g, int padH, int padW) {
        int positions = g.outH * g.outW;
        for (int c = 0; c < g.channels; c++) {
            for (int ky = 0; ky < g.kH; ky++) {
                for (int kx = 0; kx < g.kW; kx++) {
                    int r = (c * g.kH + ky) * g.kW + kx;
                    int ox0 = Math.max(0, padW - kx);
                    int ox1 = Math.min(g.outW, g.w + padW - kx);
                    for (int t = 0; t < g.steps; t++) {
                        for (int oy = 0; oy < g.outH; oy++) {
                            int dst = r * g.span + t * positions + oy * g.outW;
                            int iy = oy - padH + ky;
                            if (iy < 0 || iy >= g.h || ox1 <= ox0) {
                                Arrays.fill(col, dst, dst + g.outW, 0f);
                                continue;
                            }
                            int src = ((c * g.steps + t) * g.h + iy) * g.w - padW + kx;
                            Arrays.fill(col, dst, dst + ox0, 0f);
                            System.arraycopy(in, src + ox0, col, dst + ox0, ox1 - ox0);
                            Arrays.fill(col, dst + ox1, dst + g.outW, 0f);
                        }
                    }
                }
            }
        }
    }

    /**
     * dL/dx into {@code dx} ({@code [batch, C, T, H, W]}, FLOAT, C-ordered, contiguous from offset 0) from {@code w}
     * ({@code [nOut, C, kH, kW]}) and {@code dz} ({@code [batch, nOut, T, outH, outW]}, FLOAT, C-ordered,
     * contiguous from offset 0), stride 1, dilation 1: per sample one GEMM {@code cols = W^T dz} ({@code [C*kH*kW,
     * T*outH*outW]}), then col2im. Threads split the samples, each with its own buffers and one BLAS thread
     * ({@link Ranges#parallelBlas}). Dense: it does not depend on the input.
     */
    public static void inputGradient(INDArray w, INDArray dz, int padH, int padW, INDArray dx) {
        Geometry g = new Geometry(dx, w, dz);
        int c = g.channels;
        int kH = g.kH;
        int kW = g.kW;
        int taps = g.taps;
        int span = g.span;
        int sample = g.sample;
        INDArray w2 = w.castTo(DataType.FLOAT).dup('c').reshape('c', g.nOut, taps);
        FloatBuffer xb = dx.data().asNioFloat();
        int xBase = xb.position();
        // Output as large as the input (stride 1, "same" padding): see shiftAdd.
        boolean same = g.outH == g.h && g.outW == g.w;
        INDArray colsAll = perTask(g.batch, g);
        Ranges.parallelBlas(g.batch, (task, n0, n1) -> {
            INDArray cols = colsAll.slice(task);
            FloatBuffer cb = colsAll.data().asNioFloat();
            int cBase = cb.position() + task * taps * span;
            float[] col = Ranges.scratch(0, taps * span);
            float[] out = Ranges.scratch(1, sample);
            float[] shifted = same ? Ranges.scratch(2, sample) : null;
            for (int n = n0; n < n1; n++) {
                INDArray dzn = dz.slice(n).reshape('c', g.nOut, span);
                Nd4j.gemm(w2, dzn, cols, true, false, 1.0, 0.0);
                cb.get(cBase, col, 0, taps * span); // bulk copy: several times faster than DataBuffer.asFloat
                Arrays.fill(out, 0, sample, 0f);
                if (same) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int ky = 0; ky < kH; ky++) {
                            for (int kx = 0; kx < kW; kx++) {
                                shiftAdd(col, (ch * kH + ky) * kW + kx, ky - padH, kx - padW, g.steps, g.h, g.w,
                                        shifted, out, ch * span);
                            }
                        }
                    }
                } else {
                    col2im(col, out, 0, c, kH, kW, g.steps, g.outH, g.outW, g.h, g.w, padH, padW);
                }
                xb.put(xBase + n * sample, out, 0, sample);
            }
        });
    }

    /**
     * One {@code [C*kH*kW, T*outH*outW]} GEMM operand per part of {@code count} (as {@link Ranges#parallelBlas}
     * splits it), created here in the caller's workspace, if any, not on the pool's threads.
     */
    private static INDArray perTask(int count, Geometry g) {
        return Nd4j.createUninitialized(DataType.FLOAT, new long[] {Ranges.tasks(count), g.taps, g.span}, 'c');
    }

    /** col2im element by element (any output size) for input channels [c0, c1). */
    static void col2im(float[] col, float[] out, int c0, int c1, int kH, int kW, int steps, int outH, int outW, int h,
            int wd, int padH, int padW) {
        int positions = outH * outW;
        int span = steps * positions;
        for (int ch = c0; ch < c1; ch++) {
            for (int ky = 0; ky < kH; ky++) {
                for (int kx = 0; kx < kW; kx++) {
                    int r = (ch * kH + ky) * kW + kx;
                    int ox0 = Math.max(0, padW - kx);
                    int ox1 = Math.min(outW, wd + padW - kx);
                    for (int t = 0; t < steps; t++) {
                        for (int oy = 0; oy < outH; oy++) {
                            int iy = oy - padH + ky;
                            if (iy < 0 || iy >= h) continue;
                            int src = r * span + t * positions + oy * outW;
                            int dst = ((ch * steps + t) * h + iy) * wd - padW + kx;
                            for (int ox = ox0; ox < ox1; ox++) out[dst + ox] += col[src + ox];
                        }
                    }
                }
            }
        }
    }

    /**
     * col2im of one row {@code r} of {@code col} (tap {@code (c, ky, kx)}, {@code [T, h, w]}) when the output is as
     * large as the input: then input index = output index + {@code dy*w + dx} throughout the row, so the row is moved
     * by one arraycopy into {@code shifted} at the offsets of {@code out} and added with the same index on both sides,
     * which C2 vectorises (the two-offset form {@code out[i + a] += col[i + b]} it leaves scalar). Terms whose input
     * pixel lies outside the image are zeroed in {@code col} first; adding those zeros leaves the sums exactly as the
     * element-wise loop has them (the same terms in the same tap order, {@code out} starts at +0).
     */
    static void shiftAdd(float[] col, int r, int dy, int dx, int steps, int h, int w, float[] shifted,
            float[] out, int base) {
        int positions = h * w;
        int span = steps * positions;
        int src = r * span;
        int ox0 = Math.max(0, -dx);
        int ox1 = Math.min(w, w - dx);
        for (int t = 0; t < steps; t++) {
            for (int oy = 0; oy < h; oy++) {
                int row = src + t * positions + oy * w;
                int iy = oy + dy;
                if (iy < 0 || iy >= h) {
                    Arrays.fill(col, row, row + w, 0f);
                    continue;
                }
                for (int ox = 0; ox < ox0; ox++) col[row + ox] = 0f;
                for (int ox = ox1; ox < w; ox++) col[row + ox] = 0f;
            }
        }
        int shift = dy * w + dx;
        int lo = Math.max(0, shift);
        int hi = Math.min(span, span + shift);
        if (hi <= lo) return; // |shift| >= span only when every input pixel of the tap lies outside the image
        System.arraycopy(col, src + lo - shift, shifted, base + lo, hi - lo);
        Arrays.fill(shifted, base, base + lo, 0f);
        Arrays.fill(shifted, base + hi, base + span, 0f);
        for (int i = base; i < base + span; i++) out[i] += shifted[i];
    }

}
