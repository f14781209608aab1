package org.dl4j.snn.layers.internal.kernel;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The non-zero entries of a float32 recurrent input {@code x [batch, nIn, T]}, grouped by (sample, step), and the
 * spike-driven linear maps of the dense synapse ({@code DenseSynapseRuntime}) over them:
 * <pre>
 *   forward  z[n, :, t] = sum over active i of x[n,i,t] * W[i, :]
 *   dW[i, :]           = sum over (n, t) where i is active of x[n,i,t] * dz[n, :, t]
 * </pre>
 * Spikes are binary and mostly zeros, so this does 1/density less work than a dense GEMM; against OpenBLAS's sgemm it
 * wins below a break-even density (docs/performance.md, "Spike-driven accumulate vs dense GEMM"). The sums run in a
 * fixed order (forward: inputs ascending per (n, t); dW: samples, then steps), independent of the thread count; they
 * differ from the GEMM's only by float rounding.
 *
 * <p>JIT note: C2 vectorises the row updates only when both arrays use the same index form, so weights are held as
 * {@code float[nIn][nOut]} rows and accumulators start at offset 0.
 */
public final class SparseDenseKernel {
    /** Above this fraction of non-zero inputs the dense GEMM is faster (the low end of the measured break-even). */
    public static final double MAX_DENSITY = 0.15;


    private final int batch;
    private final int nIn;
    private final int steps;
    /** Entries of (n, t) are start[n*T + t] .. start[n*T + t + 1] - 1. */
    private final int[] start;
    private final int[] input;
    private final float[] value;

    private SparseDenseKernel(int batch, int nIn, int steps, int[] start, int[] input, float[] value) {
        this.batch = batch;
        this.nIn = nIn;
        this.steps = steps;
        this.start = start;
        this.input = input;
        this.value = value;
    }

    /**
     * Scans {@code x} ({@code [batch, nIn, T]}, FLOAT, C-ordered and contiguous); returns null when x is not FLOAT
     * or has more than {@code maxDensity} non-zero entries (the dense path is faster then).
     */
    public static SparseDenseKernel scan(INDArray x, double maxDensity) {
        if (x.rank() != 3 || !TimeLayout.isFlatFloat(x)) {
            return null;
        }
        int b = (int) x.size(0);
        int nIn = (int) x.size(1);
        int steps = (int) x.size(2);
        FloatBuffer fb = x.data().asNioFloat();
        int base = fb.position();
        int sampleLen = nIn * steps;
        int limit = (int) Math.min((long) b * sampleLen, (long) (maxDensity * b * sampleLen));
        // Pass 1, samples in parallel (bulk copies, absolute gets are thread-safe): count the entries per key
        // n*T + t into start[key + 1]. A sample range that alone exceeds the limit stops early.
        int[] start = new int[b * steps + 1];
        boolean[] tooDense = new boolean[1];
        Ranges.parallel(b, (n0, n1) -> {
            float[] buf = Ranges.scratch(0, sampleLen);
            int[] counts = new int[steps];
            int count = 0;
            for (int n = n0; n < n1 && count <= limit; n++) {
                fb.get(base + n * sampleLen, buf, 0, sampleLen);
                int keyBase = n * steps + 1;
                for (int i = 0, p = 0; i < nIn; i++) {
                    for (int t = 0; t < steps; t++, p++) {
                        counts[t] += nonZero(buf[p]);
                    }
                }
                for (int t = 0; t < steps; t++) {
                    start[keyBase + t] = counts[t];
                    count += counts[t];
                    counts[t] = 0;
                }
            }
            if (count > limit) tooDense[0] = true;
        });
        if (tooDense[0]) return null;
        for (int k = 0; k < b * steps; k++) start[k + 1] += start[k];
        int count = start[b * steps];
        if (count > limit) return null;
        // Pass 2, samples in parallel (disjoint slots): inputs ascending within each (n, t), as the sums expect.
        int[] input = new int[count];
        float[] value = new float[count];
        Ranges.parallel(b, (n0, n1) -> {
            float[] buf = Ranges.scratch(0, sampleLen);
            int[] fill = new int[steps];
            for (int n = n0; n < n1; n++) {
                fb.get(base + n * sampleLen, buf, 0, sampleLen);
                System.arraycopy(start, n * steps, fill, 0, steps);
                for (int i = 0, p = 0; i < nIn; i++) {
                    for (int t = 0; t < steps; t++, p++) {
                        float v = buf[p];
                        if (v != 0f) {
                            int slot = fill[t]++;
                            input[slot] = i;
                            value[slot] = v;
                        }
                    }
                }
            }
        });
        return new SparseDenseKernel(b, nIn, steps, start, input, value);
    }

    /**
     * 1 for any value that is not zero (NaN counts; -0 does not), else 0, without a branch: spikes are
     * random, so a branch would mispredict. The scans count with it.
     */
    static int nonZero(float v) {
        int bits = Float.floatToRawIntBits(v) & 0x7fffffff;
        return (bits | -bits) >>> 31;
    }

    /** Whether this raster was scanned from an input of this geometry. */
    public boolean fits(long b, long nIn, long steps) {
        return b == batch && nIn == this.nIn && steps == this.steps;
    }

    /** The non-zero input values (every NaN and infinity of the input among them). */
    public float[] values() {
        return value;
    }

    /** Fraction of non-zero inputs. */
    public double density() {
        return input.length / ((double) batch * nIn * steps);
    }

