package org.dl4j.snn.layers.internal.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The batch size of the forward pass that runs on this thread, as the spiking layers see it: every runtime of this
 * library records the batch size b and the steps T of the time-major activations ({@code [b, N, T]},
 * {@code [b, C, T, H, W]}) it is given. {@link org.dl4j.snn.layers.preprocessor.FeedForwardToTimePreProcessor}
 * needs b to fold the rows {@code [b*T, N]} of stock feed-forward layers back into {@code [b, N, T]}, and the
 * mini-batch size that DL4J hands to preprocessors is not always the one of the pass: a ComputationGraph takes it
 * from the labels of its last {@code fit}, so after training on batches of 64, {@code output} of 250 samples would
 * fold 250*T rows with b = 64.
 *
 * <p>Per thread, so parallel inference on model copies keeps its own value; only numbers are kept.
 */
public final class StepBatch {
    private static final ThreadLocal<long[]> LAST = new ThreadLocal<>();

    private StepBatch() {
    }

    /** Records b and T of time-major activations (rank 3 or 5; anything else is ignored). */
    public static void record(INDArray timeMajor) {
        if (timeMajor != null && (timeMajor.rank() == 3 || timeMajor.rank() == 5)) {
            LAST.set(new long[] {timeMajor.size(0), timeMajor.size(2)});
        }
    }

    /** Records batch size {@code batch} and {@code steps} time steps. */
    public static void record(long batch, long steps) {
        LAST.set(new long[] {batch, steps});
    }

    /**
     * The recorded steps T when the recorded batch times T is {@code rows} and T &gt; 1, else 1: how many steps the
     * rows {@code [rows, ...]} hold, if they are folded time-major activations of this pass.
     */
    static long stepsOfRows(long rows) {
        long[] last = LAST.get();
        return last != null && last[1] > 1 && last[0] * last[1] == rows ? last[1] : 1;
    }

    /**
     * The batch size b of {@code rows = b*T} feed-forward rows: the recorded b when the recorded b*T is
     * {@code rows} (the activations these rows were made from), else the network's mini-batch size
     * {@code networkBatch} when it divides {@code rows}.
     *
     * @throws IllegalArgumentException naming {@code who} when neither fits
     */
    public static long batchOfRows(long rows, long networkBatch, String who) {
        long[] last = LAST.get();
        if (last != null && last[0] > 0 && last[0] * last[1] == rows) {
            return last[0];
        }
        if (networkBatch > 0 && rows % networkBatch == 0) {
            return networkBatch;
        }
        throw new IllegalArgumentException(who + ": cannot fold " + rows + " feed-forward rows into [batch, N, T]: "
                + "the network's mini-batch size " + networkBatch + " does not divide them"
                + (last == null ? "" : " and the last spiking activations had batch " + last[0] + ", T " + last[1]));
    }
}
