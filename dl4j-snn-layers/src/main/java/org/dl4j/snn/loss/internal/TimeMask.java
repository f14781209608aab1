package org.dl4j.snn.loss.internal;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Normalises the labels mask that DL4J hands to an output layer into the time-step form the temporal losses take.
 * A mask {@code [batch, T]} or {@code [batch, 1]} is kept; a per-class mask shaped like labels {@code [batch, K]}
 * (what {@code DataSet.merge} builds for 2-D labels, {@code K != T}) must be constant along each row and becomes
 * the per-sample mask {@code [batch, 1]}.
 */
public final class TimeMask {
    private TimeMask() {}

    /**
     * @param mask   labels mask or {@code null}
     * @param labels {@code [batch, K]} or {@code [batch, K, T]}
     * @param steps  T of the output
     * @param owner  name used in error messages
     * @return {@code null}, {@code [batch, T]} or {@code [batch, 1]}
     * @throws IllegalArgumentException for a per-class mask that differs between classes of one sample
     */
    public static INDArray of(INDArray mask, INDArray labels, long steps, String owner) {
        if (mask == null || labels == null || labels.rank() != 2 || mask.rank() != 2) {
            return mask;
        }
        long columns = mask.size(1);
        boolean perClass = mask.size(0) == labels.size(0) && columns == labels.size(1) && columns != steps
                && columns != 1;
        if (!perClass) {
            return mask;
        }
        INDArray rowMax = mask.max(true, 1);
        if (!rowMax.equals(mask.min(true, 1))) {
            throw new IllegalArgumentException(owner + ": per-class label mask " + Arrays.toString(mask.shape())
                    + " masks some classes of a sample but not others; only whole samples ([batch, 1] or constant"
                    + " rows) or time steps ([batch, " + steps + "]) can be masked");
        }
        return rowMax;
    }
}
