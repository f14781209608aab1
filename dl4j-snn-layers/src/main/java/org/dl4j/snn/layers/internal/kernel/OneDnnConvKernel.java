package org.dl4j.snn.layers.internal.kernel;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.LoggerFactory;

/**
 * Dense 2-D convolution over every frame of {@code x [batch, C, T, H, W]} by oneDNN (Intel's deep-learning primitives,
 * through the JavaCPP {@code org.bytedeco:dnnl} binding): the same arithmetic as {@link Im2colConvKernel} (stride 1,
 * dilation 1, top-left padding {@code pH, pW}, cross-correlation), posed to oneDNN as a 3-D convolution of the NCDHW
 * volume with kernel depth 1, so no layout copies:
 * <pre>
 *   z  = W * x (+ b)           forward (prop_kind forward_training)
 *   dx = W^T * dz              backward data
 *   dW = sum over samples of dz (x) x     backward weights
 * </pre>
 * This is what PyTorch runs for {@code nn.Conv2d} on the CPU (its MKL-DNN backend). Measured on the 2-core box for the
 * bench conv net's second convolution ([16, 32, T = 10, 17, 17] -> 64 channels, 2 threads): forward, backward data and
 * backward weights 10-13 ms each against 65-80 ms for the three by {@link Im2colConvKernel} (docs/performance.md).
 *
 * <p>Optional: the binding is an optional dependency of this module (the examples bring it, with its natives). Without
 * it on the class path, with natives that do not load, or with {@code -D}{@value #PROPERTY}{@code =false},
 * {@link #unavailable()} says why and the runtimes keep {@link Im2colConvKernel}. oneDNN's float sums are
 * deterministic run to run for a given thread count (oneDNN's OpenMP threads, {@code OMP_NUM_THREADS}) but, unlike
 * the Java kernels', their order may change with it.
 */
public final class OneDnnConvKernel {
    /** The system property: {@value} = {@code false} keeps oneDNN off (an A/B timing of the same build). */
    public static final String PROPERTY = "snn.onednn";

