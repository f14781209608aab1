package org.dl4j.snn.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The fork/join helper of the layers' flat-array loops ({@link SpikeRaster}, {@link SpikeConv}, {@link PoolKernel}):
 * one pool for all of them, so they do not each hold their own threads.
 */
final class Ranges {
    /** Threads the loops split their work over. */
    static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;

    private Ranges() {}

    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** Runs {@code body} over [0, count) split into contiguous ranges, one per thread. */
    static void parallel(int count, Range body) {
        int tasks = Math.min(count, THREADS);
        if (POOL == null || tasks <= 1) {
            body.run(0, count);
            return;
        }
        List<ForkJoinTask<?>> jobs = new ArrayList<>(tasks);
        for (int k = 0; k < tasks; k++) {
            int from = (int) ((long) count * k / tasks);
            int to = (int) ((long) count * (k + 1) / tasks);
            jobs.add(ForkJoinTask.adapt(() -> body.run(from, to)));
        }
        POOL.submit(() -> ForkJoinTask.invokeAll(jobs)).join();
    }
}
