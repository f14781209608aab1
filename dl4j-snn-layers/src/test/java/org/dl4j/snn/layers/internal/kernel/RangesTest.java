package org.dl4j.snn.layers.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.dl4j.snn.neuron.internal.Parallel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The layers' fork/join helper: exact cover of the range (fixed or shared-counter parts), task numbers, BLAS threads. */
class RangesTest {

    @Test
    void everyIndexRunsOnceAndTasksAreNumberedFromZero() {
        for (int count : new int[] {0, 1, 2, 3, 17, 1000}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(count, 1));
            ConcurrentHashMap<Integer, int[]> parts = new ConcurrentHashMap<>();
            Ranges.parallel(count, (task, from, to) -> {
                parts.put(task, new int[] {from, to});
                for (int i = from; i < to; i++) seen.incrementAndGet(i);
            });
            for (int i = 0; i < count; i++) assertThat(seen.get(i)).as("index %d of %d", i, count).isEqualTo(1);
            assertThat(parts.keySet()).allMatch(t -> t >= 0 && t < Ranges.tasks(count));
        }
    }

    @Test
    void sharedCounterRangesCoverEveryIndexOnceInAtMostGrainPartsPerThread() {
        for (int count : new int[] {0, 1, 2, 3, 17, 1000}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(count, 1));
            java.util.Set<Integer> starts = ConcurrentHashMap.newKeySet();
            Ranges.parallel(count, (from, to) -> {
                if (count > 0) assertThat(to).isGreaterThan(from);
                starts.add(from);
                for (int i = from; i < to; i++) seen.incrementAndGet(i);
            });
            for (int i = 0; i < count; i++) assertThat(seen.get(i)).as("index %d of %d", i, count).isEqualTo(1);
            assertThat(starts.size()).isLessThanOrEqualTo(Math.max(1, Ranges.tasks(count) * Parallel.GRAIN));
        }
    }

    @Test
    void parallelBlasRunsCorrectGemmsAndRestoresTheBlasThreadCount() {
        int before = Ranges.BlasThreads.get();
        INDArray a = Nd4j.rand(DataType.FLOAT, 4, 30, 20);
        INDArray w = Nd4j.rand(DataType.FLOAT, 20, 10);
        INDArray out = Nd4j.create(DataType.FLOAT, 4, 30, 10);
        Ranges.parallelBlas(4, (task, n0, n1) -> {
            for (int n = n0; n < n1; n++) Nd4j.gemm(a.slice(n), w, out.slice(n), false, false, 1.0, 0.0);
        });
        for (int n = 0; n < 4; n++) {
            assertThat(out.slice(n).sub(a.slice(n).mmul(w)).amaxNumber().doubleValue()).isLessThan(1e-5);
        }
        assertThat(Ranges.BlasThreads.get()).isEqualTo(before);
    }

    @Test
    void withNd4jNativeTheBlasThreadCountIsSetThroughOpenblasDirectly() {
        // nd4j-native (the test backend) ships OpenBLAS: the slow per-call symbol lookup must be avoided.
        assertThat(Ranges.BlasThreads.direct()).isTrue();
    }
}
