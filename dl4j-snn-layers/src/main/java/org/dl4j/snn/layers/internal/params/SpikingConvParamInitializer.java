package org.dl4j.snn.layers.internal.params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.dl4j.snn.layers.SpikingConv;
import org.dl4j.snn.neuron.internal.LearnableParam;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of {@link SpikingConv}: "W" [nOut, nIn, kH, kW] (C order, fan-in nIn*kH*kW, fan-out nOut*kH*kW as DL4J's
 * ConvolutionLayer), "b" [nOut] when the layer has a bias, then the neuron's learnable parameters; a neuron parameter
 * of scope LAYER / CHANNEL / NEURON has length 1 / nOut / nOut*H'*W'. All but W are bias-like.
 */
public final class SpikingConvParamInitializer implements ParamInitializer {
    public static final String WEIGHT_KEY = "W";
    public static final String BIAS_KEY = "b";
    private static final SpikingConvParamInitializer INSTANCE = new SpikingConvParamInitializer();

    public static SpikingConvParamInitializer getInstance() {
        return INSTANCE;
    }

    private static SpikingConv conf(Layer l) {
        return (SpikingConv) l;
    }

    private static int spatial(SpikingConv c) {
        return Math.toIntExact(c.outputHeight() * c.outputWidth());
    }

    private static NeuronParamViews neuron(SpikingConv c) {
        return new NeuronParamViews(LearnableParam.of(c.getNeuron()), Math.toIntExact(c.getNOut()),
                Math.max(1, spatial(c)));
    }

    private static long weightLength(SpikingConv c) {
        int[] k = c.getKernelSize();
        return c.getNOut() * c.getNIn() * k[0] * k[1];
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer l) {
        SpikingConv c = conf(l);
        return weightLength(c) + (c.hasBias() ? c.getNOut() : 0) + neuron(c).length();
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
        SpikingConv c = conf(conf.getLayer());
        long total = numParams(c);
        if (paramsView.length() != total) {
            throw new IllegalStateException("SpikingConv(" + c.getLayerName() + "): expected a parameter view of length "
                    + total + ", got " + paramsView.length());
        }
        Map<String, INDArray> params = slices(c, paramsView);
        if (initializeParams) {
            int[] k = c.getKernelSize();
            double fanIn = (double) c.getNIn() * k[0] * k[1];
            double fanOut = (double) c.getNOut() * k[0] * k[1];
            IWeightInit init = c.getWeightInitFn() == null ? new WeightInitXavier() : c.getWeightInitFn();
            INDArray w = params.get(WEIGHT_KEY);
            init.init(fanIn, fanOut, w.shape(), 'c', w);
            if (c.hasBias()) {
                params.get(BIAS_KEY).assign(c.getBiasInit());
            }
            neuron(c).initialise(params);
        }
        return NeuronParamViews.registered(conf, params);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return slices(conf(conf.getLayer()), gradientView);
    }

    private static Map<String, INDArray> slices(SpikingConv c, INDArray flat) {
        INDArray v = flat.reshape(flat.length());
        int[] k = c.getKernelSize();
        Map<String, INDArray> out = new LinkedHashMap<>();
        long n = weightLength(c);
        out.put(WEIGHT_KEY, v.get(NDArrayIndex.interval(0, n)).reshape('c', c.getNOut(), c.getNIn(), k[0], k[1]));
        long offset = n;
        if (c.hasBias()) {
            out.put(BIAS_KEY, v.get(NDArrayIndex.interval(offset, offset + c.getNOut())));
            offset += c.getNOut();
        }
        neuron(c).slice(v, offset, out);
        return out;
    }
}
