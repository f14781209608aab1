package org.dl4j.snn.layers;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer configuration that can write itself into a SameDiff graph, as DL4J's {@code SameDiffLayer.defineLayer}:
 * what {@link org.dl4j.snn.layers.internal.samediff.SameDiffRuntime} needs to run a layer on its
 * {@link org.dl4j.snn.layers.Engine#SAMEDIFF} engine. {@code out = define(input, params)} with the parameters keyed by
 * their names in the layer's parameter table ("W", "b", "tauW", "theta", "v0"), of the same shapes as there.
 */
public interface SameDiffDefinition {

    /**
     * Defines the layer on {@code input}.
     *
     * @param sd                      the graph
     * @param input                   the layer's input
     * @param params                  the layer's parameters by name (every entry of its parameter table)
     * @param inputShape              the input's shape; entry 0 (batch) may be -1, all others must be known (T is
     *                                unrolled)
     * @param smoothForGradientChecks FOR GRADIENT CHECKS ONLY: spike S = g(H - theta) instead of Heaviside (see
     *                                {@link org.dl4j.snn.neuron.internal.NeuronGraph})
     * @return the layer's output
     */
    SDVariable define(SameDiff sd, SDVariable input, Map<String, SDVariable> params, long[] inputShape,
                      boolean smoothForGradientChecks);

    /**
     * Checks an input array before it reaches either engine.
     *
     * @throws IllegalArgumentException naming the layer ({@code who}), the field and the offending value
     */
    void checkInput(INDArray input, String who);
}
