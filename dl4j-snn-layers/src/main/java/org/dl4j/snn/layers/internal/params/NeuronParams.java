package org.dl4j.snn.layers.internal.params;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.internal.LearnableParam;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The neuron part of a layer's parameters: its learnable neuron parameters (tauW, theta, v0) in the flat parameter
 * view, after the synapse's. Each is a vector of {@link LearnableParam#length(int, int)} values (1 / C / C*S by
 * scope), in {@code LearnableParam.of(NeuronConfig)} order; all are bias-like.
 *
 * @param params   the layer's learnable neuron parameters, in order (none for a layer without a neuron)
 * @param channels channels C (output neurons of a dense layer)
 * @param spatial  spatial positions S per channel (1 for a dense layer)
 */
record NeuronParams(List<LearnableParam> params, int channels, int spatial) {

    /** No neuron: no parameters. */
    static final NeuronParams NONE = new NeuronParams(List.of(), 1, 1);

    static NeuronParams of(NeuronConfig neuron, long channels, long spatial) {
        return new NeuronParams(LearnableParam.of(neuron), Math.toIntExact(channels),
                Math.toIntExact(Math.max(1, spatial)));
    }

    /** The parameters' names, in order. */
    List<String> names() {
        List<String> names = new ArrayList<>(params.size());
        for (LearnableParam p : params) {
            names.add(p.name());
        }
        return names;
    }

    /** Total number of values of all neuron parameters. */
    long length() {
        long n = 0;
        for (LearnableParam p : params) {
            n += p.length(channels, spatial);
        }
        return n;
    }

    /** Puts each parameter's slice of the vector {@code flat}, starting at {@code offset}, into {@code out}. */
    void slice(INDArray flat, long offset, Map<String, INDArray> out) {
        for (LearnableParam p : params) {
            int n = p.length(channels, spatial);
            out.put(p.name(), flat.get(NDArrayIndex.interval(offset, offset + n)));
            offset += n;
        }
    }

    /**
     * Assigns fresh initial values to the slices in {@code views}. The jitter comes from a generator seeded by ND4J's
     * (seeded) RNG, drawn once per layer after the layer's weights, so a network seed reproduces every value.
     */
    void initialise(Map<String, INDArray> views) {
        Random rng = new Random(Nd4j.getRandom().nextLong());
        for (LearnableParam p : params) {
            INDArray v = views.get(p.name());
            v.assign(Nd4j.createFromArray(p.initialValues(channels, spatial, rng)).castTo(v.dataType()));
        }
    }
}
