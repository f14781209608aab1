package org.dl4j.snn.layers.internal.kernel;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The non-zero entries of a float32 spike input {@code x [batch, C, T, H, W]}, grouped by frame (sample, step), and
 * the spike-driven 2-D convolution of the conv synapse ({@code ConvSynapseRuntime}) over them (stride
 * 1, dilation 1, top-left padding {@code pH, pW}, cross-correlation as in conv3dnew with kernel depth 1):
 * <pre>
 *   forward  z[b,o,t,y+pH-ky,x+pW-kx] += x[b,c,t,y,x] * W[o,c,ky,kx]   for each active (c, y, x) of frame (b, t)
 *   dW[o,c,ky,kx] = sum over frames and active (c, y, x) of x[b,c,t,y,x] * dz[b,o,t,y+pH-ky,x+pW-kx]
 * </pre>
 * (terms whose output position lies outside the output are dropped). At the low densities of spiking conv layers
 * this is 1/density less work than libnd4j's vol2col + GEMM. The input gradient does not depend on the input, so
 * {@link OneDnnConvKernel#inputGradient} or {@link Im2colConvKernel#inputGradient} computes it densely.
 *
 * <p>Layout: accumulators are held channel-last, {@code float[position][nOut]}, and weights as rows
 * {@code float[(c*kH+ky)*kW+kx][nOut]}, so the innermost loop runs over output channels with the same index form on
 * both sides (C2 vectorises it only then, see {@link SparseDenseKernel}). The forward turns each frame's accumulators
 * channel-first in one pass that reads every row once and zeroes it for the next frame; dW reads each frame's dz
 * planes with bulk copies and fills its channel-last rows one by one (both faster than column-wise walks over the row
 * arrays, which stride through memory). Sums run in a fixed order independent of the thread count: the forward splits
 * frames, dW sums fixed chunks of frames, the input gradient splits samples.
 */
public final class SparseConvKernel {

    private final int batch;
    private final int channels;
    private final int steps;
    private final int height;
    private final int width;
    /** Entries of frame f = b*T + t are start[f] .. start[f + 1] - 1, in input order (c, y, x) ascending. */
    private final int[] start;
    private final int[] channel;
    /** y * W + x. */
    private final int[] pixel;
    private final float[] value;

    private SparseConvKernel(int[] shape, int[] start, int[] channel, int[] pixel, float[] value) {
        this.batch = shape[0];
        this.channels = shape[1];
        this.steps = shape[2];
        this.height = shape[3];
        this.width = shape[4];
        this.start = start;
        this.channel = channel;
        this.pixel = pixel;
        this.value = value;
    }

    /**
     * Why the spike-driven path cannot run a convolution with these settings, or null when it can. The caller then
     * uses libnd4j's conv3dnew.
     */
    public static String unsupported(DataType type, int[] stride, int[] dilation) {
        if (type != DataType.FLOAT) return "data type " + type + " (float32 only)";
        if (stride[0] != 1 || stride[1] != 1) return "stride " + Arrays.toString(stride) + " (1 only)";
        if (dilation[0] != 1 || dilation[1] != 1) return "dilation " + Arrays.toString(dilation) + " (1 only)";
        return null;
    }

    /**
     * Scans {@code x} ({@code [batch, C, T, H, W]}, FLOAT, C-ordered, contiguous from offset 0); returns null when
     * it is not such an array or has more than {@code maxDensity} non-zero entries (the dense path is faster then).
     */
    public static SparseConvKernel scan(INDArray x, double maxDensity) {
        if (x.dataType() != DataType.FLOAT || x.rank() != 5 || !TimeLayout.isDenseFromStart(x)
                || x.length() > Integer.MAX_VALUE) {
            return null;
        }
        int[] shape = new int[5];
        for (int d = 0; d < 5; d++) shape[d] = (int) x.size(d);
        int b = shape[0];
        int c = shape[1];
        int steps = shape[2];
        int plane = shape[3] * shape[4];
        int sampleLen = c * steps * plane;
        FloatBuffer fb = x.data().asNioFloat();
        int base = fb.position();
        int total = (int) x.length();
        int limit = (int) Math.min(total, (long) (maxDensity * total));
        // Pass 1, samples in parallel (as SparseDenseKernel.scan): entries per frame n*T + t into start[frame + 1],
        // branch-free; a sample range that alone exceeds the limit stops early.
        int[] start = new int[b * steps + 1];
        boolean[] tooDense = new boolean[1];
        Ranges.parallel(b, (n0, n1) -> {
            float[] buf = Ranges.scratch(0, plane);
            int count = 0;
            for (int n = n0; n < n1 && count <= limit; n++) {
                for (int ch = 0, p = base + n * sampleLen; ch < c; ch++) {
                    for (int t = 0; t < steps; t++, p += plane) {
                        fb.get(p, buf, 0, plane);
                        int nz = 0;
                        for (int q = 0; q < plane; q++) {
                            nz += SparseDenseKernel.nonZero(buf[q]);
                        }
                        start[n * steps + t + 1] += nz;
                        count += nz;
                    }
                }
            }
            if (count > limit) tooDense[0] = true;
        });
        if (tooDense[0]) return null;
        int frames = b * steps;
        for (int f = 0; f < frames; f++) start[f + 1] += start[f];
        int count = start[frames];
        if (count > limit) return null;
        // Pass 2, samples in parallel into disjoint slots; within a frame the entries stay in (c, y, x) order.
        int[] channel = new int[count];
        int[] pixel = new int[count];
        float[] value = new float[count];
        Ranges.parallel(b, (n0, n1) -> {
            float[] buf = Ranges.scratch(0, plane);
            int[] fill = new int[steps];
            for (int n = n0; n < n1; n++) {
                System.arraycopy(start, n * steps, fill, 0, steps);
                for (int ch = 0, p = base + n * sampleLen; ch < c; ch++) {
                    for (int t = 0; t < steps; t++, p += plane) {
                        if (start[n * steps + t] == start[n * steps + t + 1]) continue; // silent frame
                        fb.get(p, buf, 0, plane);
                        int slot = fill[t];
                        for (int q = 0; q < plane; q++) {
                            float v = buf[q];
                            if (v != 0f) {
                                channel[slot] = ch;
                                pixel[slot] = q;
                                value[slot] = v;
                                slot++;
                            }
                        }
                        fill[t] = slot;
                    }
                }
            }
        });
        return new SparseConvKernel(shape, start, channel, pixel, value);
    }

    /** Whether this raster was scanned from an input of this shape. */
    public boolean fits(long[] shape) {
        return shape.length == 5 && shape[0] == batch && shape[1] == channels && shape[2] == steps
                && shape[3] == height && shape[4] == width;
    }

    /** The non-zero input values (every NaN and infinity of the input among them). */
    public float[] values() {
        return value;
    }

    /** Fraction of non-zero inputs. */
    public double density() {
        return value.length / ((double) batch * channels * steps * height * width);
    }

    /**
     * {@code z = W * x (+ b)} into {@code z} ({@code [batch, nOut, T, outH, outW]}, FLOAT, C-ordered, contiguous
     * from offset 0) from {@code w} ({@code [nOut, C, kH, kW]}) and {@code bias} ({@code nOut} values, or null).
     */
    public void forward(INDArray w, INDArray bias, int padH, int padW, INDArray z) {
        int nOut = (int) w.size(0);
        int kH = (int) w.size(2);
        int kW = (int) w.size(3);
        int outH = (int) z.size(3);
        int outW = (int) z.size(4);
        int positions = outH * outW;
        float[][] rows = rows(w);
        float[] b = bias == null ? new float[nOut] : TimeLayout.floats(bias);
        FloatBuffer zb = z.data().asNioFloat();
        int zBase = zb.position();
        Ranges.parallel(batch * steps, (f0, f1) -> {
            float[][] acc = new float[positions][nOut];
            float[] frame = new float[nOut * positions];
            for (int f = f0; f < f1; f++) {
                for (int e = start[f]; e < start[f + 1]; e++) {
                    int y = pixel[e] / width;
                    int x = pixel[e] - y * width;
                    int rowBase = channel[e] * kH * kW;
                    float v = value[e];
                    for (int ky = 0; ky < kH; ky++) {
                        int oy = y + padH - ky;
                        if (oy < 0 || oy >= outH) continue;
                        for (int kx = 0; kx < kW; kx++) {
                            int ox = x + padW - kx;
                            if (ox < 0 || ox >= outW) continue;
                            float[] a = acc[oy * outW + ox];
                            float[] r = rows[rowBase + ky * kW + kx];
                            if (v == 1f) {
                                for (int j = 0; j < nOut; j++) a[j] += r[j];
                            } else {
                                for (int j = 0; j < nOut; j++) a[j] += v * r[j];
                            }
                        }
                    }
                }
                // One pass over the accumulators: transposed to channel-first (each row read once, in order; the
                // nOut write streams stay in L1), biased, and zeroed for the next frame while in cache.
                for (int q = 0; q < positions; q++) {
                    float[] a = acc[q];
                    for (int o = 0, k = q; o < nOut; o++, k += positions) frame[k] = a[o] + b[o];
                    Arrays.fill(a, 0f);
                }
                int n = f / steps;
                int t = f - n * steps;
                for (int o = 0; o < nOut; o++) {
                    zb.put(zBase + ((n * nOut + o) * steps + t) * positions, frame, o * positions, positions);
                }
            }
        });
    }

    /** Fixed number of frame chunks of {@link #weightGradient}: its sums do not depend on the thread count. */
    static final int DW_CHUNKS = 2;

    /**
     * dL/dW ({@code [nOut, C, kH, kW]}, C order, as a flat array) from {@code dz} ({@code [batch, nOut, T, outH,
     * outW]}, FLOAT, C-ordered, contiguous from offset 0). The frames are cut into {@link #DW_CHUNKS} fixed chunks,
     * each summed in frame order over all output channels (so the innermost loops run over all nOut: per tap the
     * loop overhead dominates short loops, so one loop over 64 channels costs less than two loops over 32),
     * then the chunks are added in order; threads take chunks.
     */
    public float[] weightGradient(INDArray dz, int kH, int kW, int padH, int padW) {
        int nOut = (int) dz.size(1);
        int outH = (int) dz.size(3);
        int outW = (int) dz.size(4);
        int positions = outH * outW;
        int taps = channels * kH * kW;
        int frames = batch * steps;
        FloatBuffer gb = dz.data().asNioFloat();
        int gBase = gb.position();
        float[][][] partial = new float[DW_CHUNKS][][];
        Ranges.parallel(DW_CHUNKS, (c0, c1) -> {
            float[][] g = new float[positions][nOut];
            float[] planes = new float[nOut * positions];
            for (int chunk = c0; chunk < c1; chunk++) {
                float[][] d = new float[taps][nOut];
                int f0 = (int) ((long) frames * chunk / DW_CHUNKS);
                int f1 = (int) ((long) frames * (chunk + 1) / DW_CHUNKS);
                for (int f = f0; f < f1; f++) {
                    if (start[f] == start[f + 1]) continue; // silent frame
                    int n = f / steps;
                    int t = f - n * steps;
                    for (int j = 0; j < nOut; j++) {
                        gb.get(gBase + ((n * nOut + j) * steps + t) * positions, planes, j * positions, positions);
                    }
                    // Channel-last copy, row by row: each row of g is written once, in order.
                    for (int q = 0; q < positions; q++) {
                        float[] gr = g[q];
                        for (int j = 0, k = q; j < nOut; j++, k += positions) gr[j] = planes[k];
                    }
                    for (int e = start[f]; e < start[f + 1]; e++) {
                        int y = pixel[e] / width;
                        int x = pixel[e] - y * width;
                        int rowBase = channel[e] * kH * kW;
                        float v = value[e];
                        for (int ky = 0; ky < kH; ky++) {
                            int oy = y + padH - ky;
                            if (oy < 0 || oy >= outH) continue;
                            for (int kx = 0; kx < kW; kx++) {
                                int ox = x + padW - kx;
                                if (ox < 0 || ox >= outW) continue;
                                float[] dr = d[rowBase + ky * kW + kx];
                                float[] gr = g[oy * outW + ox];
                                if (v == 1f) {
                                    for (int j = 0; j < nOut; j++) dr[j] += gr[j];
                                } else {
                                    for (int j = 0; j < nOut; j++) dr[j] += v * gr[j];
                                }
                            }
                        }
                    }
                }
                partial[chunk] = d;
            }
        });
        float[] flat = new float[nOut * taps];
        for (int r = 0; r < taps; r++) {
            for (int j = 0; j < nOut; j++) {
                float sum = 0f;
                for (int chunk = 0; chunk < DW_CHUNKS; chunk++) sum += partial[chunk][r][j];
                flat[j * taps + r] = sum;
            }
        }
        return flat;
    }

    /** W ([nOut, C, kH, kW]) as rows {@code float[(c*kH+ky)*kW+kx][nOut]}. */
    private static float[][] rows(INDArray w) {
        int nOut = (int) w.size(0);
        float[] flat = TimeLayout.floats(w.permute(1, 2, 3, 0));
        float[][] rows = new float[flat.length / nOut][];
        for (int r = 0; r < rows.length; r++) rows[r] = Arrays.copyOfRange(flat, r * nOut, (r + 1) * nOut);
        return rows;
    }
}
