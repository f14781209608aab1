package org.dl4j.snn.layers.internal.params;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.dl4j.snn.layers.SpikingNeuron;
import org.dl4j.snn.neuron.internal.LearnableParam;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameters of {@link SpikingNeuron}: only the neuron's learnable ones ("tauW", "theta", "v0", in
 * {@link LearnableParam#of(NeuronConfig)} order), bias-like, of length 1 / C / C*S by scope.
 */
public final class SpikingNeuronParamInitializer implements ParamInitializer {
    private static final SpikingNeuronParamInitializer INSTANCE = new SpikingNeuronParamInitializer();

    public static SpikingNeuronParamInitializer getInstance() {
        return INSTANCE;
    }

    private static SpikingNeuron conf(Layer l) {
        return (SpikingNeuron) l;
    }

    private static NeuronParamViews neuron(SpikingNeuron c) {
        return new NeuronParamViews(LearnableParam.of(c.getNeuron()), Math.toIntExact(c.getNIn()),
                Math.toIntExact(c.getSpatial()));
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        SpikingNeuron c = conf(layer);
        return neuron(c).length();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return biasKeys(layer);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return NeuronParamViews.names(conf(layer).getNeuron());
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return false;
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return biasKeys(layer).contains(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        SpikingNeuron c = conf(conf.getLayer());
        Map<String, INDArray> params = slices(c, paramsView);
        if (initializeParams) {
            neuron(c).initialise(params);
        }
        return NeuronParamViews.registered(conf, params);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return slices(conf(conf.getLayer()), gradientView);
    }

    private static Map<String, INDArray> slices(SpikingNeuron c, INDArray flat) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        if (flat == null || flat.isEmpty()) {
            return out;
        }
        neuron(c).slice(flat.reshape(flat.length()), 0, out);
        return out;
    }
}
