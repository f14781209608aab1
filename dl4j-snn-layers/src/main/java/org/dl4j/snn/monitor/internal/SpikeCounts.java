package org.dl4j.snn.monitor.internal;

import java.util.Arrays;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.monitor.SpikeSummary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-neuron spike counts of one spiking layer accumulated over an interval (an epoch or a window of iterations).
 * For spikes {@code S} of shape {@code [b, N, T]} or {@code [b, C, T, H, W]} and an optional time mask
 * {@code m [b, T]}, one batch adds {@code c[n] += sum_{b,t} S[b, n, t] * m[b, t]} (conv: n = (c*H + h)*W + w) and
 * {@code P += sum_{b,t} m[b, t]}; {@link #summary()} turns them into a {@link SpikeSummary}.
 *
 * <p>The per-batch work is one ND4J sum over the batch and time axes (batched matrix products with the mask when
 * one is given); the running counts stay a detached {@code DOUBLE [N]} array, so nothing is copied to the JVM heap
 * until a summary is asked for.
 */
public final class SpikeCounts {

    /**
     * The counts of one batch.
     *
     * @param perNeuron   detached {@code DOUBLE [N]}: spikes of each neuron summed over the batch's samples and
     *                    unmasked steps
     * @param samples     batch size
     * @param sampleSteps unmasked (sample, step) pairs of the batch
     */
    public record Batch(INDArray perNeuron, long samples, long sampleSteps) {
    }

    private final String who;
    private INDArray total;
    private long samples;
    private long sampleSteps;
    private int batches;

    /**
     * An empty accumulator.
     *
     * @param who names the layer in error messages
     */
    public SpikeCounts(String who) {
        this.who = who;
    }

    /**
     * Counts the spikes of one batch.
     *
     * @param spikes {@code [b, N, T]} or {@code [b, C, T, H, W]} of 0/1 values (any data type, any workspace)
     * @param mask   {@code null} or the time mask {@code [b, T]} (1 = step present, 0 = padding)
     * @param who    names the layer in error messages
     * @return counts allocated outside any workspace, safe to keep after the caller's workspace closes
     * @throws IllegalArgumentException naming {@code who} for a wrong rank or a mask of the wrong shape
     */
    public static Batch count(INDArray spikes, INDArray mask, String who) {
        TimeLayout.requireRank(spikes, who, 3, 5);
        long batch = spikes.size(0);
        long steps = spikes.size(TimeLayout.TIME_AXIS);
        long neurons = batch * steps == 0 ? 0 : spikes.length() / (batch * steps);
        if (mask != null && (mask.rank() != 2 || mask.size(0) != batch || mask.size(1) != steps)) {
            throw new IllegalArgumentException(who + ": time mask must be [batch, T] = [" + batch + ", " + steps
                    + "] for spikes of shape " + Arrays.toString(spikes.shape()) + ", got mask of shape "
                    + Arrays.toString(mask.shape()));
        }
        // Training activations live in DL4J's activation workspace, which is reused after the listener returns:
        // everything computed here must be detached.
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            if (mask == null) {
                INDArray perNeuron = spikes.sum(0, TimeLayout.TIME_AXIS).castTo(DataType.DOUBLE).reshape(neurons);
                return new Batch(perNeuron, batch, batch * steps);
            }
            INDArray m = mask.castTo(spikes.dataType());
            return new Batch(maskedCounts(spikes, m, batch, steps, neurons).castTo(DataType.DOUBLE).reshape(neurons),
                    batch, Math.round(m.sumNumber().doubleValue()));
        }
    }

    /**
     * {@code sum_{b,t} S[b, n, t] * m[b, t]} as batched matrix products, which read the spikes once and allocate
     * nothing of their size (a broadcast multiply first would write a masked copy as large as the spikes).
     */
    private static INDArray maskedCounts(INDArray spikes, INDArray m, long batch, long steps, long neurons) {
        if (spikes.rank() == 3) {
            // [b, N, T] x [b, T, 1] -> [b, N, 1]
            return Nd4j.matmul(spikes, m.reshape('c', batch, steps, 1)).reshape('c', batch, neurons).sum(0);
        }
        // [b*C, 1, T] x [b*C, T, H*W] -> [b*C, 1, H*W], the mask row repeated for every channel.
        long channels = spikes.size(1);
        long spatial = neurons / channels;
        INDArray rows = m.reshape('c', batch, 1, steps).repeat(1, channels).reshape('c', batch * channels, 1, steps);
        INDArray x = spikes.reshape('c', batch * channels, steps, spatial);
        return Nd4j.matmul(rows, x).reshape('c', batch, neurons).sum(0);
    }

    /**
     * Adds one batch's counts.
     *
     * @throws IllegalArgumentException if the batch has another number of neurons than the earlier ones
     */
    public void add(Batch batch) {
        if (total == null) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                total = batch.perNeuron().dup();
            }
        } else if (total.length() != batch.perNeuron().length()) {
            throw new IllegalArgumentException(who + ": " + batch.perNeuron().length() + " neurons in this batch, "
                    + total.length() + " in the earlier batches of the interval");
        } else {
            total.addi(batch.perNeuron());
        }
        samples += batch.samples();
        sampleSteps += batch.sampleSteps();
        batches++;
    }

    /** Counts spikes of one batch (see {@link #count}) and adds them. */
    public void add(INDArray spikes, INDArray mask) {
        add(count(spikes, mask, who));
    }

    /** True if nothing with at least one unmasked step was added since the last {@link #reset()}. */
    public boolean isEmpty() {
        return total == null || sampleSteps == 0;
    }

    /** Number of batches added since the last {@link #reset()}. */
    public int batches() {
        return batches;
    }

    /** The per-neuron counts (a copy), or an empty array when nothing was added. */
    public double[] perNeuron() {
        return total == null ? new double[0] : total.toDoubleVector();
    }

    /**
     * The summary of the counts so far.
     *
     * @throws IllegalStateException naming the layer when nothing was added
     */
    public SpikeSummary summary() {
        if (isEmpty()) {
            throw new IllegalStateException(who + ": no spikes counted in this interval");
        }
        return SpikeSummary.of(perNeuron(), samples, sampleSteps);
    }

    /** Forgets all counts (the next interval starts). */
    public void reset() {
        total = null;
        samples = 0;
        sampleSteps = 0;
        batches = 0;
    }
}
