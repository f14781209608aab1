package org.dl4j.snn.layers;

import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The default weight initialisation of {@link SpikingDense} and {@link SpikingConv}, chosen so that a network fires
 * out of the box: {@code W ~ N(0, sigma^2)} with {@code sigma = theta / sqrt(meanSquare * fanIn)}, which gives the
 * synaptic current of every neuron a standard deviation of its firing threshold {@code theta} when the layer's inputs
 * have the mean square {@code meanSquare} (default 0.05, a little below that of MNIST-like {@code [0, 1]} images
 * directly encoded, about 0.1, and of spike trains of rate r, r; so layers fed by sparser spikes still fire). With it
 * the layers of a network without batch norm fire at 7 to 15 % on images, event frames and spike trains; DL4J's
 * Xavier default gave currents of a sixth of that or less and left them silent (measured rates: README, "Networks
 * that fire out of the box", and {@code DefaultInitFiring} in the examples).
 * {@code theta} is the layer's neuron threshold, applied by the layer when it initialises its weights (1 here for
 * any other use).
 *
 * <p>When it applies: a SpikingDense / SpikingConv whose weight init is DL4J's default, Xavier (the network's
 * default when nothing is set), is initialised with this class instead. Any other init, set for the network
 * ({@code NeuralNetConfiguration.Builder.weightInit(WeightInit.RELU)}) or on the layer, is used as it is; set
 * {@code .weightInit(new WeightInitSpiking(m))} for inputs of another mean square, or
 * {@code WeightInit.XAVIER_UNIFORM} / {@code new WeightInitNormal()} for DL4J's behaviour.
 */
public class WeightInitSpiking implements IWeightInit {
    private static final long serialVersionUID = 1L;

    /** The assumed mean square of the inputs when none is given. */
    public static final double DEFAULT_MEAN_SQUARE = 0.05;

    @JsonProperty("meanSquare")
    private final double meanSquare;

    /** For inputs of mean square {@link #DEFAULT_MEAN_SQUARE}. */
    public WeightInitSpiking() {
        this(DEFAULT_MEAN_SQUARE);
    }

    /** @param meanSquare the mean square of the layer's inputs ({@code > 0}) */
    @JsonCreator
    public WeightInitSpiking(@JsonProperty("meanSquare") double meanSquare) {
        if (!(meanSquare > 0) || Double.isInfinite(meanSquare)) {
            throw new IllegalArgumentException("WeightInitSpiking: meanSquare must be finite and > 0, got "
                    + meanSquare);
        }
        this.meanSquare = meanSquare;
    }

    public double getMeanSquare() {
        return meanSquare;
    }

    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        return init(fanIn, shape, order, paramView, 1.0);
    }

    /** {@link #init(double, double, long[], char, INDArray)} for neurons of threshold {@code theta}. */
    public INDArray init(double fanIn, long[] shape, char order, INDArray paramView, double theta) {
        Nd4j.randn(paramView).muli(sigma(fanIn, theta));
        return paramView.reshape(order, shape);
    }

    /** {@code theta / sqrt(meanSquare * fanIn)}. */
    public double sigma(double fanIn, double theta) {
        return Math.abs(theta) / Math.sqrt(meanSquare * fanIn);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightInitSpiking w && w.meanSquare == meanSquare;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(meanSquare);
    }

    @Override
    public String toString() {
        return "WeightInitSpiking(meanSquare=" + meanSquare + ")";
    }
}
