package org.dl4j.snn.layers;

import java.io.Serializable;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The linear part of a layer, its synapse: the same linear map at every time step from the layer's input to the
 * currents {@code z[t] = W x[t] + b} that its neuron integrates. {@link DenseSynapse} (fully connected) or
 * {@link ConvSynapse} (a 2-D convolution). A {@link SynapseLayer} is one synapse followed by a neuron
 * ({@link SpikingDense}, {@link SpikingConv}, {@link LeakyIntegratorReadout}) or by none ({@link TimeConv}); its
 * parameters are the synapse's "W" and "b", then the neuron's.
 *
 * <p>Immutable. The layer writes the synapse's settings into its JSON as properties of its own ("hasBias",
 * "kernelSize", ...), as the layers did before they were built from parts. Serializable and cloned with its layer,
 * as DL4J's Spark training masters ship layer configurations (a Java-serialised broadcast, {@code clone()} on
 * every worker).
 */
public abstract sealed class Synapse implements Serializable, Cloneable permits DenseSynapse, ConvSynapse {
    private static final long serialVersionUID = 1L;

    @JsonProperty("hasBias")
    private boolean hasBias = true;

    /** For Jackson. */
    Synapse() {
    }

    Synapse(boolean hasBias) {
        this.hasBias = hasBias;
    }

    /** A copy of this synapse that shares no array with it. */
    @Override
    public Synapse clone() {
        try {
            return (Synapse) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether the currents get the bias "b". */
    public boolean hasBias() {
        return hasBias;
    }

    /**
     * Output positions per output channel for the configured input (a neuron each): 1 for a dense synapse,
     * H' * W' for a convolution (known after InputType inference).
     */
    public abstract long outputPositions();

    /**
     * The shape of the currents, {@code [batch, nOut, T]} or {@code [batch, nOut, T, H', W']}, for an input of shape
     * {@code inputShape} ({@code [batch, nIn, T]} or {@code [batch, C, T, H, W]}).
     */
    public long[] outputShape(long[] inputShape, long nOut) {
        return outputShape(inputShape, nOut, getClass().getSimpleName());
    }

    /** {@link #outputShape(long[], long)}, naming the layer ({@code who}) in its errors. */
    abstract long[] outputShape(long[] inputShape, long nOut, String who);

    /** The input size nIn that an input of this type gives. */
    abstract long inputSize(InputType inputType, String who);

    /** This synapse with what InputType inference found out about the input (the conv input's H x W). */
    abstract Synapse withInput(InputType inputType, String who);

    /** The output type for an input of this type. */
    abstract InputType outputType(InputType inputType, long nOut, String who);

    /** The preprocessor DL4J must insert before the layer for this input type, or null. */
    abstract InputPreProcessor preProcessor(InputType inputType, String who);

    /**
     * Checks an input array's rank, size nIn and T.
     *
     * @throws IllegalArgumentException naming the layer ({@code who}), the expected and the actual shape
     */
    abstract void checkShape(INDArray x, long nIn, String who);

    /** The currents {@code z} of the input (shape {@code inputShape}, checked) as a SameDiff graph. */
    abstract SDVariable define(SameDiff sd, SDVariable input, Map<String, SDVariable> params, long[] inputShape,
                               long nIn, long nOut, String who);

    /** {@code params.get(name)}, or an error naming the layer and the missing key. */
    static SDVariable param(Map<String, SDVariable> params, String name, String who) {
        SDVariable p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException(who + ": params has no \"" + name + "\" (keys " + params.keySet() + ")");
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((Synapse) o).hasBias == hasBias;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(hasBias);
    }
}
