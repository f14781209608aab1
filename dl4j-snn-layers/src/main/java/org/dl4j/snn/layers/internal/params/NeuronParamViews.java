package org.dl4j.snn.layers.internal.params;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.internal.LearnableParam;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The learnable neuron parameters (tauW, theta, v0) of a spiking layer inside its flat parameter view: one layout and
 * one initialisation shared by {@link org.dl4j.snn.layers.SpikingDense}, {@link org.dl4j.snn.layers.SpikingConv} and
 * {@link org.dl4j.snn.layers.SpikingNeuron}. Each parameter is a vector of {@link LearnableParam#length(int, int)}
 * values, in {@code LearnableParam.of(NeuronConfig)} order.
 *
 * @param params   the layer's learnable neuron parameters, in order
 * @param channels channels C (output neurons of a dense layer)
 * @param spatial  spatial positions S per channel (1 for a dense layer)
 */
record NeuronParamViews(List<LearnableParam> params, int channels, int spatial) {

    /** The names of the neuron's learnable parameters, in order (a new, modifiable list; empty for no neuron). */
    static List<String> names(NeuronConfig neuron) {
        List<String> names = new ArrayList<>();
        for (LearnableParam p : LearnableParam.of(neuron)) {
            names.add(p.name());
        }
        return names;
    }

    /** The bias-like keys of a layer: its bias "b" when it has one, then the neuron's learnable parameters. */
    static List<String> biasKeys(boolean hasBias, NeuronConfig neuron) {
        List<String> keys = new ArrayList<>();
        if (hasBias) keys.add(DefaultParamInitializer.BIAS_KEY);
        keys.addAll(names(neuron));
        return keys;
    }

    /** Registers every parameter of {@code params} with the layer's configuration; returns them as DL4J keeps them. */
    static Map<String, INDArray> registered(NeuralNetConfiguration conf, Map<String, INDArray> params) {
        for (String key : params.keySet()) {
            conf.addVariable(key);
        }
        return Collections.synchronizedMap(params);
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
