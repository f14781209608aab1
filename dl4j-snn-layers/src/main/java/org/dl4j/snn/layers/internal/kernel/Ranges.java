package org.dl4j.snn.layers.internal.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.dl4j.snn.neuron.internal.Parallel;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fork/join helper of the layers' flat-array loops ({@link SparseDenseKernel}, {@link SparseConvKernel},
 * {@link PoolingKernel}, {@link BatchNormKernel}) and per-sample GEMM loops, on {@link Parallel}'s pool (shared with
 * the neuron kernel), so they do not each hold their own threads.
 */
public final class Ranges {
    /** Threads the loops split their work over. */
    public static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static final ForkJoinPool POOL = THREADS > 1 ? Parallel.pool(THREADS) : null;
    /** Slots of {@link #scratch}. */
    static final int SLOTS = 4;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[SLOTS][]);

    private Ranges() {}

    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** A range that also knows which of the {@link #tasks} parts it is (to pick per-task buffers). */
    @FunctionalInterface
    public interface TaskRange {
        void run(int task, int from, int to);
    }

    /** How many parts {@link #parallel} splits {@code count} items into. */
    static int tasks(int count) {
        return POOL == null ? 1 : Math.max(1, Math.min(count, THREADS));
    }

    /**
     * {@link #parallel} for loops of BLAS calls (one GEMM per sample): the threads split the calls, each call runs
     * on one BLAS thread. Per-call BLAS threading of such mid-sized GEMMs (e.g. a dense layer's per-sample input
     * gradients) spends much of its time waking and parking threads. BLAS's thread count is restored afterwards. Call
     * it from the thread that runs the network: it changes BLAS's process-wide thread setting while it runs. Arrays the
     * body creates on the pool's threads live outside any workspace: create them before, per task.
     */
    public static void parallelBlas(int count, TaskRange body) {
        if (tasks(count) <= 1) {
            body.run(0, 0, count);
            return;
        }
        int was = BlasThreads.get();
        BlasThreads.set(1);
        try {
            parallel(count, body);
        } finally {
            BlasThreads.set(was);
        }
    }

    /**
     * BLAS's thread count. ND4J's {@code Blas.setMaxThreads} goes through javacpp's {@code blas_set_num_threads},
     * which looks up four symbols with dlsym on every call (serial time, twice per {@link #parallelBlas}); with
     * OpenBLAS (nd4j-native's BLAS) this calls {@code openblas_set_num_threads} through one cached function pointer
     * instead, found by reflection because this module does not depend on a backend. Other BLAS vendors keep ND4J's
     * call. {@code Blas.getMaxThreads} is a cached field read and stays in step, since the count is always restored.
     */
    static final class BlasThreads {
        private static final Blas BLAS = Nd4j.factory().blas();
        private static final MethodHandle OPENBLAS_SET = openblasSetter();

        static int get() {
            return BLAS.getMaxThreads();
        }

        /** Whether {@link #set} calls OpenBLAS directly (for tests). */
        static boolean direct() {
            return OPENBLAS_SET != null;
        }

        static void set(int threads) {
            if (OPENBLAS_SET == null) {
                BLAS.setMaxThreads(threads);
                return;
            }
            try {
                OPENBLAS_SET.invoke(threads);
            } catch (Throwable e) {
                throw new IllegalStateException("openblas_set_num_threads(" + threads + ") failed", e);
            }
        }

        /** {@code (int) -> void} calling openblas_set_num_threads, or null when it cannot be found. */
        private static MethodHandle openblasSetter() {
            try {
                if (BLAS.getBlasVendor() != Blas.Vendor.OPENBLAS) return null;
                Class<?> pointer = Class.forName("org.bytedeco.javacpp.Pointer");
                Class<?> loader = Class.forName("org.bytedeco.javacpp.Loader");
                Object address = loader.getMethod("addressof", String.class).invoke(null, "openblas_set_num_threads");
                if (address == null || (boolean) pointer.getMethod("isNull").invoke(address)) return null;
                Class<?> fp = Class.forName("org.bytedeco.openblas.presets.openblas_nolapack$SetNumThreads");
                // As javacpp's own blas_set_num_threads does: a new native function-pointer holder, then put().
                java.lang.reflect.Constructor<?> make = fp.getDeclaredConstructor();
                make.setAccessible(true);
                Object function = make.newInstance();
                fp.getMethod("put", pointer).invoke(function, address);
                return MethodHandles.publicLookup().findVirtual(fp, "call", MethodType.methodType(void.class, int.class))
                        .bindTo(function);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }
    }

    /**
     * Runs {@code body} over [0, count) in contiguous ranges taken from a shared counter by the caller and the pool
     * ({@link Parallel#ranges}; with one fixed part per thread the faster thread would wait for the slower part). The
     * body must not depend on how [0, count) is split.
     */
    static void parallel(int count, Range body) {
        Parallel.ranges(THREADS, count, body::run);
    }

    /**
     * Runs {@code body} over [0, count) split into {@link #tasks} contiguous ranges, one per thread, telling the body
     * its part number (to pick per-part buffers).
     */
    static void parallel(int count, TaskRange body) {
        int tasks = tasks(count);
        if (tasks <= 1) {
            body.run(0, 0, count);
            return;
        }
        // Parts 1.. go to the pool; the caller runs part 0 itself instead of parking until the pool is done (one
        // thread hand-off less per call, and the caller's core works).
        List<ForkJoinTask<?>> jobs = new ArrayList<>(tasks - 1);
        for (int k = 1; k < tasks; k++) {
            int task = k;
            int from = (int) ((long) count * k / tasks);
            int to = (int) ((long) count * (k + 1) / tasks);
            jobs.add(POOL.submit(() -> body.run(task, from, to)));
        }
        try {
            body.run(0, 0, (int) ((long) count / tasks));
        } finally {
            for (ForkJoinTask<?> job : jobs) job.join();
        }
    }

    /**
     * This thread's float scratch array number {@code slot}, at least {@code n} long, reused across calls (contents
     * undefined). A caller must not hold one across a call into another user of the same slot.
     */
    static float[] scratch(int slot, int n) {
        float[][] s = SCRATCH.get();
        if (s[slot] == null || s[slot].length < n) {
            s[slot] = new float[n];
        }
        return s[slot];
    }

}
