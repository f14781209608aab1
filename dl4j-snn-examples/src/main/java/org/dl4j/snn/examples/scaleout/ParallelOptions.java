package org.dl4j.snn.examples.scaleout;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.FixedThresholdAlgorithm;
import org.deeplearning4j.parallelism.ParallelWrapper;

/**
 * How {@code train --workers N} runs ParallelWrapper: N replicas in this JVM, kept in step by averaging
 * parameters and updater state every {@code averagingFrequency} rounds (one mini-batch per replica per round), or by
 * sharing threshold-encoded updates after every step. Both run with {@link ReplicaStart}'s start-up fix.
 *
 * <p>Gradient sharing sends each update element as {@code +-threshold} and keeps the rest as a residual, so an
 * element moves at most one threshold per step. DL4J's default adaptive threshold (which tunes the threshold to a
 * target sparsity) left the default preset at 0.56 test accuracy after 2 epochs, 0.78 alone; a fixed threshold equal
 * to Adam's learning rate (the size of Adam's steps) gave 0.80. {@code threshold} is therefore the run's learning
 * rate by default.
 *
 * @param workers            replicas (threads; one device each on a multi-GPU machine)
 * @param mode               how the replicas are kept in step
 * @param averagingFrequency rounds between averages ({@link TrainingMode#AVERAGING} only)
 * @param prefetch           mini-batches prepared ahead by a background thread
 * @param threshold          the encoding threshold of gradient sharing ({@link TrainingMode#SHARED_GRADIENTS} only)
 */
public record ParallelOptions(int workers, TrainingMode mode, int averagingFrequency, int prefetch,
                              double threshold) {

    public ParallelOptions {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        if (mode == null) {
            throw new IllegalArgumentException("the training mode is required (averaging or shared-gradients)");
        }
        if (averagingFrequency < 1) {
            throw new IllegalArgumentException("averaging frequency must be >= 1, got " + averagingFrequency);
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("prefetch must be >= 0, got " + prefetch);
        }
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("the gradient-sharing threshold must be > 0, got " + threshold);
        }
    }

    /** Averaging after every round, 4 batches prefetched. */
    public static ParallelOptions averaging(int workers) {
        return new ParallelOptions(workers, TrainingMode.AVERAGING, 1, 4, 1e-3);
    }

    /** Gradient sharing (with {@link ReplicaStart}'s start-up fix) at a fixed threshold, 4 batches prefetched. */
    public static ParallelOptions sharedGradients(int workers, double threshold) {
        return new ParallelOptions(workers, TrainingMode.SHARED_GRADIENTS, 1, 4, threshold);
    }

    /** A ParallelWrapper over {@code net} with these options (one per epoch in {@link WorkersNet}). */
    public ParallelWrapper wrapper(Model net) {
        ParallelWrapper.Builder<Model> b = new ParallelWrapper.Builder<>(net).workers(workers).prefetchBuffer(prefetch);
        if (mode == TrainingMode.AVERAGING) {
            return ReplicaStart.install(b.trainingMode(ParallelWrapper.TrainingMode.AVERAGING)
                    .averagingFrequency(averagingFrequency).averageUpdaters(true).reportScoreAfterAveraging(false)
                    .build(), workers, false);
        }
        return ReplicaStart.install(b.trainingMode(ParallelWrapper.TrainingMode.SHARED_GRADIENTS)
                .thresholdAlgorithm(new FixedThresholdAlgorithm(threshold)).build(), workers, true);
    }
}
