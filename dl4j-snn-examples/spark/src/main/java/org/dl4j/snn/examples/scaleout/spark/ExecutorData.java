package org.dl4j.snn.examples.scaleout.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dl4j.snn.datasets.datavec.FrameDataset;
import org.dl4j.snn.datasets.datavec.Split;
import org.dl4j.snn.datasets.format.EventChecks;
import org.dl4j.snn.datasets.format.TimestampPolicy;
import org.dl4j.snn.datasets.iterator.SnnDataSetIterator;
import org.dl4j.snn.examples.train.RunConfig;
import org.dl4j.snn.examples.train.RunData;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * The dataset as an executor sees it: opened once per JVM (executor) from the run's settings with the same readers,
 * frame integration and layout as training on one machine ({@link RunData}), with an in-memory frame cache, so that
 * each executor decodes a recording at most once and serves it from its cache afterwards.
 *
 * <p>The driver sends only {@link Batch}es: sample indices and the files they must be (a partitioned file list).
 * An executor whose {@code --root} holds other files fails with both names instead of training on wrong data.
 */
final class ExecutorData {
    private static final Map<Source, SnnDataSetIterator> OPEN = new ConcurrentHashMap<>();

    private ExecutorData() {
    }

    /**
     * Which data: the run's settings (as {@code config.json} text), the readers' timestamp checks (as their
     * fields: {@link EventChecks} is no {@link Serializable}) and the split.
     */
    record Source(String configJson, String timestamps, long maxDurationUs, double maxDroppedFraction,
                  double maxEventsPerUs, boolean train) implements Serializable {
        private static final long serialVersionUID = 2L;

        static Source of(RunConfig config, EventChecks checks, boolean train) {
            return new Source(config.toTree().toString(), checks.timestamps().name(), checks.maxDurationUs(),
                    checks.maxDroppedFraction(), checks.maxEventsPerUs(), train);
        }

        EventChecks checks() {
            return new EventChecks(TimestampPolicy.valueOf(timestamps), maxDurationUs, maxDroppedFraction,
                    maxEventsPerUs);
        }
    }

    /** One mini-batch: sample indices of the split and the files (or descriptions) they are on the driver. */
    record Batch(int[] indices, String[] samples) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A loaded batch and how many of its samples came from this executor's frame cache. */
    record Loaded(DataSet data, int fromCache) {
    }

    /** The split's iterator of this JVM (opened on first use; thread-safe, several tasks share it). */
    static SnnDataSetIterator open(Source source) {
        return OPEN.computeIfAbsent(source, k -> {
            RunConfig config;
            try {
                config = RunConfig.fromTree((ObjectNode) RunConfig.json().readTree(source.configJson()), null);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read the run's settings on this executor: " + e, e);
            }
            var builder = RunData.builder(config, source.train() ? Split.TRAIN : Split.TEST, source.checks())
                    .cacheInMemory();
            if (source.train()) {
                builder.shuffle(config.seed());
            }
            return builder.baseIterator();
        });
    }

    /** Batch {@code b} of epoch {@code epoch}, read here. */
    static Loaded load(Source source, Batch b, int epoch) {
        SnnDataSetIterator it = open(source);
        FrameDataset<?> frames = it.dataset();
        int cached = 0;
        for (int k = 0; k < b.indices().length; k++) {
            int i = b.indices()[k];
            String here = i < frames.size() ? frames.source().describe(i) : "(none: " + frames.size() + " samples)";
            if (!here.equals(b.samples()[k])) {
                throw new IllegalStateException("this executor's dataset differs from the driver's: sample " + i
                        + " is " + b.samples()[k] + " on the driver but " + here + " here; every executor must see the "
                        + "same files at the dataset root (a shared file system, or a copy at the same path)");
            }
            if (frames.isCachedInMemory(i)) {
                cached++;
            }
        }
        DataSet d = it.batch(epoch, b.indices());
        if (d == null) {
            throw new IllegalStateException("every sample of a batch was skipped as bad: "
                    + Arrays.toString(b.samples()));
        }
        return new Loaded(d, cached);
    }
}
