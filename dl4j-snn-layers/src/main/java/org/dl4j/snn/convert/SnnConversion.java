package org.dl4j.snn.convert;

import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The result of {@link AnnToSnn#convert}: the spiking network (a {@link MultiLayerNetwork} for a
 * MultiLayerNetwork ANN, a {@link ComputationGraph} for a graph) and the scale of every converted ReLU.
 */
public final class SnnConversion {
    private final Model network;
    private final List<LayerScale> scales;
    private final int steps;
    private final long calibrationSamples;
    private final MultiLayerNetwork foldedAnn;
    private final AnnToSnn converter;

    SnnConversion(Model network, List<LayerScale> scales, int steps, long calibrationSamples,
                  MultiLayerNetwork foldedAnn, AnnToSnn converter) {
        this.network = network;
        this.scales = List.copyOf(scales);
        this.steps = steps;
        this.calibrationSamples = calibrationSamples;
        this.foldedAnn = foldedAnn;
        this.converter = converter;
    }

    /** The spiking network of a converted MultiLayerNetwork. */
    public MultiLayerNetwork network() {
        if (!(network instanceof MultiLayerNetwork m)) {
            throw new IllegalStateException("SnnConversion: the ANN was a ComputationGraph; use graph()");
        }
        return m;
    }

    /** The spiking network of a converted ComputationGraph. */
    public ComputationGraph graph() {
        if (!(network instanceof ComputationGraph g)) {
            throw new IllegalStateException("SnnConversion: the ANN was a MultiLayerNetwork; use network()");
        }
        return g;
    }

    /** The spiking network, whichever kind. */
    public Model model() {
        return network;
    }

    /** lambda of every converted ReLU, in forward order. */
    public List<LayerScale> scales() {
        return scales;
    }

    /** T of the network. */
    public int steps() {
        return steps;
    }

    /** Samples the scales were calibrated on. */
    public long calibrationSamples() {
        return calibrationSamples;
    }

    /**
     * The ANN after batch-norm folding as a plain DL4J network (ReLUs as separate {@code ActivationLayer}s, no
     * softmax): the network the scales were calibrated on; its output is the ANN's logits.
     */
    public MultiLayerNetwork foldedAnn() {
        return foldedAnn;
    }

    /** The converter's settings. */
    public AnnToSnn converter() {
        return converter;
    }

    /** {@link AnnToSnn#evaluate}: accuracy after each T from one run, and firing rates. */
    public SpikingAccuracy evaluate(DataSetIterator data, int... steps) {
        return AnnToSnn.evaluate(network, data, steps);
    }

    @Override
    public String toString() {
        return "SnnConversion(" + converter + ", " + scales + ")";
    }
}
