package org.dl4j.snn.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.dl4j.snn.layers.internal.kernel.TimeLayout;
import org.dl4j.snn.layers.internal.runtime.VotingReadoutRuntime;
import org.dl4j.snn.layers.internal.runtime.Runtimes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The PLIF paper's voting readout as a parameter-free layer: the output layer has {@code votes} spiking neurons per
 * class and each class's output is the mean of its group, {@code [batch, classes*votes, T] -> [batch, classes, T]}.
 * {@code y[b, k, t] = (1/votes) * sum_{j<votes} x[b, k*votes + j, t]} (consecutive groups, as SpikingJelly's
 * {@code VotingLayer} = {@code AvgPool1d(votes, votes)}); place it after a spiking dense layer with
 * {@code nOut = classes * votes}, then a loss on {@code [batch, classes, T]}. Also accepts {@code [batch, N]}.
 */
public class VotingReadout extends NoParamLayer {
    private static final long serialVersionUID = 1L;

    @JsonProperty("votes")
    private int votes;

    /** For Jackson. */
    protected VotingReadout() {
    }

    protected VotingReadout(Builder builder) {
        super(builder);
        this.votes = builder.votes;
    }

    /** Output neurons per class. */
    public int getVotes() {
        return votes;
    }

    @Override
    public VotingReadout clone() {
        return (VotingReadout) super.clone();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        return Runtimes.wire(new VotingReadoutRuntime(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        String who = TimeLayout.describe("VotingReadout", getLayerName(), layerIndex);
        if (inputType instanceof InputType.InputTypeFeedForward) {
            long n = ((InputType.InputTypeFeedForward) inputType).getSize();
            return InputType.feedForward(classes(n, who));
        }
        InputType.InputTypeRecurrent r = TimeLayout.requireRecurrent(inputType, who);
        long classes = classes(r.getSize(), who);
        return r.getTimeSeriesLength() > 0 ? InputType.recurrent(classes, r.getTimeSeriesLength())
                : InputType.recurrent(classes);
    }

    /** @throws IllegalStateException naming the layer when the input size is not a multiple of votes */
    private long classes(long size, String who) {
        if (size % votes != 0) {
            throw new IllegalStateException(who + ": input size " + size + " is not divisible by votes " + votes
                    + "; the layer before it needs nOut = classes * " + votes);
        }
        return size / votes;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        getOutputType(-1, inputType);
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(layerName, VotingReadout.class, inputType, out)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /**
     * {@code [b, K*votes(, T)] -> [b, K(, T)]}: the mean of each group of {@code votes} consecutive neurons, into a
     * C-order array of {@code type}.
     *
     * @throws IllegalArgumentException naming {@code who} when the shape does not fit
     */
    public static INDArray vote(INDArray x, int votes, LayerWorkspaceMgr mgr, ArrayType type, String who) {
        TimeLayout.requireRank(x, who, 2, 3);
        long b = x.size(0);
        long n = x.size(1);
        if (n % votes != 0) {
            throw new IllegalArgumentException(who + ": input size(1) " + n + " is not divisible by votes " + votes);
        }
        long steps = x.rank() == 3 ? x.size(2) : 1;
        INDArray grouped = TimeLayout.reshapeC(x, mgr, type, b, n / votes, votes, steps);
        INDArray out = mgr.createUninitialized(type, x.dataType(), new long[] {b, n / votes, 1, steps}, 'c');
        grouped.sum(out, 2);
        out.divi(votes);
        return x.rank() == 3 ? out.reshape('c', b, n / votes, steps) : out.reshape('c', b, n / votes);
    }

    /**
     * The gradient of {@link #vote}: {@code dL/dx[b, k*votes + j, t] = dL/dy[b, k, t] / votes}, into a C-order array
     * of {@code type}.
     */
    public static INDArray voteGradient(INDArray gradY, int votes, LayerWorkspaceMgr mgr, ArrayType type) {
        long b = gradY.size(0);
        long k = gradY.size(1);
        long steps = gradY.rank() == 3 ? gradY.size(2) : 1;
        INDArray g = TimeLayout.reshapeC(gradY, mgr, type, b, k, 1, steps);
        INDArray out = mgr.createUninitialized(type, gradY.dataType(), new long[] {b, k, votes, steps}, 'c');
        out.assign(g.broadcast(b, k, votes, steps)).divi(votes);
        return gradY.rank() == 3 ? out.reshape('c', b, k * votes, steps) : out.reshape('c', b, k * votes);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && super.equals(o) && ((VotingReadout) o).votes == votes;
    }

    @Override
    public int hashCode() {
        return (getClass().hashCode() * 31 + super.hashCode()) * 31 + votes;
    }

    @Override
    public String toString() {
        return "VotingReadout(name=" + getLayerName() + ", votes=" + votes + ")";
    }

    /** Builder: {@code new VotingReadout.Builder(10)} averages groups of 10 neurons (PLIF). */
    public static class Builder extends org.deeplearning4j.nn.conf.layers.Layer.Builder<Builder> {
        private int votes = 10;

        /** The PLIF paper's 10 votes per class. */
        public Builder() {
        }

        public Builder(int votes) {
            this.votes = votes;
        }

        /** Output neurons per class, {@code >= 1}. */
        public Builder votes(int votes) {
            this.votes = votes;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public VotingReadout build() {
            if (votes < 1) {
                throw new IllegalStateException(TimeLayout.describe("VotingReadout", layerName, -1)
                        + ": votes must be >= 1, got " + votes);
            }
            return new VotingReadout(this);
        }
    }
}
