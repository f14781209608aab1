package org.dl4j.snn.layers.internal.runtime;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.preprocessor.FeedForwardToTimePreProcessor;
import org.dl4j.snn.layers.preprocessor.TimeFlattenPreProcessor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The automatic preprocessors of the spiking layers, applied by the layers themselves where DL4J skips them: under
 * {@code rnnTimeStep} a ComputationGraph hands a recurrent layer its vertex input without running the vertex's
 * preprocessor (MultiLayerNetwork runs it). The two preprocessors that DL4J adds for these layers are determined by
 * the input, so the layer can apply them: {@link TimeFlattenPreProcessor} for a dense layer given conv activations
 * {@code [b, C, T, H, W]}, and {@link FeedForwardToTimePreProcessor} for rows {@code [b*T, N]} of stock feed-forward
 * layers (which the graph hands over as {@code [b*T, N, 1]}). Input already in the layer's layout passes unchanged.
 */
public final class TimeSteps {
    private TimeSteps() {
    }

    /** Conv activations flattened for a dense layer ({@code [b, C, T, H, W] -> [b, C*H*W, T]}), then {@link #fromRows}. */
    static INDArray forDense(INDArray x, String who) {
        if (x.rank() == 5) {
            return TimeFlattenPreProcessor.flatten(x, LayerWorkspaceMgr.noWorkspaces(), ArrayType.INPUT);
        }
        return fromRows(x, who);
    }

    /**
     * Rows of this pass's time-major activations, {@code [b*T, N]} or {@code [b*T, N, 1]}, folded back into
     * {@code [b, N, T]}; anything else unchanged.
     */
    public static INDArray fromRows(INDArray x, String who) {
        boolean rows = x.rank() == 2 || x.rank() == 3 && x.size(2) == 1;
        if (!rows || StepBatch.stepsOfRows(x.size(0)) == 1) {
            return x;
        }
        INDArray flat = x.rank() == 3 ? x.reshape(x.size(0), x.size(1)) : x;
        return new FeedForwardToTimePreProcessor().preProcess(flat, -1, LayerWorkspaceMgr.noWorkspaces());
    }
}