    private static volatile boolean off = "false".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim());

    private OneDnnConvKernel() {
    }

    /** Why oneDNN cannot run the convolutions here, or null when it can. */
    public static String unavailable() {
        if (off) return "switched off (-D" + PROPERTY + "=false or a test scope)";
        return Binding.PROBLEM;
    }

    /** Whether oneDNN runs the dense convolutions ({@link #unavailable()} is null). */
    public static boolean available() {
        return unavailable() == null;
    }

    /**
     * FOR TESTS: oneDNN stays off until the returned scope is closed (then as it was): {@code try (Kernels.Scope s =
     * OneDnnConvKernel.switchedOff()) { ... }}.
     */
    public static Kernels.Scope switchedOff() {
        boolean before = off;
        off = true;
        return () -> off = before;
    }

    /**
     * {@code z = W * x (+ b)} into {@code z} ({@code [batch, nOut, T, outH, outW]}) from {@code x} ({@code [batch, C,
     * T, H, W]}), {@code w} ({@code [nOut, C, kH, kW]}) and {@code bias} ({@code nOut} values, or null). oneDNN
     * reads and writes dense C-ordered float32 arrays ({@link TimeLayout#isFlatFloat}) where they lie; other arrays go
     * through a copy in that layout.
     */
    public static void forward(INDArray x, INDArray w, INDArray bias, int padH, int padW, INDArray z) {
        Shape s = shape(x, w.size(0), w.size(2), w.size(3), z, padH, padW);
        INDArray out = writable(z);
        OneDnnConv.forward(s, flat(x), flat(w), bias == null ? null : flat(bias), out);
        if (out != z) z.assign(out);
    }

    /**
     * dL/dx into {@code dx} ({@code [batch, C, T, H, W]}) from {@code w} ({@code [nOut, C, kH, kW]}) and {@code dz}
     * ({@code [batch, nOut, T, outH, outW]}).
     */
    public static void inputGradient(INDArray w, INDArray dz, int padH, int padW, INDArray dx) {
        Shape s = shape(dx, w.size(0), w.size(2), w.size(3), dz, padH, padW);
        INDArray out = writable(dx);
        OneDnnConv.backwardData(s, flat(w), flat(dz), out);
        if (out != dx) dx.assign(out);
    }

    /**
     * dL/dW as {@code [nOut, C*kH*kW]} (= {@code [nOut, C, kH, kW]} in C order) from {@code x} and {@code dz}.
     */
    public static INDArray weightGradient(INDArray x, INDArray dz, int kH, int kW, int padH, int padW) {
        Shape s = shape(x, dz.size(1), kH, kW, dz, padH, padW);
        INDArray dw = Nd4j.createUninitialized(DataType.FLOAT, new long[] {s.nOut(), s.c() * kH * kW}, 'c');
        OneDnnConv.backwardWeights(s, flat(x), flat(dz), dw);
        return dw;
    }

    /**
     * One convolution as oneDNN's primitives are made for it (the cache key of {@link OneDnnConv}): sizes and padding
     * top-left and bottom-right.
     */
    record Shape(long batch, long c, long t, long h, long w, long nOut, long kH, long kW, long padH, long padW,
                 long padBottom, long padRight) {
    }

    /**
     * The convolution's sizes; the bottom-right padding is what makes the given output size. Refuses when oneDNN is
     * not there (the runtimes ask {@link #available()} first).
     */
    private static Shape shape(INDArray x, long nOut, long kH, long kW, INDArray z, int padH, int padW) {
        String why = unavailable();
        if (why != null) throw new IllegalStateException("OneDnnConvKernel: oneDNN is not available: " + why);
        long h = x.size(3);
        long w = x.size(4);
        long outH = z.size(3);
        long outW = z.size(4);
        return new Shape(x.size(0), x.size(1), x.size(2), h, w, nOut, kH, kW, padH, padW, outH - 1 + kH - h - padH,
                outW - 1 + kW - w - padW);
    }

    /** {@code a} if oneDNN can write it in place, else a dense C-ordered float32 array to copy into it after. */
    private static INDArray writable(INDArray a) {
        return TimeLayout.isFlatFloat(a) ? a : Nd4j.createUninitialized(DataType.FLOAT, a.shape(), 'c');
    }

    /** {@code a} as a dense C-ordered float32 array (itself when it is one). */
    private static INDArray flat(INDArray a) {
        return TimeLayout.isFlatFloat(a) ? a : a.castTo(DataType.FLOAT).dup('c');
    }

    /**
     * Whether the binding loads, asked once: a class of its own, and every oneDNN call in {@link OneDnnConv}, so that
     * this module's classes never link against oneDNN's unless it is on the class path and loads.
     */
    private static final class Binding {
        static final String PROBLEM = load();

        /** Null when oneDNN works here, else why not (logged once: the conv layers then run the Java im2col kernel). */
        private static String load() {
            String problem;
            try {
                Class.forName("org.bytedeco.dnnl.global.dnnl");
                OneDnnConv.engine();
                if (System.getenv("OMP_WAIT_POLICY") == null) {
                    // OpenMP reads it when the natives load: a JVM cannot set it for itself, a hint is all it can do.
                    LoggerFactory.getLogger(OneDnnConvKernel.class).info("OMP_WAIT_POLICY is not set: OpenMP's "
                            + "workers spin after every convolution on the cores the layers' Java threads need; "
                            + "OMP_WAIT_POLICY=PASSIVE made real-data conv epochs 1.2-1.4x shorter on 2 cores");
                }
                return null;
            } catch (ClassNotFoundException e) {
                problem = "the oneDNN binding org.bytedeco:dnnl is not on the class path";
            } catch (Throwable e) {
                problem = "oneDNN did not load: " + e;
            }
            LoggerFactory.getLogger(OneDnnConvKernel.class).info("Dense convolutions by the Java im2col kernel: {}",
                    problem);
            return problem;
        }
    }
}
