package org.dl4j.snn.layers.internal.kernel;

import java.util.function.Supplier;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * libnd4j's own loop threads, turned off around work that the library parallelises itself. The Java kernels split
 * their loops over {@link Ranges}' threads; a libnd4j op they call in between (a cast, a copy, a bias add) wakes
 * libnd4j's OpenMP threads, which then spin-wait for the next op and take the cores those kernels need. Measured on
 * the 2-core box (docs/performance.md, "libnd4j's threads"), this doubled the CPU time of a training step of the
 * benchmark MLP. OpenBLAS keeps its own threads (the conv synapse's large GEMMs use them).
 *
 * <p>The settings are libnd4j's process-wide {@code maxMasterThreads} and {@code maxThreads}, as the SameDiff
 * engine's one-thread scope set them before this class. On the development box {@code setMaxThreads(1)} left
 * {@code maxThreads} at its start value of 2 and {@code maxMasterThreads} alone did the work. Both are restored
 * afterwards, so stock DL4J layers of the same network keep their threads.
 */
public final class NativeThreads {
    private NativeThreads() {
    }

    /** Runs {@code body} with libnd4j's loops on the calling thread, then restores libnd4j's setting. */
    public static <T> T serial(Supplier<T> body) {
        Environment env = Nd4j.getEnvironment();
        int master = env.maxMasterThreads();
        int max = env.maxThreads();
        if (master <= 1) {
            return body.get();
        }
        env.setMaxThreads(1);
        env.setMaxMasterThreads(1);
        try {
            return body.get();
        } finally {
            env.setMaxThreads(max);
            env.setMaxMasterThreads(master);
        }
    }

    /** {@link #serial(Supplier)} for a body without a result. */
    public static void serial(Runnable body) {
        serial(() -> {
            body.run();
            return null;
        });
    }
}
