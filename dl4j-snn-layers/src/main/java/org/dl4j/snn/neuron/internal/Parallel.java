package org.dl4j.snn.neuron.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fork/join helper of the library's flat-array loops (the neuron kernel and the layers' kernels): one pool per
 * thread count, shared by all of them, and one way of splitting work.
 */
public final class Parallel {
    /** Ranges per thread of {@link #ranges}. */
    public static final int GRAIN = 4;
    private static final Map<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();

    private Parallel() {
    }

    /** A contiguous part [from, to) of the work. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over [0, count) split into {@code min(count, threads * GRAIN)} contiguous ranges, which the
     * caller and {@code threads - 1} pool workers take in turn from a shared counter until none is left: the caller
     * works instead of parking, and a thread that finishes early (less work in its ranges, or the other thread lost
     * its core for a while) takes the next range instead of waiting for the slowest fixed part. With one thread, or
     * fewer than two items, the caller runs {@code body(0, count)}. The body must not depend on how [0, count) is
     * split.
     */
    public static void ranges(int threads, int count, Range body) {
        int parts = Math.min(count, threads * GRAIN);
        if (threads <= 1 || parts <= 1) {
            body.run(0, count);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable drain = () -> {
            for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
                body.run((int) ((long) count * p / parts), (int) ((long) count * (p + 1) / parts));
            }
        };
        ForkJoinPool pool = pool(threads);
        List<ForkJoinTask<?>> helpers = new ArrayList<>(threads - 1);
        for (int h = 1; h < threads; h++) helpers.add(pool.submit(drain));
        try {
            drain.run();
        } finally {
            for (ForkJoinTask<?> helper : helpers) helper.join();
        }
    }

    /** The shared pool for {@code threads}-way loops. */
    public static ForkJoinPool pool(int threads) {
        return POOLS.computeIfAbsent(threads, ForkJoinPool::new);
    }
}