    /**
     * {@code z = W^T x (+ b)} per sample into {@code z} ({@code [batch, nOut, T]}, FLOAT, C-ordered, contiguous),
     * from {@code w} ({@code [nIn, nOut]}, any order) and {@code bias} ({@code nOut} values, or null). The bias is
     * added as each column is stored (one float add after the sum, as a broadcast add afterwards would do).
     */
    public void forward(INDArray w, INDArray bias, INDArray z) {
        if (input.length == 0 && bias == null) { // silent input (e.g. a layer whose predecessor does not fire yet)
            z.assign(0);
            return;
        }
        float[][] rows = rows(w);
        int nOut = (int) w.size(1);
        float[] b = bias == null ? new float[nOut] : TimeLayout.floats(bias);
        FloatBuffer zb = z.data().asNioFloat();
        int zBase = zb.position();
        int len = nOut * steps;
        Ranges.parallel(batch, (n0, n1) -> {
            float[] acc = new float[nOut];
            float[] zs = new float[len];
            for (int n = n0; n < n1; n++) {
                for (int t = 0; t < steps; t++) {
                    java.util.Arrays.fill(acc, 0f);
                    int key = n * steps + t;
                    for (int e = start[key]; e < start[key + 1]; e++) {
                        float[] row = rows[input[e]];
                        float v = value[e];
                        if (v == 1f) {
                            for (int j = 0; j < nOut; j++) acc[j] += row[j];
                        } else {
                            for (int j = 0; j < nOut; j++) acc[j] += v * row[j];
                        }
                    }
                    for (int j = 0; j < nOut; j++) zs[j * steps + t] = acc[j] + b[j];
                }
                zb.put(zBase + n * len, zs, 0, len);
            }
        });
    }

    /**
     * {@code dW = sum over n of x[n] dz[n]^T} written into {@code dW} ({@code [nIn, nOut]}, any order) from
     * {@code dz} ({@code [batch, nOut, T]}, FLOAT, C-ordered, contiguous). Threads split the output columns, so
     * every element is summed in the same order whatever the thread count.
     */
    public void weightGradient(INDArray dz, INDArray dW) {
        if (input.length == 0) {
            dW.assign(0);
            return;
        }
        int nOut = (int) dz.size(1);
        FloatBuffer gb = dz.data().asNioFloat();
        int gBase = gb.position();
        float[] flat = new float[nIn * nOut]; // f order: (i, j) at j*nIn + i
        int parts = Math.max(1, Math.min(Ranges.THREADS, nOut / 16));
        Ranges.parallel(parts, (p0, p1) -> {
            for (int part = p0; part < p1; part++) {
                int j0 = (int) ((long) nOut * part / parts);
                int j1 = (int) ((long) nOut * (part + 1) / parts);
                int width = j1 - j0;
                float[][] d = new float[nIn][width];
                float[][] g = new float[steps][width];
                float[] cols = new float[width * steps];
                for (int n = 0; n < batch; n++) {
                    if (start[n * steps] == start[(n + 1) * steps]) continue; // no input spikes in this sample
                    gb.get(gBase + (n * nOut + j0) * steps, cols, 0, width * steps); // dz[n, j0 .. j1-1, :]
                    for (int j = 0; j < width; j++) {
                        for (int t = 0; t < steps; t++) g[t][j] = cols[j * steps + t];
                    }
                    for (int t = 0; t < steps; t++) {
                        int key = n * steps + t;
                        float[] gr = g[t];
                        for (int e = start[key]; e < start[key + 1]; e++) {
                            float[] dr = d[input[e]];
                            float v = value[e];
                            if (v == 1f) {
                                for (int j = 0; j < width; j++) dr[j] += gr[j];
                            } else {
                                for (int j = 0; j < width; j++) dr[j] += v * gr[j];
                            }
                        }
                    }
                }
                for (int i = 0; i < nIn; i++) {
                    float[] dr = d[i];
                    for (int j = 0; j < width; j++) flat[(j0 + j) * nIn + i] = dr[j];
                }
            }
        });
        INDArray dWt = dW.transpose(); // f-order [nIn, nOut] = C-order [nOut, nIn]: flat's layout
        if (TimeLayout.isFlatFloat(dWt)) {
            FloatBuffer out = dWt.data().asNioFloat();
            out.put(out.position(), flat, 0, flat.length);
        } else {
            dW.assign(Nd4j.create(flat, new long[] {nIn, nOut}, 'f'));
        }
    }

    /**
     * W ([nIn, nOut], any order) as rows {@code float[nIn][nOut]}. DL4J's dense weights are f-order views of the
     * parameter vector: read as the C-order [nOut, nIn] array they are (one bulk copy) and transposed here.
     */
    private static float[][] rows(INDArray w) {
        int nIn = (int) w.size(0);
        int nOut = (int) w.size(1);
        float[][] rows = new float[nIn][nOut];
        INDArray wt = w.transpose();
        if (TimeLayout.isFlatFloat(wt)) {
            float[] flat = TimeLayout.floats(wt); // (i, j) at j*nIn + i
            // Transposed in blocks of 64 rows (their lines stay in cache while every column is read), on the threads.
            Ranges.parallel((nIn + 63) / 64, (b0, b1) -> {
                for (int i0 = b0 * 64; i0 < Math.min(nIn, b1 * 64); i0 += 64) {
                    int i1 = Math.min(nIn, i0 + 64);
                    for (int j = 0; j < nOut; j++) {
                        for (int i = i0, p = j * nIn + i0; i < i1; i++, p++) rows[i][j] = flat[p];
                    }
                }
            });
            return rows;
        }
        float[] flat = TimeLayout.floats(w);
        for (int i = 0; i < nIn; i++) System.arraycopy(flat, i * nOut, rows[i], 0, nOut);
        return rows;
    }
}
