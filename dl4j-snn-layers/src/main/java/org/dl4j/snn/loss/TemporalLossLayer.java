package org.dl4j.snn.loss;

import java.util.Collection;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.dl4j.snn.layers.internal.runtime.Runtimes;
import org.dl4j.snn.loss.internal.TemporalLossRuntime;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Output layer without parameters that scores a whole time series {@code [batch, classes, T]} (NCW) with a
 * {@link TemporalLoss} against labels {@code [batch, classes]} (a plain {@code DataSet}) or
 * {@code [batch, classes, T]}. It passes the 3-D activations, the labels and the time-step mask
 * ({@code [batch, T]}: the label mask when given, else the feature mask propagated through the network) to the
 * loss unchanged, which DL4J's {@code LossLayer} (3-D labels reshaped wrongly, RNN-to-FF preprocessor) and
 * {@code RnnLossLayer} (labels must be 3-D, time flattened into the batch) cannot do.
 *
 * <p>Use it after any layer with recurrent output of size {@code classes} (or {@code classes * votesPerClass}).
 * The activation (default identity) is applied per time step; the cross-entropy losses require logits. A
 * feed-forward input type gets DL4J's FF-to-RNN preprocessor, as {@code RnnOutputLayer} does.
 *
 * <p>Masks with labels {@code [batch, classes]}: a time mask belongs in the features mask (it reaches this layer
 * through the network); a labels mask may be {@code [batch, T]}, {@code [batch, 1]} or, to mask whole samples,
 * {@code [batch, classes]} with constant rows ({@link org.dl4j.snn.loss.internal.TimeMask}). DL4J's
 * {@code DataSet.merge} (used by iterators that batch) keeps only the last form intact for 2-D labels.
 */
public class TemporalLossLayer extends FeedForwardLayer {
    private static final long serialVersionUID = 1L;

    private TemporalLoss lossFn;

    /** For Jackson. */
    protected TemporalLossLayer() {
    }

    private TemporalLossLayer(Builder builder) {
        super(builder);
        this.lossFn = builder.lossFn;
    }

    public TemporalLoss getLossFn() {
        return lossFn;
    }

    public void setLossFn(TemporalLoss lossFn) {
        this.lossFn = lossFn;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
            int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return Runtimes.wire(new TemporalLossRuntime(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return EmptyParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return checkRecurrent(inputType);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeRecurrent r = checkRecurrent(inputType);
        if (nIn <= 0 || override) {
            this.nIn = r.getSize();
            this.nOut = r.getSize();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreprocessorForInputTypeRnnLayers(inputType, RNNFormat.NCW, getLayerName());
    }

    private InputType.InputTypeRecurrent checkRecurrent(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent r)) {
            throw new IllegalStateException("TemporalLossLayer \"" + getLayerName()
                    + "\": expected recurrent input [batch, classes, T], got " + inputType);
        }
        if (r.getFormat() != RNNFormat.NCW) {
            throw new IllegalStateException("TemporalLossLayer \"" + getLayerName()
                    + "\": expected NCW recurrent input [batch, classes, T], got format " + r.getFormat());
        }
        return r;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        // No parameters; the activations are one copy of the input.
        return new LayerMemoryReport.Builder(layerName, TemporalLossLayer.class, inputType, inputType)
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        throw new UnsupportedOperationException("TemporalLossLayer has no parameters (asked for " + paramName + ")");
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof TemporalLossLayer other)) return false;
        return super.equals(o) && Objects.equals(lossFn, other.lossFn);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Objects.hashCode(lossFn);
    }

    @Override
    public String toString() {
        return "TemporalLossLayer(name=" + getLayerName() + ", lossFn=" + lossFn + ", activation=" + getActivationFn()
                + ")";
    }

    /** Builder: {@code new TemporalLossLayer.Builder(new TetLoss(0.05)).build()} (activation identity). */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private TemporalLoss lossFn;

        public Builder() {
            this.activation(Activation.IDENTITY);
        }

        public Builder(TemporalLoss lossFn) {
            this();
            this.lossFn = lossFn;
        }

        public Builder lossFunction(TemporalLoss lossFn) {
            this.lossFn = lossFn;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public TemporalLossLayer build() {
            if (lossFn == null) {
                throw new IllegalStateException("TemporalLossLayer \"" + layerName + "\": lossFunction is not set");
            }
            lossFn.checkActivation(activationFn);
            return new TemporalLossLayer(this);
        }
    }
}
