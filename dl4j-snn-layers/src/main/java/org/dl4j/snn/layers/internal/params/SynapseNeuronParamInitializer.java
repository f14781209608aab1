package org.dl4j.snn.layers.internal.params;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.dl4j.snn.layers.NeuronLayer;
import org.dl4j.snn.layers.SpikingNeuron;
import org.dl4j.snn.layers.SynapseLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one parameter initialiser of the layers built from a synapse and a neuron ({@link SynapseLayer}s:
 * SpikingDense, SpikingConv, TimeConv, LeakyIntegratorReadout; and {@link SpikingNeuron}, a neuron alone): the
 * synapse's parameters, then the neuron's, in one flat view,
 * <pre>
 *   [ W | b? | tauW? | theta? | v0? ]
 * </pre>
 * "W" a weight ({@link SynapseParams}: dense [nIn, nOut] f order, conv [nOut, nIn, kH, kW] c order), everything else
 * bias-like (no weight decay unless the bias regularisation says so). A neuron parameter of scope LAYER / CHANNEL /
 * NEURON has length 1 / C / C*S ({@link NeuronParams}), with C the synapse's output channels and S its output
 * positions per channel (1 for dense; for a neuron alone, the channels and positions of its input). The names and the
 * layout are those of saved models: they must not change.
 */
public final class SynapseNeuronParamInitializer implements ParamInitializer {
    public static final String WEIGHT_KEY = "W";
    public static final String BIAS_KEY = "b";
    private static final SynapseNeuronParamInitializer INSTANCE = new SynapseNeuronParamInitializer();

    public static SynapseNeuronParamInitializer getInstance() {
        return INSTANCE;
    }

    /** The parts of a layer's parameters. */
    private record Parts(SynapseParams synapse, NeuronParams neuron) {
        long length() {
            return synapse.length() + neuron.length();
        }
    }

    private static Parts parts(Layer layer) {
        if (layer instanceof SynapseLayer<?> s) {
            // Parameters of the neurons after the synapse: one per output channel and position.
            NeuronParams neuron = layer instanceof NeuronLayer n
                    ? NeuronParams.of(n.getNeuron(), s.getNOut(), s.getSynapse().outputPositions())
                    : NeuronParams.NONE;
            return new Parts(SynapseParams.of(s.getSynapse(), s.getNIn(), s.getNOut()), neuron);
        }
        SpikingNeuron n = (SpikingNeuron) layer;
        return new Parts(SynapseParams.NONE, NeuronParams.of(n.getNeuron(), n.getNIn(), n.getSpatial()));
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return parts(layer).length();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        List<String> keys = new ArrayList<>(weightKeys(layer));
        keys.addAll(biasKeys(layer));
        return keys;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return parts(layer).synapse().weightKeys();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        Parts p = parts(layer);
        List<String> keys = new ArrayList<>(p.synapse().biasKeys());
        keys.addAll(p.neuron().names());
        return keys;
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return weightKeys(layer).contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return biasKeys(layer).contains(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Layer layer = conf.getLayer();
        Parts p = parts(layer);
        if (paramsView != null && paramsView.length() != p.length()) {
            throw new IllegalStateException(layer.getClass().getSimpleName() + "(" + layer.getLayerName()
                    + "): expected a parameter view of length " + p.length() + ", got " + paramsView.length());
        }
        Map<String, INDArray> params = slices(p, paramsView);
        if (initializeParams) {
            p.synapse().initialise((FeedForwardLayer) layer, params);
            // Drawn also without learnable neuron parameters, so that a seed gives every layer after this one the
            // values it always got.
            p.neuron().initialise(params);
        }
        for (String key : params.keySet()) {
            conf.addVariable(key);
        }
        return Collections.synchronizedMap(params);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return slices(parts(conf.getLayer()), gradientView);
    }

    /** The named views of a flat vector: the synapse's, then the neuron's. */
    private static Map<String, INDArray> slices(Parts p, INDArray flat) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        if (flat == null || flat.isEmpty()) {
            return out;
        }
        INDArray v = flat.reshape(flat.length());
        long offset = p.synapse().slice(v, out);
        p.neuron().slice(v, offset, out);
        return out;
    }
}
