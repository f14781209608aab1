package org.dl4j.snn.examples.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dl4j.snn.datasets.NMnist;
import org.dl4j.snn.datasets.iterator.SnnDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Throughput of the data pipeline of the N-MNIST preset: ATIS {@code .bin} event file -> 10 frames by event count
 * (SpikingJelly's {@code split_by='number'}) -> {@code DataSet [16, 2, 10, 34, 34]}, over the N-MNIST sample bundled
 * with the project, with no cache and no prefetch thread, so that it measures decoding and integration alone.
 * samples/s = samples / median-batch seconds, over {@code epochs} passes after one untimed pass.
 */
public final class PipelineBench {
    private PipelineBench() {}

    public static BenchResult run(Path nmnistRoot, int workers, int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("bench pipeline: epochs must be >= 1, got " + epochs);
        SnnDataSetIterator it = NMnist.train(nmnistRoot).frames(BenchNet.CONV.steps).batch(BenchNet.CONV.batch)
                .shuffle(42).workers(workers).baseIterator();
        int samplesPerEpoch = drain(it, null);
        StepTimes times = new StepTimes(epochs * (samplesPerEpoch / BenchNet.CONV.batch + 1));
        long samples = 0;
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            it.reset();
            samples += drain(it, times);
        }
        double total = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("samples", samples);
        extra.put("samples_per_s_overall", BenchResult.round(samples / total, 1));
        extra.put("workers", workers);
        extra.put("batch", BenchNet.CONV.batch);
        extra.put("T", BenchNet.CONV.steps);
        extra.put("source", "nmnist-small Train (bundled sample)");
        return new BenchResult("pipeline", "dl4j-snn", "datavec", times.perSecond(BenchNet.CONV.batch),
                times.medianMs(), times.minMs(), ProcessMemory.peakRssMib(), workers, extra);
    }

    /** Reads the iterator to its end; times each full batch into {@code times} (when given). Returns samples read. */
    private static int drain(SnnDataSetIterator it, StepTimes times) {
        int samples = 0;
        long t0 = System.nanoTime();
        while (it.hasNext()) {
            DataSet ds = it.next();
            long t1 = System.nanoTime();
            int n = (int) ds.getFeatures().size(0);
            if (times != null && n == BenchNet.CONV.batch) times.add(t1 - t0);
            samples += n;
            t0 = System.nanoTime();
        }
        return samples;
    }
}
