package org.dl4j.snn.layers.internal.params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.neuron.internal.LearnableParam;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of {@link SpikingDense}: DL4J's dense "W" [nIn, nOut] and "b" [nOut] (when the layer has a bias), then
 * the neuron's learnable parameters in {@link LearnableParam#of(NeuronConfig)} order.
 * Flat layout {@code [W (f order) | b? | tauW? | theta? | v0?]}; a neuron parameter of scope LAYER / CHANNEL / NEURON
 * has length 1 / nOut / nOut (one channel per output neuron); all but W are bias-like (no weight decay).
 */
public final class SpikingDenseParamInitializer extends DefaultParamInitializer {
    private static final SpikingDenseParamInitializer INSTANCE = new SpikingDenseParamInitializer();

    public static SpikingDenseParamInitializer getInstance() {
        return INSTANCE;
    }

    private static SpikingDense conf(Layer l) {
        return (SpikingDense) l;
    }

    private static NeuronParamViews neuron(SpikingDense l) {
        return new NeuronParamViews(LearnableParam.of(l.getNeuron()), Math.toIntExact(l.getNOut()), 1);
    }

    @Override
    public long numParams(Layer l) {
        SpikingDense c = conf(l);
        return c.getNIn() * c.getNOut() + (c.hasBias() ? c.getNOut() : 0) + neuron(c).length();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        List<String> keys = new ArrayList<>();
        keys.add(WEIGHT_KEY);
        keys.addAll(biasKeys(layer));
        return keys;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return NeuronParamViews.biasKeys(conf(layer).hasBias(), conf(layer).getNeuron());
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return biasKeys(layer).contains(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        SpikingDense c = conf(conf.getLayer());
        long total = numParams(c);
        if (paramsView.length() != total) {
            throw new IllegalStateException(c.getClass().getSimpleName() + ": expected a parameter view of length "
                    + total + ", got " + paramsView.length());
        }
        Map<String, INDArray> views = slices(c, paramsView);
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put(WEIGHT_KEY, createWeightMatrix(conf, views.get(WEIGHT_KEY), initializeParams));
        if (c.hasBias()) {
            params.put(BIAS_KEY, createBias(conf, views.get(BIAS_KEY), initializeParams));
        }
        for (String name : NeuronParamViews.names(c.getNeuron())) {
            params.put(name, views.get(name));
        }
        if (initializeParams) {
            neuron(c).initialise(params);
        }
        return NeuronParamViews.registered(conf, params);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return slices(conf(conf.getLayer()), gradientView);
    }

    /** The named slices of a flat view: W as [nIn, nOut] in f order (DL4J's convention), the others as vectors. */
    private static Map<String, INDArray> slices(SpikingDense c, INDArray flat) {
        INDArray v = flat.reshape(flat.length());
        long nIn = c.getNIn();
        long nOut = c.getNOut();
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(WEIGHT_KEY, v.get(NDArrayIndex.interval(0, nIn * nOut)).reshape('f', nIn, nOut));
        long offset = nIn * nOut;
        if (c.hasBias()) {
            out.put(BIAS_KEY, v.get(NDArrayIndex.interval(offset, offset + nOut)));
            offset += nOut;
        }
        neuron(c).slice(v, offset, out);
        return out;
    }
}
