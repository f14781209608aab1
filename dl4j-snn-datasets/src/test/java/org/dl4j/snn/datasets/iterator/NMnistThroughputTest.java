package org.dl4j.snn.datasets.iterator;

import org.dl4j.snn.datasets.NMnist;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures samples/s of the N-MNIST iterator at T = 10 (decode + integrate + batch), logged, not asserted: the
 * machine is shared, so only the sample counts are checked.
 */
class NMnistThroughputTest {
    private static final Logger log = LoggerFactory.getLogger(NMnistThroughputTest.class);

    private static int epoch(DataSetIterator it) {
        int n = 0;
        while (it.hasNext()) {
            n += it.next().numExamples();
        }
        return n;
    }

    private static void measure(String what, DataSetIterator it) {
        epoch(it); // warm-up: JIT, page cache
        it.reset();
        long t0 = System.nanoTime();
        int n = epoch(it);
        double s = (System.nanoTime() - t0) / 1e9;
        log.info("N-MNIST iterator throughput, {}: {} samples in {} s = {} samples/s", what, n,
                String.format("%.3f", s), String.format("%.0f", n / s));
        assertThat(n).isEqualTo(1000);
    }

    @Test
    void logsSamplesPerSecondAtTenFrames() {
        measure("T=10 batch 16 conv, 1 thread", NMnist.train(NMnistSample.ROOT).frames(10).batch(16).shuffle(1)
                .iterator());
        measure("T=10 batch 16 dense, 1 thread", NMnist.train(NMnistSample.ROOT).frames(10).batch(16).shuffle(1)
                .dense().iterator());
        measure("T=10 batch 16 conv, memory cache (2nd epoch)", NMnist.train(NMnistSample.ROOT).frames(10)
                .batch(16).shuffle(1).cacheInMemory().iterator());
    }
}
